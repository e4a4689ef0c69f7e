// Ranking on real small projects (SpatiaLite files drawn as ASCII maps): how each kind of
// project opens the scenario network, alone and together.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "layers/features.hpp"
#include "routing/ranking.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace allseason;
using test::ascii_map;
using test::map_project;

namespace {

using strings = std::vector<std::string>;

struct ranking_by_code {
    routing::rank_answer answer;
    std::map<std::string, routing::ranked_project> projects;
    strings order; // codes in rank order
    const routing::ranked_project& operator[](const std::string& code) const {
        const auto it = projects.find(code);
        REQUIRE(it != projects.end());
        return it->second;
    }
};

ranking_by_code rank_of(map_project& p, std::optional<double> budget = std::nullopt,
                        bool allow_reserve = false, const std::string& scenario = "rainy") {
    const auto net = routing::load_network(p.project(), true);
    const routing::routing_graph graph(net);
    const auto rules =
        routing::scenario_rules::from(layers::read_scenario(p.project(), scenario));
    routing::rank_options options;
    options.budget_million_vnd = budget;
    options.allow_reserve = allow_reserve;
    ranking_by_code out;
    out.answer = routing::compute_ranking(graph, rules, routing::destination::commune_centre,
                                          layers::read_reserve_zones(p.project()), options);
    for (const auto& r : out.answer.projects) {
        out.projects[net.projects[r.project].code] = r;
        out.order.push_back(net.projects[r.project].code);
    }
    return out;
}

std::string line(std::initializer_list<geo::xy> points) {
    std::string wkt = "LINESTRING(";
    bool first = true;
    for (auto p : points) {
        wkt += (first ? "" : ", ") + std::to_string(p.x) + " " + std::to_string(p.y);
        first = false;
    }
    return wkt + ")";
}

} // namespace

TEST_CASE("a new road bypassing a deep ford", "[routing][rank]") {
    test::temp_dir dir;
    // The centre at A, Nà Đình at B behind the deep ford F; the new road N1 goes round by
    // C and D, joining the network at A and B.
    const ascii_map map(R"(
A.......F.......B

..C...........D
)");
    map_project p(dir / "moi.sqlite", map);
    p.road("R1", "AFB", "concrete");
    p.ford("F1", map.at('F'), 1.2, "Ngầm Nà Đình");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("ND", "Nà Đình", 180, {1600, 150}, map.at('B'));
    p.project_row("N1", "road_new", "proposed",
                  line({map.at('A'), map.at('C'), map.at('D'), map.at('B')}), 9000);
    p.project_row("C1", "bridge", "approved", test::point_wkt(map.at('F')), 4500, "F1");

    SECTION("either project alone reaches the village; the cheaper ranks first") {
        const auto r = rank_of(p, 20000);
        CHECK(r.order == strings{"C1", "N1"});
        CHECK(r["C1"].households_unflooded == 180);
        CHECK(r["C1"].villages_unflooded == strings{"ND"});
        CHECK(r["C1"].households_per_billion_vnd == Approx(40.0));
        CHECK(r["N1"].households_unflooded == 180);
        CHECK(r["N1"].households_per_billion_vnd == Approx(20.0));
        REQUIRE(r.answer.portfolio);
        CHECK(r.answer.portfolio->projects == strings{"C1"});
        CHECK(r.answer.portfolio->method == "exact");
        CHECK(r.answer.portfolio->households_unflooded == 180);
        CHECK(r.answer.households_unreached == 180);
    }
    SECTION("a flood zone over the new road's southern stretch still closes it") {
        const auto mid = map.between('C', 'D', 0.5); // on the new road, 200 m south of R1
        p.hazard("rainy", test::box_wkt(mid.x - 100, mid.y - 50, mid.x + 100, mid.y + 50));
        const auto r = rank_of(p);
        CHECK(r["N1"].households_unflooded == 0);
        CHECK(r["C1"].households_unflooded == 180);
        CHECK(r.order == strings{"C1", "N1"});
    }
    SECTION("a done bridge is today's network: nothing left to unflood, done not listed") {
        p.project_row("C0", "bridge", "done", test::point_wkt(map.at('F')), 4000, "F1");
        const auto r = rank_of(p);
        CHECK(r.order == strings{"C1", "N1"});
        CHECK(r.answer.households_unreached == 0);
        CHECK(r["C1"].households_unflooded == 0);
    }
}

TEST_CASE("upgrading an earth road with a deep ford on it gains nothing until the ford is "
          "bridged",
          "[routing][rank]") {
    test::temp_dir dir;
    // R1 asphalt from the centre A to B; R2 earth from B over the ford F to C. Thôn Giữa (G)
    // lies on the earth road before the ford, Khe Cạn (C) beyond it.
    const ascii_map map(R"(
A.......B...G...F...C
)");
    map_project p(dir / "dat.sqlite", map);
    p.road("R1", "AB", "asphalt");
    p.road("R2", "BGFC", "earth", "village_axis", "Đường Khe Cạn");
    p.ford("F2", map.at('F'), 0.8, "Ngầm Khe Cạn");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("KC", "Khe Cạn", 75, {2000, 150}, map.at('C'));
    p.project_row("U2", "road_upgrade", "proposed", line({map.at('B'), map.at('C')}), 6000,
                  std::nullopt, "R2");
    // No ford_code: the bridge is placed 10 m from the ford, within 25 m.
    p.project_row("B2", "bridge", "proposed",
                  test::point_wkt({map.at('F').x + 6, map.at('F').y + 8}), 3000);

    SECTION("alone, neither reaches Khe Cạn; each needs the other") {
        const auto r = rank_of(p, 9000);
        CHECK(r["U2"].households_unflooded == 0);
        CHECK(r["B2"].households_unflooded == 0);
        CHECK(r["U2"].needs == strings{"B2"});
        CHECK(r["B2"].needs == strings{"U2"});
        CHECK(r["B2"].households_with_needs == 75);
        CHECK(r["B2"].cost_with_needs_million_vnd == Approx(9000));
        REQUIRE(r.answer.portfolio);
        CHECK(r.answer.portfolio->projects == strings{"B2", "U2"});
        CHECK(r.answer.portfolio->households_unflooded == 75);
        CHECK(r.answer.portfolio->villages_unflooded == strings{"KC"});
        // The curve buys both in one step.
        REQUIRE(r.answer.curve.size() == 1);
        CHECK(r.answer.curve[0].projects.size() == 2);
        CHECK(r.answer.curve[0].cumulative_households_unflooded == 75);
    }
    SECTION("a budget for one of them buys nothing") {
        const auto r = rank_of(p, 8000);
        REQUIRE(r.answer.portfolio);
        CHECK(r.answer.portfolio->projects.empty());
        CHECK(r.answer.portfolio->households_unflooded == 0);
    }
    SECTION("a village on the earth road before the ford: the upgrade alone reaches it") {
        p.village("TG", "Thôn Giữa", 40, {1200, 150}, map.at('G'));
        const auto r = rank_of(p);
        CHECK(r["U2"].households_unflooded == 40);
        CHECK(r["U2"].villages_unflooded == strings{"TG"});
        CHECK(r["B2"].households_unflooded == 0);
        CHECK(r["B2"].needs == strings{"U2"});
        CHECK(r["B2"].households_with_needs == 115);
        CHECK(r.order == strings{"U2", "B2"});
    }
    SECTION("in the dry scenario nothing is closed, so nothing is gained") {
        const auto r = rank_of(p, std::nullopt, false, "dry");
        CHECK(r["U2"].households_unflooded == 0);
        CHECK(r["B2"].households_unflooded == 0);
        CHECK(r.answer.households_unreached == 0);
        CHECK(r["B2"].notes == strings{"ford F2 does not close in scenario dry"});
    }
}

TEST_CASE("a project entering a reserve core zone is flagged and kept out of portfolios",
          "[routing][rank]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A.......F.......B

..C...........D
)");
    map_project p(dir / "rung.sqlite", map);
    p.road("R1", "AFB", "concrete");
    p.ford("F1", map.at('F'), 1.2);
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("ND", "Nà Đình", 180, {1600, 150}, map.at('B'));
    p.project_row("N1", "road_new", "building",
                  line({map.at('A'), map.at('C'), map.at('D'), map.at('B')}), 3000);
    p.project_row("C1", "bridge", "proposed", test::point_wkt(map.at('F')), 4500, "F1");
    p.project().db()
        .prepare("INSERT INTO reserve_zones (name, zone, geom) VALUES (?, ?, "
                 "CastToMultiPolygon(GeomFromText(?, 32648)))")
        .bind(1, "Khe Rồ")
        .bind(2, "core")
        .bind(3, test::box_wkt(map.between('C', 'D', 0.5).x - 100, map.at('C').y - 50,
                               map.between('C', 'D', 0.5).x + 100, map.at('C').y + 50))
        .run();

    const auto r = rank_of(p, 10000);
    CHECK(r["N1"].conflicts == strings{"reserve_core:Khe Rồ"});
    CHECK(r["C1"].conflicts.empty());
    CHECK(r.order == strings{"N1", "C1"}); // still ranked: cheaper for the same households
    CHECK(r.answer.portfolio->projects == strings{"C1"});
    const auto allowed = rank_of(p, 10000, true);
    CHECK(allowed.answer.portfolio->projects == strings{"N1"});
}

TEST_CASE("households_per_billion_vnd rounds to two decimals", "[routing][rank]") {
    CHECK(routing::households_per_billion(180, 4500) == Approx(40.0));
    CHECK(routing::households_per_billion(100, 3000) == Approx(33.33).epsilon(1e-9));
    CHECK(routing::households_per_billion(124, 6800) == Approx(18.24).epsilon(1e-9));
    CHECK_FALSE(routing::households_per_billion(10, 0));
}
