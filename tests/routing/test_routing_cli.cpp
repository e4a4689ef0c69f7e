// The routing commands end to end: exit codes, JSON shape, results written to the project.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include "geo/sqlite.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

using namespace allseason;
using test::run_allseason;

namespace {

// A commune: centre at A; Nà Trắng behind two fords; Thác Hai on an earth spur; Bản Xa far
// from any road; a dangling road end 2 m short of R1.
std::filesystem::path make_commune(const test::temp_dir& dir) {
    const test::ascii_map map(R"(
A...X...Y...N
....
....B......T
)");
    const auto path = dir / "xa.sqlite";
    test::map_project p(path, map);
    p.road("R1", "AN", "asphalt", "inter_commune", "Đường liên xã");
    p.road_points("R2", {{600, 100}, {600, 298}}, "concrete"); // starts on R3's line
    p.road("R3", "BT", "earth");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.ford("F07", map.at('X'), 0.9, "Ngầm Nà Trắng").ford("F08", map.at('Y'), 0.4);
    p.village("NT", "Nà Trắng", 124, {1200, 300}, map.at('N'), 20, 118);
    p.village("TH", "Thác Hai", 60, {1100, 150}, map.at('T'));
    p.village("BX", "Bản Xa", 7, {5000, 5000}, geo::xy{5000, 5000});
    return path;
}

} // namespace

TEST_CASE("cutoff --format json follows the contract", "[routing][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto r = run_allseason({"cutoff", path.string(), "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["scenario"] == "rainy");
    CHECK(j["destination"] == "commune_centre");
    REQUIRE(j["villages"].size() == 3);
    const auto& nt = j["villages"][0];
    CHECK(nt["code"] == "NT");
    CHECK(nt["name"] == "Nà Trắng");
    CHECK(nt["households"] == 124);
    CHECK(nt["ethnic_minority_households"] == 118);
    CHECK(nt["reachable_dry"] == true);
    CHECK(nt["reachable"] == false);
    CHECK(nt["travel_min_dry"].is_number());
    CHECK(nt["travel_min"].is_null());
    CHECK(nt["blocked_by"] == nlohmann::json::parse(
                                  R"([{"layer": "fords", "code": "F07", "name": "Ngầm Nà Trắng"},
                                      {"layer": "fords", "code": "F08", "name": "Ngầm F08"}])"));
    // R2 ends 2 m short of R1, so Thác Hai never reaches the centre: not "cut off".
    CHECK(j["villages"][1]["reachable_dry"] == false);
    CHECK(j["villages"][2]["reachable_dry"] == false);
    CHECK(j["summary"] == nlohmann::json::parse(R"({"villages": 3, "villages_cut_off": 1,
        "households": 191, "households_cut_off": 124, "households_without_road": 7,
        "villages_households_unknown": 0})"));

    // The answer is in the project for QGIS and export.
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_int("SELECT count(*) FROM cutoff_results WHERE scenario = 'rainy' AND "
                       "destination = 'commune_centre'") == 3);
    CHECK(db.query_text("SELECT blocked_by FROM cutoff_results WHERE village_code = 'NT'")
              ->find("F07") != std::string::npos);
    CHECK(db.query_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = "
                       "'cutoff_results'") == 1);
    CHECK(db.query_int("SELECT count(*) FROM cutoff_results WHERE geom IS NOT NULL") == 3);

    // Running again replaces the rows instead of adding to them.
    const auto csv = run_allseason({"cutoff", path.string(), "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(db.query_int("SELECT count(*) FROM cutoff_results") == 3);
    // CSV for scripts: a header, true/false, empty for null, layer:code pairs.
    CHECK(csv.out.rfind("code,name,households,households_cut_off,reachable_dry,reachable,"
                        "cut_off,travel_min_dry,travel_min,blocked_by\n",
                        0) == 0);
    const auto nt_at = csv.out.find("\nNT,");
    REQUIRE(nt_at != std::string::npos);
    const std::string row = csv.out.substr(nt_at + 1, csv.out.find('\n', nt_at + 1) - nt_at - 1);
    CHECK_THAT(row,
               Catch::Contains(",true,false,true,") && Catch::EndsWith(",fords:F07;fords:F08"));
    CHECK(csv.err.empty());
}

TEST_CASE("cutoff and critical refuse what cannot be done with exit code 2", "[routing][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto unknown = run_allseason({"cutoff", path.string(), "--scenario", "lũ lớn"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("rainy") != std::string::npos); // lists the scenarios there are
    CHECK(run_allseason({"cutoff", path.string(), "--to", "chợ"}).exit_code == 2);
    CHECK(run_allseason({"critical", path.string(), "--to", "nowhere"}).exit_code == 2);
    // A destination with no facility is a data problem: exit 1 with a message.
    const auto market = run_allseason({"cutoff", path.string(), "--to", "market"});
    CHECK(market.exit_code == 1);
    CHECK(market.err.find("market") != std::string::npos);
    CHECK(run_allseason({"cutoff", (dir / "none.sqlite").string()}).exit_code == 1);
}

TEST_CASE("critical --format json follows the contract", "[routing][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto r = run_allseason({"critical", path.string(), "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["destination"] == "commune_centre");
    REQUIRE(j["elements"].size() == 5);
    // F07, F08 and the three stretches of R1 they cut (A-X, X-Y, Y-N) each isolate Nà
    // Trắng's 124 households.
    CHECK(j["elements"][0] == nlohmann::json::parse(R"({"layer": "fords", "code": "F07",
        "name": "Ngầm Nà Trắng", "households_isolated": 124, "villages": ["NT"]})"));
    CHECK(j["elements"][1]["code"] == "F08");
    const test::ascii_map map(R"(
A...X...Y...N
)");
    const char* ends[] = {"AX", "XY", "YN"};
    for (int i = 0; i < 3; ++i) {
        const auto& stretch = j["elements"][2 + i];
        INFO("stretch " << ends[i]);
        CHECK(stretch["layer"] == "roads");
        CHECK(stretch["code"] == "R1");
        CHECK(stretch["name"] == "Đường liên xã");
        CHECK(stretch["length_m"] == Approx(400.0));
        CHECK(stretch["from"][0] == Approx(map.at(ends[i][0]).x));
        CHECK(stretch["to"][0] == Approx(map.at(ends[i][1]).x));
        CHECK(stretch["households_isolated"] == 124);
    }
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_int("SELECT count(*) FROM critical_elements") == 5);
}

TEST_CASE("check reports problems with layer, code and location, exit 0 on warnings",
          "[routing][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto r = run_allseason({"check", path.string(), "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    std::set<std::string> problems;
    for (const auto& item : j["problems"]) {
        problems.insert(item["problem"].get<std::string>() + ":" + item["code"].get<std::string>());
        CHECK(item["severity"] == "warning");
    }
    CHECK(problems.count("dangling_end:R2"));
    CHECK(problems.count("village_without_road:BX"));
    CHECK(problems.count("island:R2"));
    CHECK(problems.count("missing_destination:market"));
    CHECK(j["summary"]["errors"] == 0);

    SECTION("no commune centre is an error: exit 1") {
        {
            auto db = geo::database::open(path, geo::open_mode::read_write);
            db.exec("DELETE FROM facilities WHERE kind = 'commune_centre'");
        }
        CHECK(run_allseason({"check", path.string()}).exit_code == 1);
    }
}

TEST_CASE("cutoff --vehicle and --ford-depth judge fords and surfaces per contract §2",
          "[routing][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir); // F07 0.9 m and F08 0.4 m on R1; R3 is earth
    auto cut = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"cutoff", path.string(), "--format", "json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto r = run_allseason(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return nlohmann::json::parse(r.out);
    };
    auto cut_codes = [](const nlohmann::json& answer) {
        std::vector<std::string> codes;
        for (const auto& v : answer["villages"]) {
            if (v["reachable_dry"] == true && v["reachable"] == false) codes.push_back(v["code"]);
        }
        return codes;
    };
    // A truck passes 0.5 m: F08 (0.4 m) opens, F07 (0.9 m) still closes Nà Trắng.
    const auto truck = cut({"--vehicle", "truck"});
    CHECK(truck["vehicle"] == "truck");
    CHECK(truck["villages"][0]["blocked_by"] ==
          nlohmann::json::parse(R"([{"layer": "fords", "code": "F07", "name": "Ngầm Nà Trắng"}])"));
    // --ford-depth over the vehicle: at 1 m both fords pass.
    CHECK(cut_codes(cut({"--vehicle", "truck", "--ford-depth", "1"})).empty());
    // A sweep answers each depth as one run would, in the order given.
    const auto sweep = cut({"--ford-depth", "1,0.5,0.1"});
    CHECK(sweep["scenario"] == "rainy");
    CHECK(sweep["vehicle"].is_null());
    REQUIRE(sweep["sweep"].size() == 3);
    for (const auto& step : sweep["sweep"]) {
        const double depth = step["ford_depth_m"];
        const auto single = cut({"--ford-depth", fmt::format("{}", depth)});
        INFO("depth " << depth);
        CHECK(step["summary"] == single["summary"]);
        CHECK(step["villages_cut_off"] == nlohmann::json(cut_codes(single)));
    }
    CHECK(sweep["sweep"][0]["ford_depth_m"] == 1.0);
    // Results of a vehicle run are stored apart from the plain scenario's.
    auto db = geo::database::open(path, geo::open_mode::read_only);
    CHECK(db.query_text("SELECT group_concat(DISTINCT scenario) FROM (SELECT scenario FROM "
                        "cutoff_results ORDER BY scenario)") ==
          "rainy+truck,rainy+truck@1m,rainy@0.1m,rainy@0.5m,rainy@1m");
    // Usage errors: an unknown vehicle, a depth that is no number, a list where one is taken.
    CHECK(run_allseason({"cutoff", path.string(), "--vehicle", "xe bò"}).exit_code == 2);
    CHECK(run_allseason({"cutoff", path.string(), "--ford-depth", "sâu"}).exit_code == 2);
    CHECK(run_allseason({"cutoff", path.string(), "--ford-depth", "-1"}).exit_code == 2);
    CHECK(run_allseason({"rank", path.string(), "--ford-depth", "0.1,0.2"}).exit_code == 2);
    const auto rank = run_allseason({"rank", path.string(), "--vehicle", "motorbike",
                                     "--format", "json"});
    CHECK(rank.exit_code == 0);
    CHECK(nlohmann::json::parse(rank.out)["scenario"] == "rainy");
}
