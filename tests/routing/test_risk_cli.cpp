// `allseason risk` end to end: the contract's json, csv, the table's summary, risk_results in the
// project, usage errors that change nothing.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include "geo/sqlite.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace allseason;
using test::run_allseason;

namespace {

// The three routes of test_risk.cpp (shortest R1: a 90 d, b 5 d; fewest closures R2: c 45 d;
// bottleneck R3: e 10 d, f 20 d (0.2 m deep)), Khe Đá behind an earth spur, Bản Xa off the
// network, Chòm Mới of unknown households at Z.
std::filesystem::path make_commune(const test::temp_dir& dir) {
    const test::ascii_map map(R"(
A....a...b....Z
..D.....c...E..
.F..e.....f..G.
..............
..............W
)");
    const auto path = dir / "risk.sqlite";
    test::map_project p(path, map);
    p.road("R1", "AabZ").road("R2", "ADcEZ").road("R3", "AFefGZ").road("R4", "ZW", "earth");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NL", "Thôn Nà Lừa", 40, {map.at('Z').x, map.at('Z').y + 50}, map.at('Z'));
    p.village("KD", "Thôn Khe Đá", 12, {map.at('W').x + 50, map.at('W').y}, map.at('W'));
    p.village("BX", "Bản Xa", 7, {9000, 9000}, geo::xy{9000, 9000});
    p.point_village("CM", "Chòm Mới", std::nullopt, map.at('Z'));
    for (char f : std::string("abce"))
        p.ford(std::string(1, f), map.at(f), 0.4, fmt::format("Ngầm {}", f));
    p.ford("f", map.at('f'), 0.2, "Ngầm f");
    auto& db = p.project().db();
    db.exec("UPDATE fords SET flooded_days_per_year = CASE code WHEN 'a' THEN 90 WHEN 'b' THEN 5 "
            "WHEN 'c' THEN 45 WHEN 'e' THEN 10 ELSE 20 END");
    return path;
}

nlohmann::json risk_json(const std::filesystem::path& path, std::vector<std::string> extra) {
    std::vector<std::string> args{"risk", path.string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_allseason(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("risk --format json follows the contract", "[risk][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto j = risk_json(path, {"--vehicle", "motorbike"});
    CHECK(j["destination"] == "commune_centre");
    CHECK(j["vehicle"] == "motorbike");
    REQUIRE(j["villages"].size() == 4);
    const auto& nl = j["villages"][0];
    CHECK(nl["code"] == "NL");
    CHECK(nl["name"] == "Thôn Nà Lừa");
    CHECK(nl["households"] == 40);
    CHECK(nl["isolation_days_per_year"] == 20);
    CHECK(nl["household_days_per_year"] == 800);
    CHECK(nl["limited_by"] == nlohmann::json::parse(
                                  R"([{"layer": "fords", "code": "f", "name": "Ngầm f",
                                       "days": 20}])"));
    const auto& kd = j["villages"][1];
    CHECK(kd["isolation_days_per_year"] == 120);
    CHECK(kd["household_days_per_year"] == 12 * 120);
    CHECK(kd["limited_by"][0]["layer"] == "roads");
    CHECK(kd["limited_by"][0]["code"] == "R4");
    // No route even when dry: not counted, nulls.
    const auto& bx = j["villages"][2];
    CHECK(bx["reachable_dry"] == false);
    CHECK(bx["isolation_days_per_year"].is_null());
    CHECK(bx["household_days_per_year"].is_null());
    // Households unknown: days known, household-days null.
    const auto& cm = j["villages"][3];
    CHECK(cm["households"].is_null());
    CHECK(cm["isolation_days_per_year"] == 20);
    CHECK(cm["household_days_per_year"].is_null());
    CHECK(j["summary"]["household_days_per_year"] == 800 + 1440);
    CHECK(j["summary"]["villages_isolated"] == 3);
    CHECK(j["summary"]["villages_households_unknown"] == 1);
    CHECK(j["summary"]["villages_unreachable_dry"] == 1);

    // Stored for export, map and report under the result key.
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_int("SELECT count(*) FROM risk_results WHERE scenario = 'rainy+motorbike' "
                       "AND destination = 'commune_centre'") == 4);
    CHECK(db.query_int("SELECT isolation_days_per_year FROM risk_results WHERE village_code = "
                       "'KD'") == 120);
    CHECK(db.query_int("SELECT count(*) FROM risk_results WHERE geom IS NOT NULL") == 4);
    CHECK(db.query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                       "'risk_results'") == 1);

    // The export carries the days on the villages, for the export's vehicle.
    const auto gpkg = dir / "xa.gpkg";
    const auto ex =
        run_allseason({"export", path.string(), gpkg.string(), "--vehicle", "motorbike"});
    INFO(ex.err);
    REQUIRE(ex.exit_code == 0);
    auto out = geo::database::open(gpkg, geo::open_mode::read_only);
    // (Point villages go to a layer of their own, villages_points.)
    CHECK(out.query_text("SELECT group_concat(code || ':' || coalesce(isolation_days_per_year, "
                         "'null'), ' ') FROM (SELECT code, isolation_days_per_year FROM villages "
                         "UNION ALL SELECT code, isolation_days_per_year FROM villages_points "
                         "ORDER BY code)") == "BX:null CM:20 KD:120 NL:20");
}

TEST_CASE("risk without --vehicle answers for a car; --ford-depth; csv and table", "[risk][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto car = risk_json(path, {});
    CHECK(car["vehicle"] == "car");
    // f (0.2 m) passes a car: R3 closes on e's 10 days.
    CHECK(car["villages"][0]["isolation_days_per_year"] == 10);
    CHECK(car["villages"][0]["limited_by"][0]["code"] == "e");
    const auto deep = risk_json(path, {"--ford-depth", "0.5"});
    CHECK(deep["ford_depth_m"] == 0.5);
    CHECK(deep["villages"][0]["isolation_days_per_year"] == 0);
    CHECK(deep["villages"][0]["limited_by"].empty());

    const auto csv =
        run_allseason({"risk", path.string(), "--format", "csv", "--vehicle", "motorbike"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("code,name,households,reachable_dry,isolation_days_per_year,"
                        "household_days_per_year,limited_by\n",
                        0) == 0);
    CHECK_THAT(csv.out, Catch::Contains("\nNL,Thôn Nà Lừa,40,true,20,800,fords:f:20\n"));
    CHECK_THAT(csv.out, Catch::Contains("\nKD,Thôn Khe Đá,12,true,120,1440,roads:R4:120\n"));
    CHECK_THAT(csv.out, Catch::Contains("\nBX,Bản Xa,7,false,,,\n"));
    CHECK_THAT(csv.out, Catch::Contains("\nCM,Chòm Mới,,true,20,,fords:f:20\n"));
    CHECK(csv.err.empty());

    const auto table = run_allseason({"risk", path.string()});
    REQUIRE(table.exit_code == 0);
    CHECK_THAT(table.out, Catch::Contains("thôn bị cô lập"));

    // Each key keeps its own rows; a rerun replaces them.
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_text("SELECT group_concat(DISTINCT scenario) FROM (SELECT scenario FROM "
                        "risk_results ORDER BY scenario)") ==
          "rainy+car,rainy+car@0.5m,rainy+motorbike");
    CHECK(db.query_int("SELECT count(*) FROM risk_results") == 12);
}

TEST_CASE("risk refuses unknown vehicles, depths and destinations, changing nothing",
          "[risk][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    risk_json(path, {});
    auto count = [&] {
        auto db = geo::database::open(path, geo::open_mode::read_only);
        return db.query_int("SELECT count(*) FROM risk_results").value_or(-1);
    };
    const auto before = count();
    const auto vehicle = run_allseason({"risk", path.string(), "--vehicle", "xe bò"});
    CHECK(vehicle.exit_code == 2);
    CHECK_THAT(vehicle.err, Catch::Contains("motorbike"));
    CHECK(run_allseason({"risk", path.string(), "--ford-depth", "sâu"}).exit_code == 2);
    CHECK(run_allseason({"risk", path.string(), "--ford-depth", "0.1,0.2"}).exit_code == 2);
    CHECK(run_allseason({"risk", path.string(), "--to", "chợ"}).exit_code == 2);
    const auto market = run_allseason({"risk", path.string(), "--to", "market"});
    CHECK(market.exit_code == 1);
    CHECK_THAT(market.err, Catch::Contains("market"));
    CHECK(count() == before);
}

namespace {

// How Cairo's SVG surface writes a fill colour: rgb(69.803922%,9.411765%,16.862745%).
std::string svg_fill(unsigned rgb) {
    auto part = [](unsigned v) {
        auto text = fmt::format("{:.6f}", v * 100.0 / 255.0);
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.')
            text.pop_back();
        return text + "%";
    };
    return fmt::format("fill:rgb({},{},{})", part(rgb >> 16 & 0xff), part(rgb >> 8 & 0xff),
                       part(rgb & 0xff));
}

} // namespace

TEST_CASE("map --theme isolation_days colours villages by their days a year", "[risk][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto svg = dir / "m.svg";
    const auto r = run_allseason({"map", path.string(), svg.string(), "--theme", "isolation_days",
                                  "--vehicle", "motorbike"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // No stored answer yet: risk runs first and is stored, as map does for cutoff.
    CHECK_THAT(r.err, Catch::Contains("ran `risk` first"));
    const auto drawn = test::read_file(svg);
    CHECK_THAT(drawn, Catch::Contains(svg_fill(0xb2182b))); // Khe Đá, 120 days
    CHECK_THAT(drawn, Catch::Contains(svg_fill(0xfdae61))); // Nà Lừa, 20 days
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_int("SELECT count(*) FROM risk_results WHERE scenario = 'rainy+motorbike'") ==
          4);
    // The access theme (default) does not use the isolation colours.
    const auto plain = dir / "p.svg";
    REQUIRE(run_allseason({"map", path.string(), plain.string()}).exit_code == 0);
    CHECK_THAT(test::read_file(plain), !Catch::Contains(svg_fill(0xb2182b)));
    CHECK(run_allseason({"map", path.string(), svg.string(), "--theme", "ngày"}).exit_code == 2);
}

TEST_CASE("the report shows isolation days, the ranking by household-days and the depth chart",
          "[risk][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    {
        auto project = layers::project::open(path, true);
        project.db().exec("INSERT INTO projects (code, name, kind, ford_code, cost_million_vnd, "
                          "status, geom) SELECT 'P' || code, 'Cầu ' || code, 'bridge', code, "
                          "1000, 'proposed', geom FROM fords");
    }
    REQUIRE(run_allseason({"rank", path.string()}).exit_code == 0);
    const auto html_file = dir / "r.html";
    const auto r = run_allseason({"report", path.string(), html_file.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto html = test::read_file(html_file);
    CHECK_THAT(html, Catch::Contains("id=\"risk\""));
    CHECK_THAT(html, Catch::Contains("Rủi ro trong năm"));
    // A car: Khe Đá 12 × 120, Nà Lừa 40 × 10 (e), Chòm Mới 10 days of unknown households.
    CHECK_THAT(html, Catch::Contains("Tổng: 1.840 hộ·ngày"));
    CHECK_THAT(html, Catch::Contains("Hạng theo hộ·ngày"));
    // One curve per vehicle of the vehicles table.
    CHECK_THAT(html, Catch::Contains("trụ sở xã bằng ô tô"));
    for (const char* vehicle : {"xe máy", "ô tô", "xe tải"})
        CHECK_THAT(html, Catch::Contains(fmt::format(">{}</text>", vehicle)));
}
