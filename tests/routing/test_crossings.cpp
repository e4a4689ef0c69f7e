// `crossings` on small drawn communes: each status, the order of the checks, several crossings
// of one road, derived fords and their codes, and the count checked against all pairs.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "routing/crossings.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <random>
#include <set>
#include <tuple>

using namespace allseason;
using routing::crossing_status;

namespace {

// One stream, Suối Nà, runs north to south through the column of N; each road crosses it once,
// 100 m apart. The stream's part between P and Q passes under R5 in a culvert.
const char* const drawing = R"(
......N......
..A...|...B..
..C...|...D..
..E...|...F..
..G...|...H..
......P......
..I...|...J..
......Q......
..K...|...L..
......S......
)";

// The roads cross the stream at x = 600.
geo::xy on_stream(const test::ascii_map& map, char road_start) {
    return {600, map.at(road_start).y};
}

void fill_streams(test::map_project& p) {
    const auto& map = p.map();
    p.road("R1", "AB", "asphalt", "commune_axis", "Đường Nà Đình");
    p.road("R2", "CD").road_structure("R2", "bridge");
    p.road("R3", "EF").road_structure("R3", "tunnel");
    p.road("R4", "GH");
    p.road("R5", "IJ");
    p.road("R6", "KL");
    p.waterway("Suối Nà", "NP").waterway("Suối Nà", "PQ", "stream", true).waterway("", "QS");
    p.bridge("B1", {605, map.at('A').y});
    p.ford("F1", {610, map.at('G').y}, 0.2);
}

std::map<std::string, std::string> statuses(const routing::crossings_answer& a) {
    std::map<std::string, std::string> out;
    for (const auto& c : a.crossings) {
        out[c.road_code] = std::string(routing::to_string(c.status)) +
                           (c.element ? " " + c.element->layer + ":" + c.element->code : "");
    }
    return out;
}

} // namespace

TEST_CASE("crossings gives each status with the element found", "[crossings]") {
    test::temp_dir dir;
    test::map_project p(dir / "suoi.sqlite", test::ascii_map(drawing));
    fill_streams(p);
    const auto a = routing::find_crossings(p.project());
    REQUIRE(a.crossings.size() == 6);
    CHECK(statuses(a) == std::map<std::string, std::string>{{"R1", "bridge bridges:B1"},
                                                            {"R2", "bridge"},
                                                            {"R3", "tunnel"},
                                                            {"R4", "ford fords:F1"},
                                                            {"R5", "culvert"},
                                                            {"R6", "unmarked"}});
    const auto& r1 = a.crossings.front();
    CHECK(r1.road_name == "Đường Nà Đình");
    CHECK(r1.waterway_name == "Suối Nà");
    CHECK(r1.waterway_kind == "stream");
    CHECK(r1.point == on_stream(p.map(), 'A'));
    CHECK(a.crossings[1].road_name == "R2");       // a road without a name shows its code
    CHECK_FALSE(a.crossings.back().waterway_name); // the part of the stream with no name
    CHECK(a.count(crossing_status::bridge) == 2);
    CHECK(a.count(crossing_status::unmarked) == 1);
}

TEST_CASE("crossings checks bridge, tunnel, ford, culvert in that order", "[crossings]") {
    test::temp_dir dir;
    test::map_project p(dir / "suoi.sqlite", test::ascii_map(drawing));
    fill_streams(p);
    const auto& map = p.map();
    p.ford("F2", {600, map.at('I').y + 20}, 0.2); // a ford AND a culvert: ford
    p.bridge("B2", {600, map.at('E').y - 24});    // a bridge AND a tunnel: bridge
    p.ford("F3", on_stream(map, 'C'), 0.2);       // a structure bridge AND a ford: bridge
    p.ford("F4", {600, map.at('K').y + 26}, 0.2); // 26 m away: beyond snap_m_crossing
    const auto a = routing::find_crossings(p.project());
    const auto s = statuses(a);
    CHECK(s.at("R5") == "ford fords:F2");
    CHECK(s.at("R3") == "bridge bridges:B2");
    CHECK(s.at("R2") == "bridge");
    CHECK(s.at("R6") == "unmarked");
}

TEST_CASE("crossings finds every crossing of a meander, whatever the noding", "[crossings]") {
    const test::ascii_map map(R"(
....M...N....
A...+...+...B
....O---P....
)");
    test::temp_dir dir;
    test::map_project p(dir / "khuc.sqlite", map);
    // R1 is split at the stream's first crossing into two parts; the stream crosses it twice.
    p.road_points("R1", {map.at('A'), {400, 200}});
    p.road_points("R1", {{400, 200}, map.at('B')});
    p.waterway("Khe Lả", "MOPN");
    // R2 runs along the stream's bottom for a stretch: one crossing, where the stretch begins.
    p.road_points("R2", {{200, 100}, {500, 100}, {500, 0}});
    const auto a = routing::find_crossings(p.project());
    REQUIRE(a.crossings.size() == 3);
    CHECK(a.crossings[0].road_code == "R1");
    CHECK(a.crossings[0].point == geo::xy{400, 200});
    CHECK(a.crossings[1].point == geo::xy{800, 200});
    CHECK(a.crossings[2].road_code == "R2");
    CHECK(a.crossings[2].point == geo::xy{400, 100});
}

TEST_CASE("crossings --add-fords codes, derived flag and idempotence", "[crossings]") {
    const test::ascii_map map(R"(
....M...N....
A...+...+...B
....O---P.E..
C.........+.D
..........F..
)");
    test::temp_dir dir;
    test::map_project p(dir / "them.sqlite", map);
    p.road("R1", "AB").road("R2", "CD");
    p.waterway("Khe Lả", "MOPN").waterway("Suối Đá", "EF");
    const auto first = routing::find_crossings(p.project());
    const auto fords = routing::fords_for_unmarked(first);
    REQUIRE(fords.size() == 3);
    CHECK(fords[0].code == "XR1-1");
    CHECK(fords[1].code == "XR1-2");
    CHECK(fords[2].code == "XR2-1");
    CHECK(fords[1].point == geo::xy{800, 400});
    layers::add_derived_fords(p.project(), fords);

    const auto stored = layers::read_fords(p.project());
    REQUIRE(stored.size() == 3);
    for (const auto& f : stored) {
        CHECK(f.derived);
        CHECK_FALSE(f.flood_depth_m);
        CHECK(f.name == f.code); // null name: the code stands in
        CHECK(layers::depth_basis(f) == "unknown");
    }
    const auto again = routing::find_crossings(p.project());
    CHECK(again.count(crossing_status::ford) == 3);
    CHECK(routing::fords_for_unmarked(again).empty());

    SECTION("a code taken by another ford is an error and nothing is written") {
        p.waterway("Suối Mới", "NB");
        p.project()
            .db()
            .prepare("UPDATE fords SET geom = MakePoint(0, 0, 32648) "
                     "WHERE code = 'XR1-1'")
            .run();
        const auto third = routing::fords_for_unmarked(routing::find_crossings(p.project()));
        REQUIRE(third.size() == 2); // the moved ford's crossing and the new stream's, at B
        CHECK(third[0].code == "XR1-1");
        CHECK(third[1].point == map.at('B'));
        CHECK_THROWS_WITH(layers::add_derived_fords(p.project(), third),
                          Catch::Contains("XR1-1") && Catch::Contains("no ford was added"));
        CHECK(layers::read_fords(p.project()).size() == 3);
    }
}

TEST_CASE("crossings finds as many points as all pairs of lines intersected", "[crossings]") {
    std::mt19937 rng(20261201);
    std::uniform_real_distribution<double> coord(0, 5000);
    std::uniform_int_distribution<int> vertices(2, 6);
    auto polyline = [&] {
        std::vector<geo::xy> points(static_cast<std::size_t>(vertices(rng)));
        for (auto& q : points)
            q = {coord(rng), coord(rng)};
        return points;
    };
    routing::crossings_input input;
    for (int i = 0; i < 60; ++i) {
        layers::road r;
        r.code = fmt::format("R{}", i);
        r.points = polyline();
        input.roads.push_back(r);
    }
    for (int i = 0; i < 40; ++i) {
        layers::waterway w;
        w.kind = "stream";
        w.points = polyline();
        input.waterways.push_back(w);
    }
    // The second computation: every pair through GEOS, points of one road within 1 cm merged.
    geo::geos_context geos;
    std::size_t expected = 0;
    for (const auto& r : input.roads) {
        std::vector<geo::xy> found;
        const auto road = geos.line(r.points);
        for (const auto& w : input.waterways) {
            const auto common = road.intersection(geos.line(w.points));
            for (int i = 0; !common.is_empty() && i < common.num_parts(); ++i) {
                const auto q = common.part(i).as_xy();
                bool seen = false;
                for (const auto& f : found)
                    seen = seen || std::hypot(f.x - q.x, f.y - q.y) <= 0.01;
                if (!seen)
                    found.push_back(q);
            }
        }
        expected += found.size();
    }
    const auto a = routing::find_crossings(input);
    CHECK(expected > 100);
    CHECK(a.crossings.size() == expected);
    CHECK(a.count(crossing_status::unmarked) == static_cast<std::int64_t>(expected));
    CHECK(std::is_sorted(a.crossings.begin(), a.crossings.end(), [](const auto& x, const auto& y) {
        return std::tie(x.road_code, x.point.x, x.point.y) <
               std::tie(y.road_code, y.point.x, y.point.y);
    }));
}
