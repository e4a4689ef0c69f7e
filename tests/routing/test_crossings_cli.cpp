// `crossings` end to end, and the derived fords it adds seen by `cutoff`: closed in rainy
// with "depth": "unknown", open with unknown_fords = 'open', "estimated" on a terrain estimate.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace allseason;
using test::run_allseason;

namespace {

// The commune centre at A; Nà Trắng at N, across Suối Nà, which R1 crosses at M unmarked.
std::filesystem::path make_commune(const test::temp_dir& dir) {
    const test::ascii_map map(R"(
......W......
A.....M.....N
......S......
)");
    const auto path = dir / "na-trang.sqlite";
    test::map_project p(path, map);
    p.road("R1", "AN", "asphalt", "inter_commune", "Đường Nà Trắng");
    p.waterway("Suối Nà", "WS", "river");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NT", "Nà Trắng", 124, {1200, 250}, map.at('N'));
    return path;
}

void sql(const std::filesystem::path& path, const std::string& text) {
    auto project = layers::project::open(path, true);
    project.db().prepare(text).run();
}

nlohmann::json json_of(const std::vector<std::string>& args) {
    const auto r = run_allseason(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("crossings --format json and csv end to end", "[crossings][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto j = json_of({"crossings", path.string(), "--format", "json"});
    CHECK(j == nlohmann::json::parse(R"({"crossings": [{"road_code": "R1",
        "road_name": "Đường Nà Trắng", "waterway_name": "Suối Nà", "waterway_kind": "river",
        "x": 600.0, "y": 200.0, "status": "unmarked", "element": null}],
        "summary": {"bridge": 0, "tunnel": 0, "ford": 0, "culvert": 0, "unmarked": 1}})"));

    const auto csv = run_allseason({"crossings", path.string(), "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out == "road_code,road_name,waterway_name,waterway_kind,x,y,status,element\n"
                     "R1,Đường Nà Trắng,Suối Nà,river,600.00,200.00,unmarked,\n");

    const auto bad = run_allseason({"crossings", path.string(), "--format", "xml"});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("crossings --add-fords, then cutoff names the derived ford's unknown depth",
          "[crossings][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto added = json_of({"crossings", path.string(), "--add-fords", "--format", "json"});
    CHECK(added["fords_added"] == 1);
    const auto again = json_of({"crossings", path.string(), "--add-fords", "--format", "json"});
    CHECK(again["fords_added"] == 0);
    CHECK(again["crossings"][0]["status"] == "ford");
    CHECK(again["crossings"][0]["element"] ==
          nlohmann::json::parse(R"({"layer": "fords", "code": "XR1-1"})"));

    auto cutoff = json_of({"cutoff", path.string(), "--format", "json"});
    CHECK(cutoff["villages"][0]["reachable"] == false);
    CHECK(cutoff["villages"][0]["blocked_by"] == nlohmann::json::parse(R"([{"layer": "fords",
        "code": "XR1-1", "name": "XR1-1", "depth": "unknown"}])"));

    {
        auto project = layers::project::open(path, false);
        auto stmt = project.db().prepare(
            "SELECT blocked_by FROM cutoff_results WHERE village_code = 'NT' AND "
            "scenario = 'rainy'");
        REQUIRE(stmt.step());
        CHECK(nlohmann::json::parse(stmt.get_text(0))[0]["depth"] == "unknown");
    }
    const auto table = run_allseason({"cutoff", path.string()});
    CHECK_THAT(table.out, Catch::Contains("XR1-1 (depth unknown, derived)") &&
                              Catch::Contains("1 fords closed only because their depth is "
                                              "unknown"));
    const auto csv = run_allseason({"cutoff", path.string(), "--format", "csv"});
    CHECK_THAT(csv.out, Catch::EndsWith(",fords:XR1-1:unknown\n"));

    SECTION("unknown_fords = 'open' keeps it open") {
        sql(path, "UPDATE scenarios SET unknown_fords = 'open' WHERE name = 'rainy'");
        cutoff = json_of({"cutoff", path.string(), "--format", "json"});
        CHECK(cutoff["villages"][0]["reachable"] == true);
        CHECK(cutoff["villages"][0]["blocked_by"].empty());
    }
    SECTION("closed on its terrain estimate: estimated") {
        sql(path, "UPDATE fords SET flood_depth_estimated_m = 0.5 WHERE code = 'XR1-1'");
        cutoff = json_of({"cutoff", path.string(), "--format", "json"});
        CHECK(cutoff["villages"][0]["blocked_by"][0]["depth"] == "estimated");
    }
    SECTION("a measured ford carries no depth key") {
        sql(path, "UPDATE fords SET flood_depth_m = 0.6 WHERE code = 'XR1-1'");
        cutoff = json_of({"cutoff", path.string(), "--format", "json"});
        CHECK(cutoff["villages"][0]["blocked_by"] == nlohmann::json::parse(R"([{"layer": "fords",
            "code": "XR1-1", "name": "XR1-1"}])"));
    }
}

TEST_CASE("crossings --add-fords on a taken code fails and adds nothing", "[crossings][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    sql(path, "INSERT INTO fords (code, geom) VALUES ('XR1-1', MakePoint(0, 5000, 32648))");
    const auto r = run_allseason({"crossings", path.string(), "--add-fords"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("XR1-1") && Catch::Contains("no ford was added"));
    auto project = layers::project::open(path, false);
    auto stmt = project.db().prepare("SELECT count(*) FROM fords");
    REQUIRE(stmt.step());
    CHECK(stmt.get_int(0) == 1);
}
