// cutoff on small networks drawn as maps (contract §2 noding and scenarios, §4 answers).
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace allseason;
using test::ascii_map;
using test::map_project;

namespace {

using strings = std::vector<std::string>;

// The commune centre sits on the road at `at`; a village's culture house on the road at `at`.
void centre(map_project& p, geo::xy at) {
    p.facility("UBND", "commune_centre", at);
}
void village_at(map_project& p, const std::string& code, int households, geo::xy at) {
    p.village(code, "Thôn " + code, households, {at.x, at.y + 50}, at);
}

} // namespace

TEST_CASE("a road ending on another road's line joins it there (T-junction)", "[routing]") {
    test::temp_dir dir;
    // C's road ends on the middle of A-B without a vertex there.
    const ascii_map map(R"(
A.......B

....C
)");
    map_project p(dir / "t.sqlite", map);
    p.road("R1", "AB");
    centre(p, map.at('A'));
    village_at(p, "NT", 10, map.at('C'));
    SECTION("exactly on the line") {
        p.road_points("R2", {map.at('C'), map.between('A', 'B', 0.5)});
        CHECK(test::cutoff_of(p)["NT"].reachable_dry);
    }
    SECTION("0.6 m short of the line: within snap_m (1 m)") {
        auto end = map.between('A', 'B', 0.5);
        end.y -= 0.6;
        p.road_points("R2", {map.at('C'), end});
        CHECK(test::cutoff_of(p)["NT"].reachable_dry);
    }
    SECTION("2 m short: not joined (check reports the undershoot)") {
        auto end = map.between('A', 'B', 0.5);
        end.y -= 2.0;
        p.road_points("R2", {map.at('C'), end});
        CHECK_FALSE(test::cutoff_of(p)["NT"].reachable_dry);
    }
}

TEST_CASE("roads crossing without a shared vertex do not connect; with one they do", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
....C
A...X...B
....D
)");
    map_project p(dir / "x.sqlite", map);
    centre(p, map.at('A'));
    village_at(p, "NT", 10, map.at('D'));
    SECTION("overpass") {
        p.road("R1", "AB").road("R2", "CD");
        CHECK_FALSE(test::cutoff_of(p)["NT"].reachable_dry);
    }
    SECTION("junction") {
        p.road("R1", "AXB").road("R2", "CXD");
        CHECK(test::cutoff_of(p)["NT"].reachable_dry);
    }
}

TEST_CASE("travel time by surface speed, with the walk to the road", "[routing]") {
    test::temp_dir dir;
    // 100 m cells: A-B 2,000 m asphalt, B-C 1,000 m gravel; the culture house V is 100 m
    // north of C, off the road.
    const ascii_map map(R"(
....................V
A...................B
.
.
.
.
.
.
.
.
.
....................C
)");
    map_project p(dir / "time.sqlite", map);
    // Hand calculation: the walk from V to B is 100 m at 4 km/h = 1.5 min; A-B is 2 km at
    // 40 km/h = 3 min. Total 4.5 min. (The gravel spur B-C is not on the way.)
    p.road("R1", "AB", "asphalt").road("R2", "BC", "gravel");
    centre(p, map.at('A'));
    p.village("NT", "Nà Trắng", 124, map.at('V'), map.at('V'));
    const auto rainy = test::cutoff_of(p);
    REQUIRE(rainy["NT"].travel_min_dry);
    CHECK(*rainy["NT"].travel_min_dry == Approx(4.5).margin(1e-9));
    CHECK(*rainy["NT"].travel_min == Approx(4.5).margin(1e-9));

    SECTION("via the gravel road") {
        // Village at C instead: 2 km asphalt (3 min) + 1 km gravel at 20 km/h (3 min) = 6 min.
        village_at(p, "TH", 10, map.at('C'));
        CHECK(*test::cutoff_of(p)["TH"].travel_min == Approx(6.0).margin(1e-9));
    }
}

TEST_CASE("multiple facilities of one kind: the nearest counts", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.......V...C
)");
    map_project p(dir / "multi.sqlite", map);
    p.road("R1", "AC", "concrete");
    p.facility("TYT1", "health_station", map.at('A'));
    p.facility("TYT2", "health_station", map.at('C'));
    village_at(p, "NT", 10, map.at('V'));
    // V is 800 m from A and 400 m from C; concrete 30 km/h: 400 m = 0.8 min.
    const auto answer = test::cutoff_of(p, "rainy", routing::destination::health_station);
    CHECK(*answer["NT"].travel_min == Approx(0.8).margin(1e-9));
    // No commune centre: asking for it is a data error naming the kind.
    CHECK_THROWS_WITH(test::cutoff_of(p), Catch::Contains("commune_centre"));
}

TEST_CASE("a village on a closed road is cut off by that road", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....B.....V.....C
)");
    map_project p(dir / "closed.sqlite", map);
    p.road("R1", "AB", "asphalt").road("R2", "BC", "earth", "village_axis", "Đường đất");
    centre(p, map.at('A'));
    village_at(p, "NT", 40, map.at('V'));
    const auto a = test::cutoff_of(p);
    CHECK(a["NT"].reachable_dry);
    CHECK_FALSE(a["NT"].reachable);
    CHECK(a.blocked("NT") == strings{"roads:R2"});
    CHECK(a["NT"].blocked_by.front().name == "Đường đất");
    CHECK(a.summary.villages_cut_off == 1);
    CHECK(a.summary.households_cut_off == 40);
    CHECK(test::cutoff_of(p, "dry")["NT"].reachable);
}

TEST_CASE("parallel roads stay distinct: one closed, the other still passes", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
....P.....Q
A.B.......C.D
)");
    map_project p(dir / "parallel.sqlite", map);
    p.road("R0", "AB").road("R3", "CD");
    p.road("R1", "BC", "earth");
    centre(p, map.at('A'));
    village_at(p, "NT", 25, map.at('D'));
    SECTION("the bypass is asphalt") {
        p.road("R2", "BPQC", "asphalt");
        CHECK(test::cutoff_of(p)["NT"].reachable);
        // Neither of two parallel roads is a single point of failure.
        for (const auto& line : test::critical_of(p)) {
            CHECK(line.rfind("roads:R1 ", 0) == std::string::npos);
            CHECK(line.rfind("roads:R2 ", 0) == std::string::npos);
        }
    }
    SECTION("both earth: the shorter closed road is named") {
        p.road("R2", "BPQC", "earth");
        const auto a = test::cutoff_of(p);
        CHECK_FALSE(a["NT"].reachable);
        CHECK(a.blocked("NT") == strings{"roads:R1"});
    }
}

TEST_CASE("blocked_by lists both fords of a series, sorted", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A...X.....Y...V
)");
    map_project p(dir / "fords.sqlite", map);
    p.road("R1", "AV", "concrete");
    centre(p, map.at('A'));
    village_at(p, "NT", 30, map.at('V'));
    p.ford("F2", map.at('X'), 0.8).ford("F1", map.at('Y'), 0.5);
    auto a = test::cutoff_of(p);
    CHECK(a["NT"].cut_off());
    CHECK(a.blocked("NT") == strings{"fords:F1", "fords:F2"});
    CHECK_FALSE(a["NT"].travel_min);

    SECTION("a done bridge project replaces one ford; the other still closes") {
        p.project_row("P1", "bridge", "done", test::point_wkt(map.at('X')), 4500, "F2");
        CHECK(test::cutoff_of(p).blocked("NT") == strings{"fords:F1"});
    }
    SECTION("a scenario whose fords never close") {
        p.scenario("mua_nho", std::nullopt, "earth", std::string("rainy"));
        CHECK(test::cutoff_of(p, "mua_nho")["NT"].reachable);
    }
    SECTION("a ford within snap_m_crossing of the road, not on it, still closes it") {
        p.project().db().exec("UPDATE fords SET geom = GeomFromText('POINT(400 120)', 32648) "
                              "WHERE code = 'F2'");
        CHECK(test::cutoff_of(p).blocked("NT") == strings{"fords:F1", "fords:F2"});
    }
}

TEST_CASE("a ford at a junction closes the junction", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
........B
A...J
........C
)");
    map_project p(dir / "junction.sqlite", map);
    p.road("R1", "AJ").road("R2", "JB").road("R3", "JC");
    centre(p, map.at('A'));
    village_at(p, "NB", 10, map.at('B'));
    village_at(p, "NC", 20, map.at('C'));
    p.ford("F1", map.at('J'), 0.6, "Ngầm Nà Trắng");
    const auto a = test::cutoff_of(p);
    CHECK(a.blocked("NB") == strings{"fords:F1"});
    CHECK(a.blocked("NC") == strings{"fords:F1"});
    CHECK(a.summary.households_cut_off == 30);
    const auto critical = test::critical_of(p);
    REQUIRE(critical.size() == 4);
    CHECK(critical[0] == "fords:F1 isolates 30 [NB NC]");
    CHECK(critical[1] == "roads:R1 isolates 30 [NB NC]");
    CHECK(critical[2] == "roads:R3 isolates 20 [NC]");
    CHECK(critical[3] == "roads:R2 isolates 10 [NB]");
}

TEST_CASE("a hazard polygon closes only the part of the road inside it", "[routing]") {
    test::temp_dir dir;
    // One road A-C of 2,100 m; the flood zone covers x 600..800.
    const ascii_map map(R"(
A..U...........W.....C
)");
    map_project p(dir / "hazard.sqlite", map);
    p.road("R1", "AC", "asphalt");
    centre(p, map.at('A'));
    village_at(p, "NU", 10, map.at('U'));
    village_at(p, "NW", 15, map.at('W'));
    p.hazard("rainy", test::box_wkt(600, 0, 800, 200));
    const auto a = test::cutoff_of(p);
    CHECK(a["NU"].reachable);
    CHECK(a["NW"].cut_off());
    CHECK(a.blocked("NW") == strings{"roads:R1"});
    SECTION("a hazard of another scenario does not apply") {
        p.project().db().exec("UPDATE hazard_zones SET scenario = 'lu_lon'");
        CHECK(test::cutoff_of(p)["NW"].reachable);
        p.scenario("lu_lon", 0.3, "earth", std::string("lu_lon"));
        CHECK(test::cutoff_of(p, "lu_lon")["NW"].cut_off());
    }
}

TEST_CASE("a scenario may close the roads of several hazard scenarios", "[routing]") {
    test::temp_dir dir;
    // One road A-C; a landslide zone on x 600..800 and a flood zone on x 1,200..1,400.
    const ascii_map map(R"(
A..U.....V.....W.....C
)");
    map_project p(dir / "hazards.sqlite", map);
    p.road("R1", "AC", "asphalt");
    centre(p, map.at('A'));
    village_at(p, "NU", 10, map.at('U'));
    village_at(p, "NV", 12, map.at('V'));
    village_at(p, "NW", 15, map.at('W'));
    p.hazard("sat_lo", test::box_wkt(600, 0, 800, 200), "landslide");
    p.hazard("lu", test::box_wkt(1200, 0, 1400, 200));
    p.scenario("ca_hai", 0.3, "earth", std::string("rainy, sat_lo,lu"));
    p.scenario("chi_lu", 0.3, "earth", std::string("lu"));
    CHECK(test::cutoff_of(p)["NV"].reachable); // rainy has no zone of its own here
    const auto both = test::cutoff_of(p, "ca_hai");
    CHECK(both["NU"].reachable);
    CHECK(both["NV"].cut_off());
    CHECK(both["NW"].cut_off());
    const auto flood = test::cutoff_of(p, "chi_lu");
    CHECK(flood["NV"].reachable);
    CHECK(flood["NW"].cut_off());
}

TEST_CASE("a ford nobody measured closes in the rainy season unless unknown_fords is open",
          "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....X.....V.....Y.....W
)");
    map_project p(dir / "unknown.sqlite", map);
    p.road("R1", "AW");
    centre(p, map.at('A'));
    village_at(p, "NV", 10, map.at('V'));
    village_at(p, "NW", 20, map.at('W'));
    p.ford("F1", map.at('X'), 0.1);
    p.ford("F2", map.at('Y'), 0.1);
    auto& db = p.project().db();
    db.exec("UPDATE fords SET flood_depth_m = NULL, name = NULL WHERE code = 'F1'");
    // F2: not measured, estimated from the terrain at 0.2 m: open at 0.3 m, closed at 0.15 m.
    db.exec("UPDATE fords SET flood_depth_m = NULL, flood_depth_estimated_m = 0.2 "
            "WHERE code = 'F2'");
    auto a = test::cutoff_of(p);
    CHECK(a["NV"].cut_off());
    CHECK(a.blocked("NV") == strings{"fords:F1"});
    CHECK(a["NW"].cut_off());
    CHECK(a.blocked("NW") == strings{"fords:F1"});
    db.exec("UPDATE scenarios SET unknown_fords = 'open' WHERE name = 'rainy'");
    a = test::cutoff_of(p);
    CHECK(a["NV"].reachable);
    CHECK(a["NW"].reachable);
    db.exec("UPDATE scenarios SET ford_depth_m = 0.15 WHERE name = 'rainy'");
    a = test::cutoff_of(p);
    CHECK(a["NV"].reachable);
    CHECK(a.blocked("NW") == strings{"fords:F2"});
    // A measured depth always wins over the estimate.
    db.exec("UPDATE fords SET flood_depth_m = 0.1 WHERE code = 'F2'");
    CHECK(test::cutoff_of(p)["NW"].reachable);
}

TEST_CASE("footbridges pass no vehicle, even in the dry season", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....X.....V
)");
    map_project p(dir / "foot.sqlite", map);
    p.road("R1", "AV");
    centre(p, map.at('A'));
    village_at(p, "NT", 10, map.at('V'));
    p.bridge("C1", map.at('X'), false);
    const auto a = test::cutoff_of(p);
    CHECK_FALSE(a["NT"].reachable_dry);
    CHECK_FALSE(a["NT"].cut_off()); // never reached by vehicle, so not "cut off by the rain"
}

TEST_CASE("done projects are today's network: upgrades harden, new roads join", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....B.....V
......
......N.....M
)");
    map_project p(dir / "done.sqlite", map);
    p.road("R1", "AB").road("R2", "BV", "earth");
    centre(p, map.at('A'));
    village_at(p, "NT", 10, map.at('V'));
    CHECK(test::cutoff_of(p)["NT"].cut_off());
    SECTION("road_upgrade done") {
        p.project_row("P2", "road_upgrade", "done", test::point_wkt(map.at('V')), 900, std::nullopt,
                      std::string("R2"));
        CHECK(test::cutoff_of(p)["NT"].reachable);
    }
    SECTION("road_upgrade proposed changes nothing today") {
        p.project_row("P2", "road_upgrade", "approved", test::point_wkt(map.at('V')), 900,
                      std::nullopt, std::string("R2"));
        CHECK(test::cutoff_of(p)["NT"].cut_off());
    }
    SECTION("road_new done: a concrete bypass from B to V") {
        p.project_row("P3", "road_new", "done", "LINESTRING(600 300, 600 100, 1200 100, 1200 300)",
                      2000);
        CHECK(test::cutoff_of(p)["NT"].reachable);
    }
}

TEST_CASE("household points join one by one; a village counts its cut-off households",
          "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....X.....V
)");
    map_project p(dir / "homes.sqlite", map);
    p.road("R1", "AV");
    centre(p, map.at('A'));
    p.village("NT", "Nà Trắng", 99, {600, 150}, std::nullopt, 700);
    p.household("NT", {300, 130}, true).household("NT", {900, 130}).household("NT", {1000, 110});
    p.ford("F1", map.at('X'), 1.0);
    const auto a = test::cutoff_of(p);
    CHECK(a["NT"].households == 3);
    CHECK(a["NT"].ethnic_minority_households == 1);
    CHECK(a["NT"].households_cut_off == 2);
    CHECK(a["NT"].cut_off());
    CHECK(a.blocked("NT") == strings{"fords:F1"});
    CHECK(a.summary.households_cut_off == 2);
}

TEST_CASE("a village beyond access_m has no road access", "[routing]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.....B
)");
    map_project p(dir / "far.sqlite", map);
    p.road("R1", "AB");
    centre(p, map.at('A'));
    p.village("XA", "Xa Xôi", 12, {300, 2600}, geo::xy{300, 2600});
    const auto a = test::cutoff_of(p);
    CHECK_FALSE(a["XA"].has_road_access);
    CHECK_FALSE(a["XA"].reachable_dry);
    CHECK(a.summary.households_without_road == 12);
    p.setting("access_m", 3000);
    CHECK(test::cutoff_of(p)["XA"].reachable_dry);
}
