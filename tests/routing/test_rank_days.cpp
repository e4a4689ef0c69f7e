// rank --by household_days (contract §4): each project's household-days avoided alone and the
// portfolio, worked by hand and against brute force over every set on random networks.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include "routing/ranking.hpp"
#include "routing/risk.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

using namespace allseason;

namespace {

using strings = std::vector<std::string>;

// The three routes of test_risk.cpp with a bridge project over each ford.
const test::ascii_map three_routes(R"(
A....a...b....Z
..D.....c...E..
.F..e.....f..G.
)");

void make_commune(test::map_project& p) {
    const auto& m = p.map();
    p.road("R1", "AabZ").road("R2", "ADcEZ").road("R3", "AFefGZ");
    p.facility("UBND", "commune_centre", m.at('A'));
    p.village("NL", "Thôn Nà Lừa", 40, {m.at('Z').x, m.at('Z').y + 50}, m.at('Z'));
    for (char f : std::string("abcef"))
        p.ford(std::string(1, f), m.at(f), 0.4, fmt::format("Ngầm {}", f));
    p.project().db().exec(
        "UPDATE fords SET flooded_days_per_year = CASE code WHEN 'a' THEN 90 WHEN 'b' THEN 5 "
        "WHEN 'c' THEN 45 WHEN 'e' THEN 10 ELSE 20 END");
    const std::pair<char, double> costs[] = {
        {'a', 1000}, {'b', 1000}, {'c', 3000}, {'e', 500}, {'f', 500}};
    for (const auto& [f, cost] : costs) {
        p.project_row(fmt::format("P{}", f), "bridge", "proposed", test::point_wkt(m.at(f)), cost,
                      std::string(1, f));
    }
}

routing::rank_answer rank_days(test::map_project& p, std::optional<double> budget,
                               const std::string& vehicle = "motorbike") {
    const auto rules = routing::scenario_rules::from(
        layers::resolve_scenario(p.project(), {"rainy", vehicle, std::nullopt}));
    const auto net = routing::load_network(p.project(), true);
    const routing::routing_graph graph(net);
    routing::rank_options options;
    options.budget_million_vnd = budget;
    options.by_household_days = true;
    return routing::compute_ranking(graph, rules, routing::destination::commune_centre, {},
                                    options);
}

strings ranked(const test::map_project&, const routing::rank_answer& a,
               const routing::network& net) {
    strings out;
    for (const auto& r : a.projects)
        out.push_back(fmt::format("{}:{}", net.projects[r.project].code, r.households_unflooded));
    return out;
}

} // namespace

TEST_CASE("rank --by household_days values projects by the days they remove, worked by hand",
          "[risk][rank]") {
    test::temp_dir dir;
    test::map_project p(dir / "hang.sqlite", three_routes);
    make_commune(p);
    // Today (motorbike): Nà Lừa 40 households × 20 days = 800 household-days.
    //  Pa: R1 then closes only on b's 5 days → 40 × (20 − 5) = 600;
    //  Pb: R1 still a's 90 days → 0;  Pc: R2 open all year → 800;
    //  Pe: R3 still f's 20 → 0;       Pf: R3 on e's 10 → 400.
    const auto net = routing::load_network(p.project(), true);
    const auto a = rank_days(p, std::nullopt);
    CHECK(a.by_household_days);
    CHECK(a.households_unreached == 800);
    CHECK(ranked(p, a, net) == strings{"Pc:800", "Pa:600", "Pf:400", "Pe:0", "Pb:0"});
    // Pe and Pf together open R3 (800) for 1,000; Pa and Pb together R1 for 2,000: the cheaper.
    const auto two = rank_days(p, 2000);
    REQUIRE(two.portfolio);
    CHECK(two.portfolio->method == "exact");
    CHECK(two.portfolio->households_unflooded == 800);
    CHECK(two.portfolio->cost_million_vnd == 1000);
    CHECK(two.portfolio->projects == strings{"Pf", "Pe"});
    const auto small = rank_days(p, 600);
    CHECK(small.portfolio->projects == strings{"Pf"});
    CHECK(small.portfolio->households_unflooded == 400);
    // Pe is worth nothing alone but completes R3 with Pf.
    for (const auto& r : a.projects) {
        if (net.projects[r.project].code == "Pe") {
            CHECK(r.needs == strings{"Pf"});
            CHECK(r.households_with_needs == 800);
        }
    }
}

TEST_CASE("rank --by household_days through the CLI", "[risk][rank][cli]") {
    test::temp_dir dir;
    const auto path = dir / "hang.sqlite";
    {
        test::map_project p(path, three_routes);
        make_commune(p);
    }
    const auto r =
        test::run_allseason({"rank", path.string(), "--by", "household_days", "--vehicle",
                             "motorbike", "--budget", "2000", "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["by"] == "household_days");
    CHECK(j["household_days_per_year"] == 800);
    CHECK(j["projects"][0]["code"] == "Pc");
    CHECK(j["projects"][0]["household_days_avoided"] == 800);
    CHECK(j["projects"][0]["household_days_per_billion_vnd"] == Approx(266.67));
    CHECK(j["portfolio"]["household_days_avoided"] == 800);
    CHECK(j["portfolio"]["method"] == "exact");
    CHECK(j["portfolio"]["projects"] == nlohmann::json(strings{"Pf", "Pe"}));
    const auto csv = test::run_allseason({"rank", path.string(), "--by", "household_days",
                                          "--vehicle", "motorbike", "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK_THAT(csv.out, Catch::Contains("household_days_avoided"));
    CHECK_THAT(csv.out, Catch::Contains("\n1,Pc,"));
    // Plain rank keeps its households answer; an unknown --by is a usage error.
    const auto plain = test::run_allseason({"rank", path.string(), "--format", "json"});
    REQUIRE(plain.exit_code == 0);
    CHECK(nlohmann::json::parse(plain.out)["projects"][0].contains("households_unflooded"));
    CHECK(test::run_allseason({"rank", path.string(), "--by", "ngày"}).exit_code == 2);
}

namespace {

// Household-days a year with some projects built, by the risk search alone.
std::int64_t household_days(const routing::network& net, const routing::scenario_rules& rules,
                            const routing::what_if& built) {
    const routing::scenario_state state(net, rules, built);
    const auto days = routing::compute_closure_days(state, routing::closure_day_rules{});
    const auto sources = routing::destination_nodes(net, routing::destination::commune_centre);
    const auto iso = routing::isolation_days(net, days, sources);
    std::set<std::string> villages;
    for (const auto& v : net.villages)
        villages.insert(v.code);
    std::int64_t total = 0;
    for (std::size_t p = 0; p < net.places.size(); ++p) {
        const auto& pl = net.places[p];
        if (!iso.days[p])
            continue;
        if (pl.kind == routing::place_kind::village)
            total += net.villages[pl.index].households.value_or(0) * *iso.days[p];
        // A household point counts one household, when its village is in the layer.
        if (pl.kind == routing::place_kind::household &&
            villages.count(net.households[pl.index].village_code))
            total += *iso.days[p];
    }
    return total;
}

routing::what_if works(const routing::network& net, unsigned set) {
    routing::what_if w;
    for (std::size_t i = 0; i < net.projects.size(); ++i) {
        if (!(set >> i & 1u))
            continue;
        const auto& p = net.projects[i];
        if (p.kind == "bridge" && p.ford_code)
            w.bridged_fords.push_back(*p.ford_code);
        else if (p.kind == "road_upgrade" && p.road_code)
            w.hardened_roads.push_back(*p.road_code);
        else if (p.kind == "road_new")
            w.built_roads.push_back(p.code);
    }
    return w;
}

void random_commune(test::map_project& p, std::mt19937& rng) {
    std::uniform_real_distribution<double> unit(0, 1);
    auto at = [](int i, int j) { return geo::xy{1000.0 + 200.0 * i, 1000.0 + 200.0 * j}; };
    int roads = 0, fords = 0, projects = 0;
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            for (const auto& [di, dj] : {std::pair{1, 0}, {0, 1}}) {
                if (i + di >= 3 || j + dj >= 3 || unit(rng) > 0.8)
                    continue;
                const auto a = at(i, j), b = at(i + di, j + dj);
                const std::string road = fmt::format("R{}", ++roads);
                const bool earth = unit(rng) < 0.3;
                p.road_points(road, {a, b}, earth ? "earth" : "asphalt");
                if (earth && projects < 7 && unit(rng) < 0.5) {
                    p.project_row(fmt::format("U{}", ++projects), "road_upgrade", "proposed",
                                  test::point_wkt(a), static_cast<double>(100 + rng() % 900),
                                  std::nullopt, road);
                }
                if (unit(rng) < 0.45) {
                    const std::string code = fmt::format("F{}", ++fords);
                    const geo::xy mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
                    p.ford(code, mid, 0.5);
                    p.project()
                        .db()
                        .prepare("UPDATE fords SET flooded_days_per_year = ? WHERE code = ?")
                        .bind(1, static_cast<std::int64_t>(1 + rng() % 50))
                        .bind(2, code)
                        .run();
                    if (projects < 7 && unit(rng) < 0.7) {
                        p.project_row(fmt::format("B{}", ++projects), "bridge", "proposed",
                                      test::point_wkt(mid), static_cast<double>(100 + rng() % 900),
                                      code);
                    }
                }
            }
        }
    }
    p.facility("UBND", "commune_centre", at(0, 0));
    for (int v = 0; v < 4; ++v) {
        p.point_village(fmt::format("V{}", v), fmt::format("Thôn {}", v), 5 + 7 * v,
                        at(static_cast<int>(rng() % 3), static_cast<int>(rng() % 3)));
    }
}

} // namespace

TEST_CASE("rank --by household_days equals brute force over every set", "[risk][rank]") {
    int with_value = 0; // portfolios worth something: the cases are not all trivial
    for (unsigned seed = 1; seed <= 16; ++seed) {
        test::temp_dir dir;
        std::mt19937 rng(seed * 7919);
        test::map_project p(dir / "r.sqlite", test::ascii_map("A"));
        random_commune(p, rng);
        const auto rules = routing::scenario_rules::from(
            layers::resolve_scenario(p.project(), {"rainy", "car", std::nullopt}));
        const auto net = routing::load_network(p.project(), true);
        const auto budget = static_cast<double>(900 + rng() % 1500);
        const auto a = rank_days(p, budget, "car");
        const auto base = household_days(net, rules, {});
        INFO(fmt::format("seed {} budget {} base {}", seed, budget, base));
        CHECK(a.households_unreached == base);
        for (const auto& r : a.projects) {
            const auto i = r.project;
            CHECK(r.households_unflooded == base - household_days(net, rules, works(net, 1u << i)));
        }
        std::int64_t best = 0;
        double best_cost = 0;
        for (unsigned set = 0; set < (1u << net.projects.size()); ++set) {
            double cost = 0;
            for (std::size_t i = 0; i < net.projects.size(); ++i)
                cost += (set >> i & 1u) ? net.projects[i].cost_million_vnd : 0;
            if (cost > budget)
                continue;
            const auto value = base - household_days(net, rules, works(net, set));
            if (value > best || (value == best && cost < best_cost)) {
                best = value;
                best_cost = cost;
            }
        }
        REQUIRE(a.portfolio);
        CHECK(a.portfolio->method == "exact");
        CHECK(a.portfolio->households_unflooded == best);
        CHECK(a.portfolio->cost_million_vnd == best_cost);
        with_value += best > 0 ? 1 : 0;
    }
    CHECK(with_value >= 8);
}

TEST_CASE("An Lạc: household-days avoided agree with risk on the network with each project built",
          "[risk][rank][anlac]") {
    test::temp_dir dir;
    const auto demo = test::run_allseason({"demo", (dir / "demo").string()});
    INFO(demo.err);
    REQUIRE(demo.exit_code == 0);
    const auto path = dir / "demo" / "anlac.sqlite";
    // risk through the CLI: Nà Trắng behind F01 (24 days in fords.geojson), Thác behind F02
    // (18), Nà Ó on the earth road R15 (rainy_season_days 120).
    const auto r = test::run_allseason({"risk", path.string(), "--format", "json"});
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    std::map<std::string, nlohmann::json> by_code;
    for (const auto& v : j["villages"])
        by_code[v["code"]] = v;
    CHECK(by_code["NT"]["isolation_days_per_year"] == 24);
    CHECK(by_code["NT"]["limited_by"][0]["code"] == "F01");
    CHECK(by_code["TH"]["isolation_days_per_year"] == 18);
    CHECK(by_code["NO"]["isolation_days_per_year"] == 120);
    CHECK(by_code["NO"]["limited_by"][0]["code"] == "R15");
    CHECK(j["summary"]["villages_isolated"] == 3);

    // Each project alone (bridges, upgrades and new roads) against risk with it built.
    auto project = layers::project::open(path, false);
    const auto rules = routing::scenario_rules::from(
        layers::resolve_scenario(project, {"rainy", "car", std::nullopt}));
    const auto net = routing::load_network(project, true);
    const routing::routing_graph graph(net);
    routing::rank_options options;
    options.by_household_days = true;
    const auto a =
        routing::compute_ranking(graph, rules, routing::destination::commune_centre, {}, options);
    const auto base = household_days(net, rules, {});
    CHECK(base == j["summary"]["household_days_per_year"]);
    CHECK(a.households_unreached == base);
    bool road_new_counts = false;
    for (const auto& p : a.projects) {
        INFO(net.projects[p.project].code);
        CHECK(p.households_unflooded ==
              base - household_days(net, rules, works(net, 1u << p.project)));
        road_new_counts = road_new_counts || (net.projects[p.project].kind == "road_new" &&
                                              p.households_unflooded > 0);
    }
    CHECK(road_new_counts);
}
