// `export` round-trips through GDAL and sqlite3, refuses to overwrite without --force, and
// leaves nothing behind when it fails.
#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/geos.hpp"
#include "geo/sqlite.hpp"
#include "layers/export.hpp"
#include "layers/qgis_project.hpp"
#include "layers/styles.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_export_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>
#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

using namespace allseason;

namespace {

// What the small commune's export holds: table → features (test_export_fixture.cpp).
const std::map<std::string, std::int64_t> small_commune_tables{
    {"villages", 2},    {"roads", 5},           {"fords", 2},          {"bridges", 1},
    {"bridges_lines", 1}, {"facilities", 7},    {"households", 0},     {"forest_parcels", 3},
    {"reserve_zones", 2}, {"hazard_zones", 1},  {"waterways", 1},      {"projects", 1},
    {"projects_lines", 1}, {"closed_roads", 2},
};

std::filesystem::path make_small_commune(const test::temp_dir& dir) {
    const auto path = dir / "commune.sqlite";
    test::project_builder b(path);
    test::build_small_commune(b);
    return path;
}

std::string sqlite3_cli(const std::filesystem::path& db, const std::string& sql) {
    auto r = test::run_program("/usr/bin/sqlite3", {db.string(), sql});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::vector<std::string> files_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

TEST_CASE("the export round-trips through GDAL: every table, count, CRS, Vietnamese text",
          "[export]") {
    test::temp_dir dir;
    const auto project_path = make_small_commune(dir);
    auto project = layers::project::open(project_path);
    const auto out = dir / "anlac.gpkg";
    const auto summary = layers::export_geopackage(project, out, {});
    CHECK(summary.path == out);
    // Nothing analysed the project yet (the CLI computes the answers before exporting): the
    // result tables are missing, and the summary says so.
    REQUIRE(summary.notes.size() >= 2);
    CHECK(summary.notes[0].find("allseason cutoff") != std::string::npos);

    auto ds = geo::vector_dataset::open(out);
    CHECK(ds.driver_name() == "GPKG");
    for (const auto& [table, count] : small_commune_tables) {
        INFO(table);
        auto layer = ds.layer(table);
        CHECK(layer.feature_count(true) == count);
        CHECK(layer.crs_authority() == "EPSG:9214");
    }
    // The footbridge (a line) and the bridge (a point) went to two tables of one type each.
    CHECK(ds.layer("bridges").geometry_type_name() == "Point");
    CHECK(ds.layer("bridges_lines").geometry_type_name() == "Line String");
    CHECK(ds.layer("villages").geometry_type_name() == "Multi Polygon");

    // Vietnamese text comes back byte for byte, and fids are the project's.
    auto villages = ds.layer("villages");
    auto f = villages.next_feature();
    REQUIRE(f);
    CHECK(f->fid() == 1);
    CHECK(f->get_text(f->field_index("name")) == "N\xC3\xA0 Tr\xE1\xBA\xAFng"); // Nà Trắng
    auto facilities = ds.layer("facilities");
    std::vector<std::string> names;
    while (auto g = facilities.next_feature()) names.push_back(g->get_text(g->field_index("name")));
    CHECK(std::find(names.begin(), names.end(), "Trường THCS Lê Viễn") != names.end());

    // Closed in the rain: the earth road R5 whole, and 200 m of the gravel R2 under the
    // landslide zone.
    auto closed = ds.layer("closed_roads");
    std::map<std::string, std::string> reasons;
    while (auto g = closed.next_feature()) {
        reasons[g->get_text(g->field_index("code"))] = g->get_text(g->field_index("reason"));
    }
    CHECK(reasons == std::map<std::string, std::string>{{"R2", "hazard"}, {"R5", "surface"}});
    geo::geos_context geos;
    closed.reset_reading();
    while (auto g = closed.next_feature()) {
        const double length = geos.from_wkb(*g->geometry_wkb()).length();
        CHECK(length == Approx(g->get_text(g->field_index("code")) == "R2" ? 200.0 : 100.0));
    }
    // The ford F01 is 0.8 m deep: closed; F02 (0.2 m) open.
    CHECK(sqlite3_cli(out, "SELECT code, closed FROM fords ORDER BY code") == "F01|1\nF02|0\n");
}

TEST_CASE("the closed roads and fords follow the scenario", "[export]") {
    test::temp_dir dir;
    auto project = layers::project::open(make_small_commune(dir));
    // A custom scenario: only the rainy hazard zones close roads; fords close above 1 m.
    project.db().exec("INSERT INTO scenarios (name, ford_depth_m, closed_surfaces, "
                      "hazard_scenario, description) VALUES ('lũ quét', 1.0, '', 'rainy', "
                      "'flash flood')");
    auto codes = [&](const std::filesystem::path& gpkg, const std::string& sql) {
        return sqlite3_cli(gpkg, sql);
    };
    SECTION("dry: nothing is closed") {
        const auto out = dir / "dry.gpkg";
        layers::export_geopackage(project, out, {"dry", "commune_centre", false, {}});
        CHECK(codes(out, "SELECT count(*) FROM closed_roads") == "0\n");
        CHECK(codes(out, "SELECT sum(closed) FROM fords") == "0\n");
        CHECK(codes(out, "SELECT sum(closed) FROM roads") == "0\n");
    }
    SECTION("a custom scenario with hazard zones only") {
        const auto out = dir / "flood.gpkg";
        layers::export_geopackage(project, out, {"lũ quét", "health_station", false, {}});
        CHECK(codes(out, "SELECT code, reason, scenario FROM closed_roads") ==
              "R2|hazard|lũ quét\n");
        CHECK(codes(out, "SELECT sum(closed) FROM fords") == "0\n"); // F01 is 0.8 m < 1 m
        CHECK(codes(out, "SELECT sum(closed) FROM roads") == "0\n");
    }
}

TEST_CASE("the export carries QGIS styles and a QGIS project the way QGIS stores them",
          "[export]") {
    test::temp_dir dir;
    auto project = layers::project::open(make_small_commune(dir));
    const auto out = dir / "commune.gpkg";
    const auto summary = layers::export_geopackage(project, out, {});

    // One default style per spatial table, QML and SLD, for the geom column.
    const auto styled = sqlite3_cli(
        out, "SELECT count(*), count(DISTINCT f_table_name), sum(useAsDefault), "
             "sum(styleQML LIKE '<!DOCTYPE qgis%'), sum(styleSLD LIKE '<?xml%StyledLayerDescriptor%'),"
             " sum(f_geometry_column = 'geom') FROM layer_styles");
    const auto spatial = std::count_if(summary.layers.begin(), summary.layers.end(),
                                       [](const auto& l) { return l.geometry_type != "None"; });
    CHECK(styled == fmt::format("{0}|{0}|{0}|{0}|{0}|{0}\n", spatial));
    CHECK(sqlite3_cli(out, "SELECT styleQML LIKE '%categorizedSymbol%cutoff_status%' FROM "
                           "layer_styles WHERE f_table_name = 'villages'") == "1\n");
    CHECK(sqlite3_cli(out, "SELECT styleQML LIKE '%b_diagonal%' FROM layer_styles WHERE "
                           "f_table_name = 'reserve_zones'") == "1\n");
    // layer_styles is a registered attributes table, as QGIS makes it.
    CHECK(sqlite3_cli(out, "SELECT data_type FROM gpkg_contents WHERE table_name = "
                           "'layer_styles'") == "attributes\n");

    // qgis_projects: QGIS's schema; content = the zipped project as hex text ("PK\3\4").
    CHECK(sqlite3_cli(out, "SELECT sql FROM sqlite_master WHERE name = 'qgis_projects'") ==
          "CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB)\n");
    CHECK(sqlite3_cli(out, "SELECT name, substr(content, 1, 8), json_valid(metadata) FROM "
                           "qgis_projects") == "An Lạc thử nghiệm|504b0304|1\n");
}

TEST_CASE("the project document references every table relative to the GeoPackage",
          "[export]") {
    layers::qgis_project_spec spec;
    spec.name = "An Lạc";
    spec.title = "An Lạc — rainy";
    spec.gpkg_file_name = "anlac.gpkg";
    spec.crs_authid = "EPSG:9214";
    spec.layers.push_back({"roads", "Đường / roads", "LineString", true,
                           layers::styles::style_for("roads", "roads",
                                                     layers::styles::symbol_kind::line, {}),
                           {}});
    spec.layers.push_back({"cutoff_villages", "Kết quả", "MultiPolygon", false,
                           layers::styles::style_for("cutoff_villages", "cutoff_villages",
                                                     layers::styles::symbol_kind::fill, {}),
                           {}});
    const auto qgs = layers::qgs_document(spec);
    CHECK(qgs.find("<datasource>./anlac.gpkg|layername=roads</datasource>") != std::string::npos);
    CHECK(qgs.find(R"(checked="Qt::Unchecked")") != std::string::npos);
    CHECK(qgs.find("<authid>EPSG:9214</authid>") != std::string::npos);
    // Roads: the closed ones dashed red over the surface colours.
    CHECK(qgs.find(R"(filter="&quot;closed&quot; = 1")") != std::string::npos);
    CHECK(qgs.find(R"(<Option type="QString" name="line_style" value="dash"/>)") !=
          std::string::npos);
    const auto zip = layers::qgz_archive(spec);
    CHECK(zip.rfind("PK\x03\x04", 0) == 0);
}

TEST_CASE("the SLD of a style names the same rules as its QML", "[export]") {
    const auto style = layers::styles::style_for("fords", "fords",
                                                 layers::styles::symbol_kind::marker, {});
    const auto sld = layers::styles::to_sld(style);
    CHECK(sld.find("<ogc:PropertyIsEqualTo><ogc:PropertyName>closed</ogc:PropertyName>"
                   "<ogc:Literal>1</ogc:Literal></ogc:PropertyIsEqualTo>") != std::string::npos);
    CHECK(sld.find("<se:ElseFilter/>") != std::string::npos);
    CHECK(sld.find("<se:WellKnownName>triangle</se:WellKnownName>") != std::string::npos);
    const auto qml = layers::styles::to_qml(style);
    CHECK(qml.find(R"(filter="ELSE")") != std::string::npos);
    CHECK(layers::styles::qgis_expression(
              {{"surface", layers::styles::comparison_op::in, {"earth", "l'x"}, false}}) ==
          R"("surface" IN ('earth', 'l''x'))");
}

TEST_CASE("export refuses to overwrite without --force", "[export][cli]") {
    test::temp_dir dir;
    const auto project = make_small_commune(dir);
    const auto out = dir / "anlac.gpkg";
    test::write_file(out, "not yet a GeoPackage");
    auto r = test::run_allseason({"export", project.string(), out.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--force") != std::string::npos);
    CHECK(test::read_file(out) == "not yet a GeoPackage");

    r = test::run_allseason({"export", project.string(), out.string(), "--force"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("villages") != std::string::npos);
    CHECK(test::read_file(out).rfind("SQLite format 3", 0) == 0);
    CHECK(files_in(dir.path()) == std::vector<std::string>{"anlac.gpkg", "commune.sqlite"});

    // The CLI computed the scenario's answers and stored them: Nà Trắng is cut off in the
    // rain (F01 and the earth R5), Khe Đin has no road.
    CHECK(sqlite3_cli(out, "SELECT village_code, cutoff_status FROM cutoff_villages ORDER BY 1") ==
          "KD|no_road\nNT|cut_off\n");
    CHECK(sqlite3_cli(out, "SELECT code, cutoff_status FROM villages ORDER BY 1") ==
          "KD|no_road\nNT|cut_off\n");
    // It ranked the two projects too (with `rank`), and the projects carry their rank.
    CHECK(sqlite3_cli(out, "SELECT group_concat(rank) FROM (SELECT rank FROM projects UNION ALL "
                           "SELECT rank FROM projects_lines ORDER BY rank)") == "1,2\n");
    CHECK(sqlite3_cli(out, "SELECT count(*) FROM (SELECT code, rank FROM projects UNION ALL "
                           "SELECT code, rank FROM projects_lines) p JOIN (SELECT code, rank "
                           "FROM project_ranking UNION ALL SELECT code, rank FROM "
                           "project_ranking_lines) k USING (code, rank)") == "2\n");

    // An unknown scenario or destination is a usage error and writes nothing.
    r = test::run_allseason({"export", project.string(), (dir / "x.gpkg").string(),
                             "--scenario", "monsoon"});
    CHECK(r.exit_code == 2);
    r = test::run_allseason({"export", project.string(), (dir / "x.gpkg").string(), "--to",
                             "pagoda"});
    CHECK(r.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "x.gpkg"));
}

TEST_CASE("a failed export leaves no file behind", "[export][cli]") {
    test::temp_dir dir;
    const auto project = make_small_commune(dir);

    SECTION("the folder does not exist") {
        auto r = test::run_allseason({"export", project.string(),
                                      (dir / "nowhere" / "anlac.gpkg").string()});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("does not exist") != std::string::npos);
    }
    SECTION("the disk fills up half-way through the GeoPackage") {
        // A file-size limit of 96 KiB with SIGXFSZ ignored, so that writes past it fail with
        // EFBIG as on a full disk: SQLite fails in the middle of writing the GeoPackage.
        auto p = layers::project::open(project, false);
        const auto out = dir / "anlac.gpkg";
        rlimit old_limit{};
        REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
        const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old_limit;
        small.rlim_cur = 96 * 1024;
        REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
        std::string message;
        try {
            layers::export_geopackage(p, out, {});
        } catch (const io_error& e) {
            message = e.what();
        }
        ::setrlimit(RLIMIT_FSIZE, &old_limit);
        std::signal(SIGXFSZ, old_handler);
        CHECK(message.find("anlac.gpkg") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(out));
    }
    if (::geteuid() != 0) {
        SECTION("the folder is not writable") {
            const auto locked = dir / "locked";
            std::filesystem::create_directory(locked);
            std::filesystem::permissions(locked, std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_exec);
            auto r = test::run_allseason({"export", project.string(),
                                          (locked / "anlac.gpkg").string()});
            CHECK(r.exit_code == 1);
            CHECK(files_in(locked).empty());
            std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
        }
    }
    // Nothing but the project remains: no GeoPackage, no hidden temporary file, no journal.
    CHECK(files_in(dir.path()) == std::vector<std::string>{"commune.sqlite"});
}

TEST_CASE("the export passes GDAL's GeoPackage validator and ogrinfo reads every table",
          "[export]") {
    test::temp_dir dir;
    const auto project = make_small_commune(dir);
    const auto out = dir / "anlac.gpkg";
    REQUIRE(test::run_allseason({"export", project.string(), out.string()}).exit_code == 0);
    for (const auto& [table, count] : small_commune_tables) {
        INFO(table);
        auto r = test::run_program("/usr/bin/ogrinfo", {"-ro", "-so", out.string(), table});
        CHECK(r.exit_code == 0);
        CHECK(r.out.find(fmt::format("Feature Count: {}", count)) != std::string::npos);
    }
    const std::string validator =
        "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
    if (!std::filesystem::exists(validator)) {
        WARN("GDAL's validate_gpkg.py is not installed (Debian package python3-gdal): the "
             "GeoPackage validation is skipped");
        return;
    }
    auto r = test::run_program("/usr/bin/python3", {validator, out.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("a project the analyses cannot answer still exports, with notes", "[export][cli]") {
    test::temp_dir dir;
    const auto project = dir / "bare.sqlite";
    {
        // Two villages and one road, but no commune centre: no cut-off can be computed.
        test::project_builder b(project);
        b.road("R1", "village_axis", "concrete", test::segment(480000, 2350000, 481000, 2350000))
            .village("NT", "Nà Trắng", 100, 400, 5, 4,
                     test::box(479800, 2350100, 480200, 2350500));
    }
    const auto out = dir / "bare.gpkg";
    auto r = test::run_allseason({"export", project.string(), out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("note: the analyses could not run") != std::string::npos);
    CHECK(r.err.find("commune_centre") != std::string::npos);
    // The source layers are there; the villages are "not analysed" (null status).
    CHECK(sqlite3_cli(out, "SELECT code, quote(cutoff_status) FROM villages") == "NT|NULL\n");
    CHECK(sqlite3_cli(out, "SELECT count(*) FROM roads") == "1\n");
}
