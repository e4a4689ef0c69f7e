// `province` on real small communes (SpatiaLite files drawn as ASCII maps): each commune valued
// on its own network, one ranking and one portfolio across them, checked against a brute force
// over every set of projects.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "layers/features.hpp"
#include "routing/province.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <random>

using namespace allseason;
using test::ascii_map;
using test::map_project;

namespace {

using strings = std::vector<std::string>;

routing::commune_valuation value_of(map_project& p, const std::string& schema,
                                    const std::string& name) {
    const auto today_net = routing::load_network(p.project(), false);
    const auto proposed_net = routing::load_network(p.project(), true);
    const routing::routing_graph today(today_net);
    const routing::routing_graph proposed(proposed_net);
    const auto rules = routing::scenario_rules::from(layers::read_scenario(p.project(), "rainy"));
    return routing::value_commune(schema, name, today, proposed, rules,
                                  routing::destination::commune_centre,
                                  layers::read_reserve_zones(p.project()), {});
}

// Two fords in series between the centre A and Thôn Nà Ó at D: both bridges or nothing.
void two_fords_in_series(map_project& p, const ascii_map& map) {
    p.road("R1", "ABCD", "concrete");
    p.ford("F1", map.at('B'), 1.0, "Ngầm Khe Rồ");
    p.ford("F2", map.at('C'), 1.0, "Ngầm Nà Ó");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NO", "Thôn Nà Ó", 120, {700, 150}, map.at('D'));
    p.project_row("P1", "bridge", "proposed", test::point_wkt(map.at('B')), 3000, "F1");
    p.project_row("P2", "bridge", "approved", test::point_wkt(map.at('C')), 3000, "F2");
}

// One ford between the centre A and Bản Đồng Bằng at C.
void one_ford(map_project& p, const ascii_map& map) {
    p.road("R1", "ABC", "asphalt");
    p.ford("F1", map.at('B'), 0.8, "Ngầm Đồng Bằng");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("DB", "Bản Đồng Bằng", 100, {500, 150}, map.at('C'));
    p.project_row("P1", "bridge", "proposed", test::point_wkt(map.at('B')), 5000, "F1");
}

const routing::province_project& find(const routing::province_answer& a, const std::string& schema,
                                      const std::string& code) {
    for (const auto& p : a.projects) {
        if (p.schema == schema && p.code == code) {
            return p;
        }
    }
    FAIL("no project " << schema << "." << code);
    throw;
}

} // namespace

TEST_CASE("province: two communes, worked by hand", "[routing][province]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A..B..C..D
)");
    map_project an_lac(dir / "an_lac.sqlite", map);
    two_fords_in_series(an_lac, map);
    map_project tuan_dao(dir / "tuan_dao.sqlite", map);
    one_ford(tuan_dao, map);

    auto communes = [&] {
        std::vector<routing::commune_valuation> out;
        out.push_back(value_of(an_lac, "an_lac", "Xã An Lạc"));
        out.push_back(value_of(tuan_dao, "tuan_dao", "Xã Tuấn Đạo"));
        return out;
    };

    SECTION("each commune's summary is its own cutoff") {
        const auto a = routing::combine_province(communes(), std::nullopt, "rainy",
                                                 routing::destination::commune_centre);
        REQUIRE(a.communes.size() == 2);
        CHECK(a.communes[0].name == "Xã An Lạc");
        CHECK(a.communes[0].summary.villages_cut_off == 1);
        CHECK(a.communes[0].summary.households_cut_off == 120);
        CHECK(a.communes[1].summary.households_cut_off == 100);
        CHECK(!a.portfolio);
    }
    SECTION("ranked by households per billion đồng across communes; codes repeat by schema") {
        const auto a = routing::combine_province(communes(), std::nullopt, "rainy",
                                                 routing::destination::commune_centre);
        REQUIRE(a.projects.size() == 3);
        CHECK(a.projects[0].schema == "tuan_dao");
        CHECK(a.projects[0].households_unflooded == 100);
        CHECK(a.projects[0].households_per_billion_vnd == Approx(20.0));
        CHECK(a.projects[0].villages_unflooded == strings{"DB"});
        CHECK(find(a, "an_lac", "P1").households_unflooded == 0);
        CHECK(find(a, "an_lac", "P2").households_unflooded == 0);
        CHECK(a.projects[1].rank == 2);
    }
    SECTION("the budget buys An Lạc's pair when it can, Tuấn Đạo's bridge when it cannot") {
        auto a = routing::combine_province(communes(), 6000, "rainy",
                                           routing::destination::commune_centre);
        REQUIRE(a.portfolio);
        CHECK(a.portfolio->households_unflooded == 120);
        CHECK(a.portfolio->cost_million_vnd == 6000);
        CHECK(a.portfolio->method == "exact");
        CHECK(find(a, "an_lac", "P1").in_portfolio);
        CHECK(find(a, "an_lac", "P2").in_portfolio);
        a = routing::combine_province(communes(), 5999, "rainy",
                                      routing::destination::commune_centre);
        CHECK(a.portfolio->households_unflooded == 100);
        REQUIRE(a.portfolio->projects.size() == 1);
        CHECK(a.projects[a.portfolio->projects[0]].schema == "tuan_dao");
        a = routing::combine_province(communes(), 11000, "rainy",
                                      routing::destination::commune_centre);
        CHECK(a.portfolio->households_unflooded == 220);
    }
}

TEST_CASE("province portfolio equals brute force over every set", "[routing][province]") {
    // Random component graphs stand for communes; the merged search must find the best set
    // that a sum of per-commune values finds by trying them all.
    std::mt19937 rng(20261202);
    for (int round = 0; round < 40; ++round) {
        std::vector<routing::component_graph> communes;
        const int commune_count = 2 + static_cast<int>(rng() % 3);
        for (int c = 0; c < commune_count; ++c) {
            routing::component_graph g;
            g.component_count = 3 + rng() % 4;
            g.destinations = {routing::component_id{0}};
            for (std::uint32_t k = 1; k < g.component_count; ++k) {
                g.places.push_back({routing::component_id{k}, 1 + static_cast<int>(rng() % 90),
                                    fmt::format("V{}", k)});
            }
            const int projects = 1 + static_cast<int>(rng() % 3);
            for (int p = 0; p < projects; ++p) {
                routing::candidate_project cp;
                cp.code = fmt::format("P{}", p);
                cp.cost_vnd = (1 + static_cast<std::int64_t>(rng() % 9)) * 1'000'000'000;
                const auto a = rng() % g.component_count;
                const auto b = rng() % g.component_count;
                cp.links.push_back({routing::component_id{static_cast<std::uint32_t>(a)},
                                    routing::component_id{static_cast<std::uint32_t>(b)}});
                g.projects.push_back(cp);
            }
            communes.push_back(std::move(g));
        }
        const std::int64_t budget = (3 + static_cast<std::int64_t>(rng() % 10)) * 1'000'000'000;
        const routing::portfolio_model merged(routing::merge_component_graphs(communes));
        routing::portfolio_options po;
        po.budget_vnd = budget;
        const auto best = merged.best_portfolio(po);

        // Brute force: every subset, valued commune by commune on its own graph.
        std::vector<routing::portfolio_model> own;
        std::vector<std::pair<std::size_t, std::size_t>> where; // (commune, project)
        for (std::size_t c = 0; c < communes.size(); ++c) {
            own.emplace_back(communes[c]);
            for (std::size_t p = 0; p < communes[c].projects.size(); ++p) {
                where.emplace_back(c, p);
            }
        }
        std::int64_t best_value = -1;
        std::int64_t best_cost = 0;
        for (std::uint32_t mask = 0; mask < (1u << where.size()); ++mask) {
            std::vector<std::vector<std::size_t>> sets(communes.size());
            std::int64_t cost = 0;
            for (std::size_t i = 0; i < where.size(); ++i) {
                if (mask & (1u << i)) {
                    sets[where[i].first].push_back(where[i].second);
                    cost += communes[where[i].first].projects[where[i].second].cost_vnd;
                }
            }
            if (cost > budget) {
                continue;
            }
            std::int64_t value = 0;
            for (std::size_t c = 0; c < communes.size(); ++c) {
                value += own[c].value(sets[c]);
            }
            if (value > best_value || (value == best_value && cost < best_cost)) {
                best_value = value;
                best_cost = cost;
            }
        }
        INFO("round " << round);
        CHECK(best.method == "exact");
        CHECK(best.households == best_value);
        CHECK(best.cost_vnd == best_cost);
    }
}
