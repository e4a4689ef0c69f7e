// `allseason terrain` end to end on a synthetic V-shaped valley (EPSG:32648, 30 m cells) that
// a road crosses at a ford: the ford gets its catchment and GFPLAIN depth, the axis floods,
// the steep valley sides beside the road become landslide zones, reruns replace only the
// terrain's rows, and bad or misplaced DEMs change nothing.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "terrain/dem_files.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace allseason;
using test::run_allseason;

namespace {

constexpr int width = 80, height = 80, mid = 40;
constexpr double cell = 30, x0 = -600, y0 = 1800;
constexpr double side = 25, fall = 0.5; // 25 m a cell across the valley: 39.8° sides

double centre_x(int col) {
    return x0 + (col + 0.5) * cell;
}
double centre_y(int row) {
    return y0 - (row + 0.5) * cell;
}
constexpr int road_row = 40;

void write_valley(const std::filesystem::path& path, double shift_x = 0) {
    const auto g = test::make_grid(width, height, cell, x0 + shift_x, y0, [](int col, int row) {
        return 400 + side * std::abs(col - mid) + fall * row;
    });
    test::write_geotiff(path, g);
}

// The commune centre west of the valley, Nà Cốc east of it; the road crosses the axis at F1.
std::filesystem::path make_commune(const test::temp_dir& dir) {
    const auto path = dir / "na-coc.sqlite";
    test::map_project p(path, test::ascii_map("A"));
    const double y = centre_y(road_row);
    p.road_points("R1", {{-300, y}, {centre_x(mid), y}, {1500, y}}, "asphalt", "inter_commune");
    p.ford("F1", {centre_x(mid), y}, 0);
    p.facility("UBND", "commune_centre", {-300, y});
    p.village("NC", "Nà Cốc", 80, {1500, y + 100}, geo::xy{1500, y});
    p.hazard("flood", test::box_wkt(-300, y - 50, -250, y + 50)); // surveyed: never replaced
    p.project().db().exec("UPDATE fords SET flood_depth_m = NULL");
    return path;
}

nlohmann::json run_json(const std::vector<std::string>& args) {
    const auto r = run_allseason(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

std::string query(const std::filesystem::path& path, const std::string& sql) {
    auto project = layers::project::open(path, false);
    auto stmt = project.db().prepare(sql);
    std::string out;
    while (stmt.step()) {
        for (int c = 0; c < stmt.column_count(); ++c)
            out += (c ? "|" : "") + (stmt.is_null(c) ? std::string("NULL") : stmt.get_text(c));
        out += "\n";
    }
    return out;
}

// Everything a failed run must leave as it was.
std::string state_of(const std::filesystem::path& path) {
    return query(path,
                 "SELECT kind, scenario, source, AsText(geom) FROM hazard_zones ORDER BY fid") +
           query(path, "SELECT code, flood_depth_estimated_m, catchment_km2 FROM fords") +
           query(path, "SELECT name, hazard_scenario FROM scenarios ORDER BY name") +
           query(path, "SELECT count(*) FROM waterways") +
           query(path, "SELECT key, value FROM allseason_metadata ORDER BY key");
}

} // namespace

TEST_CASE("terrain: the ford's catchment and depth, valid zones, scenarios", "[terrain][cli]") {
    test::temp_dir dir;
    const auto project = make_commune(dir);
    write_valley(dir / "valley.tif");
    const auto j =
        run_json({"terrain", project.string(), (dir / "valley.tif").string(), "--format", "json"});
    CHECK(j["dem"] == "valley.tif");
    CHECK(j["resolution_m"].get<double>() == Approx(cell));
    CHECK(j["fords_estimated"] == 1);
    CHECK(j["flood_zones"] == 1);
    CHECK(j["landslide_zones"] == 2); // the two sides, split by the gentle axis
    CHECK(j["scenarios_created"] == nlohmann::json::parse(R"(["flood", "landslide"])"));

    // Within max(25 m, 1.5 × 30 m) of F1 the largest area is the axis cell just downstream
    // (north): the rows below it, each sending its width − 2 inner cells.
    const double area_m2 = (height - 1 - (road_row - 1)) * (width - 2) * cell * cell;
    const auto ford = query(project, "SELECT catchment_km2, flood_depth_estimated_m, "
                                     "flood_depth_m FROM fords");
    const double km2 = std::stod(ford.substr(0, ford.find('|')));
    const double depth = std::stod(ford.substr(ford.find('|') + 1));
    CHECK(km2 == Approx(area_m2 / 1e6));
    CHECK(depth == Approx(0.01 * std::pow(area_m2, 0.30)));
    CHECK_THAT(ford, Catch::EndsWith("|NULL\n"));

    CHECK(query(project, "SELECT count(*), sum(IsValid(geom)), min(GeometryType(geom)) FROM "
                         "hazard_zones WHERE source = 'terrain'") == "3|3|MULTIPOLYGON\n");
    CHECK(query(project,
                "SELECT name, hazard_scenario FROM scenarios WHERE name IN ('flood', "
                "'landslide') ORDER BY name") == "flood|rainy,flood\nlandslide|rainy,landslide\n");
    // The flood zone is the valley's axis: it covers the ford.
    CHECK(query(project, "SELECT count(*) FROM hazard_zones z, fords f WHERE z.source = "
                         "'terrain' AND z.kind = 'flood' AND Contains(z.geom, f.geom)") == "1\n");
    CHECK(query(project, "SELECT value FROM allseason_metadata WHERE key = 'terrain_dem'") ==
          "valley.tif\n");

    // rainy judges F1 by its estimate (0.86 m > 0.3 m) and says so.
    const auto cutoff = run_json({"cutoff", project.string(), "--format", "json"});
    CHECK(cutoff["villages"][0]["reachable"] == false);
    CHECK(cutoff["villages"][0]["blocked_by"][0]["depth"] == "estimated");
    // A measured depth wins over the estimate.
    {
        auto p = layers::project::open(project, true);
        p.db().exec("UPDATE fords SET flood_depth_m = 0.1");
    }
    CHECK(run_json({"cutoff", project.string(), "--format", "json"})["villages"][0]["reachable"] ==
          true);
    // ... and the flood scenario still closes the road in the terrain's flood zone.
    CHECK(run_json({"cutoff", project.string(), "--scenario", "flood", "--format",
                    "json"})["villages"][0]["reachable"] == false);

    SECTION("a rerun replaces only the terrain's rows") {
        const auto before = query(project, "SELECT kind, scenario, source, AsText(geom) FROM "
                                           "hazard_zones ORDER BY kind, source");
        const auto again = run_json(
            {"terrain", project.string(), (dir / "valley.tif").string(), "--format", "json"});
        CHECK(again["scenarios_created"].empty());
        CHECK(query(project, "SELECT kind, scenario, source, AsText(geom) FROM hazard_zones "
                             "ORDER BY kind, source") == before);
        CHECK(query(project, "SELECT count(*) FROM hazard_zones WHERE source = 'surveyed'") ==
              "1\n");
    }
    SECTION("the table names the DEM and what was written") {
        const auto r = run_allseason({"terrain", project.string(), (dir / "valley.tif").string()});
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("valley.tif") && Catch::Contains("30.0 m") &&
                              Catch::Contains("1 of 1"));
        CHECK(r.err.empty()); // progress only on a terminal
    }
}

TEST_CASE("terrain --add-streams: derived streams where nothing is mapped, replaced on reruns",
          "[terrain][cli]") {
    test::temp_dir dir;
    const auto project = make_commune(dir);
    write_valley(dir / "valley.tif");
    {
        // Suối Cốc is mapped along the northern part of the axis only.
        test::map_project p(project, test::ascii_map("A"));
        p.waterway_points("Suối Cốc", {{centre_x(mid), 1000}, {centre_x(mid), 1500}});
    }
    const auto dem = (dir / "valley.tif").string();
    auto j = run_json({"terrain", project.string(), dem, "--add-streams", "--format", "json"});
    CHECK(j["streams_added"].get<int>() >= 1);
    const auto derived = query(project, "SELECT count(*) FROM waterways WHERE derived = 1");
    CHECK(derived == std::to_string(j["streams_added"].get<int>()) + "\n");
    // None of them within 50 m of the mapped stream (vertices are cell centres).
    const auto nearest = query(project, "SELECT min(Distance(d.geom, w.geom)) FROM waterways d, "
                                        "waterways w WHERE d.derived = 1 AND w.derived = 0");
    CHECK(std::stod(nearest) > 50);
    // A rerun without --add-streams leaves them; with it they are replaced, not doubled.
    run_json({"terrain", project.string(), dem, "--format", "json"});
    CHECK(query(project, "SELECT count(*) FROM waterways WHERE derived = 1") == derived);
    run_json({"terrain", project.string(), dem, "--add-streams", "--format", "json"});
    CHECK(query(project, "SELECT count(*) FROM waterways WHERE derived = 1") == derived);
    CHECK(query(project, "SELECT count(*) FROM waterways WHERE derived = 0") == "1\n");
}

TEST_CASE("terrain refuses a bad or misplaced DEM and changes nothing", "[terrain][cli]") {
    test::temp_dir dir;
    const auto project = make_commune(dir);
    const auto before = state_of(project);
    SECTION("not a raster") {
        test::write_file(dir / "dem.tif", "không phải ảnh\n");
        const auto r = run_allseason({"terrain", project.string(), (dir / "dem.tif").string()});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("dem.tif") && Catch::Contains("cannot read"));
    }
    SECTION("beside the roads") {
        write_valley(dir / "east.tif", 1500); // covers x from 900 m: the road starts at −300 m
        const auto r = run_allseason({"terrain", project.string(), (dir / "east.tif").string()});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("east.tif") && Catch::Contains("does not cover") &&
                              Catch::Contains("% of the road length") &&
                              Catch::Contains("nothing was changed"));
    }
    SECTION("a bad option") {
        write_valley(dir / "valley.tif");
        const auto r = run_allseason(
            {"terrain", project.string(), (dir / "valley.tif").string(), "--stream-area-km2", "0"});
        CHECK(r.exit_code == 2);
    }
    CHECK(state_of(project) == before);
}

TEST_CASE("terrain's estimates and zones are seen in answers, the map, the report and the export",
          "[terrain][cli]") {
    test::temp_dir dir;
    const auto project = make_commune(dir);
    write_valley(dir / "valley.tif");
    run_json({"terrain", project.string(), (dir / "valley.tif").string(), "--format", "json"});

    const auto table = run_allseason({"cutoff", project.string()});
    CHECK_THAT(table.out, Catch::Contains("F1 (depth estimated from terrain)"));

    // The map of the flood scenario: the hatched terrain zones have their own legend row, and
    // the sources line names the DEM and its resolution.
    const auto map =
        run_allseason({"map", project.string(), (dir / "map.pdf").string(), "--scenario", "flood"});
    INFO(map.err);
    REQUIRE(map.exit_code == 0);
    const auto text = test::run_program("/usr/bin/pdftotext", {(dir / "map.pdf").string(), "-"});
    CHECK_THAT(text.out, Catch::Contains("ước tính từ địa hình") &&
                             Catch::Contains("DEM valley.tif (30.0 m)"));

    for (const auto& [lang, words] : {std::pair<std::string, std::string>{"vi", "0,01 × A^0,30"},
                                      std::pair<std::string, std::string>{"en", "0.01 × A^0.30"}}) {
        const auto out = dir / ("report-" + lang + ".html");
        const auto r = run_allseason({"report", project.string(), out.string(), "--lang", lang});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        const auto html = test::read_file(out);
        CHECK_THAT(html, Catch::Contains(words) && Catch::Contains("valley.tif") &&
                             Catch::Contains("35°") && Catch::Contains("0.5 km²"));
    }

    const auto gpkg = dir / "out.gpkg";
    const auto e = run_allseason({"export", project.string(), gpkg.string()});
    INFO(e.err);
    REQUIRE(e.exit_code == 0);
    const auto info = test::run_program("/usr/bin/ogrinfo",
                                        {"-ro", "-q", gpkg.string(), "-sql",
                                         "SELECT catchment_km2, flood_depth_estimated_m FROM fords "
                                         "UNION ALL SELECT count(*), NULL FROM hazard_zones WHERE "
                                         "source = 'terrain'"});
    CHECK_THAT(info.out,
               Catch::Contains("catchment_km2") && Catch::Contains("flood_depth_estimated_m"));
    CHECK_THAT(info.out, Catch::Contains("catchment_km2 (Real) = 2.808"));
}
