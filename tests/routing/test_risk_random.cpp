// risk against brute force on small random networks: for each village, the smallest threshold D
// such that the village reaches the destination using only parts closed at most D days a year.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "routing/risk.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <limits>
#include <queue>
#include <random>
#include <set>

using namespace allseason;

namespace {

// Closure days of a crossing and a road part, from the layers' own rows (not risk's code).
struct brute_days {
    const routing::network& net;
    const routing::scenario_state& scenario;
    const routing::scenario_state& dry;
    std::uint32_t node(std::uint32_t n) const {
        std::uint32_t most = 0;
        for (auto c = net.node_first_crossing[n]; c != routing::no_index;
             c = net.crossing_next[c]) {
            if (scenario.crossing_closed(c)) {
                const auto& f = net.fords[net.crossings[c].index];
                most = std::max<std::uint32_t>(
                    most, static_cast<std::uint32_t>(f.flooded_days_per_year.value_or(15)));
            }
        }
        return most;
    }
    std::uint32_t edge(std::uint32_t e) const {
        const bool earth = scenario.edge_closure(routing::edge_id{e}) & routing::closed_by_surface;
        return earth ? 120u : 0u;
    }
};

bool reaches(const routing::network& net, const brute_days& days,
             const std::vector<routing::node_id>& sources, routing::node_id target,
             std::uint32_t level) {
    std::vector<bool> seen(net.node_count(), false);
    std::queue<std::uint32_t> queue;
    for (auto s : sources) {
        if (days.node(s.value) <= level && !seen[s.value]) {
            seen[s.value] = true;
            queue.push(s.value);
        }
    }
    while (!queue.empty()) {
        const auto u = queue.front();
        queue.pop();
        if (u == target.value)
            return true;
        // A plain scan of every edge: slow and obviously right.
        for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
            const auto& ed = net.edges[e];
            if (ed.a.value != u && ed.b.value != u)
                continue;
            const auto v = ed.a.value == u ? ed.b.value : ed.a.value;
            if (seen[v] || !days.dry.edge_open(routing::edge_id{e}) || days.edge(e) > level ||
                days.node(v) > level)
                continue;
            seen[v] = true;
            queue.push(v);
        }
    }
    return false;
}

// A grid of `size` × `size` points 200 m apart; each grid link a road with probability 0.7,
// earth one time in four; a ford in the middle of one road in three with a random depth (or
// none) and random days (or none).
void random_commune(test::map_project& p, std::mt19937& rng, int size) {
    std::uniform_real_distribution<double> unit(0, 1);
    auto at = [](int i, int j) { return geo::xy{1000.0 + 200.0 * i, 1000.0 + 200.0 * j}; };
    int roads = 0, fords = 0;
    for (int i = 0; i < size; ++i) {
        for (int j = 0; j < size; ++j) {
            for (const auto& [di, dj] : {std::pair{1, 0}, {0, 1}}) {
                if (i + di >= size || j + dj >= size || unit(rng) > 0.7)
                    continue;
                const auto a = at(i, j), b = at(i + di, j + dj);
                p.road_points(fmt::format("R{}", ++roads), {a, b},
                              unit(rng) < 0.25 ? "earth" : "asphalt");
                if (unit(rng) < 0.35) {
                    const std::string code = fmt::format("F{}", ++fords);
                    p.ford(code, {(a.x + b.x) / 2, (a.y + b.y) / 2}, 0.1 + 0.5 * unit(rng));
                    auto& db = p.project().db();
                    if (unit(rng) < 0.15) {
                        db.prepare("UPDATE fords SET flood_depth_m = NULL WHERE code = ?")
                            .bind(1, code)
                            .run();
                    }
                    if (unit(rng) < 0.8) {
                        db.prepare("UPDATE fords SET flooded_days_per_year = ? WHERE code = ?")
                            .bind(1, static_cast<std::int64_t>(1 + rng() % 60))
                            .bind(2, code)
                            .run();
                    }
                }
            }
        }
    }
    p.facility("UBND", "commune_centre", at(0, 0));
    for (int v = 0; v < size + 2; ++v) {
        const int i = static_cast<int>(rng() % size), j = static_cast<int>(rng() % size);
        p.point_village(fmt::format("V{}", v), fmt::format("Thôn {}", v), 10 + v, at(i, j));
    }
}

} // namespace

TEST_CASE("risk equals the brute-force threshold search on random networks", "[risk]") {
    const char* vehicles[] = {"motorbike", "car", "truck"};
    std::set<std::optional<std::uint32_t>> answers_seen; // the cases really vary
    for (unsigned seed = 1; seed <= 24; ++seed) {
        test::temp_dir dir;
        std::mt19937 rng(seed);
        test::map_project p(dir / "r.sqlite", test::ascii_map("A"));
        random_commune(p, rng, 3 + static_cast<int>(seed % 3));
        const std::string vehicle = vehicles[seed % 3];
        const auto rules = routing::scenario_rules::from(
            layers::resolve_scenario(p.project(), {"rainy", vehicle, std::nullopt}));
        const auto net = routing::load_network(p.project());
        const auto answer = routing::compute_risk(net, rules, routing::destination::commune_centre,
                                                  routing::closure_day_rules{});
        const routing::scenario_state scenario(net, rules);
        const routing::scenario_state dry(net, routing::scenario_rules::dry());
        const brute_days days{net, scenario, dry};
        std::set<std::uint32_t> levels{0, 120};
        for (const auto& f : net.fords)
            levels.insert(static_cast<std::uint32_t>(f.flooded_days_per_year.value_or(15)));
        const auto sources = routing::destination_nodes(net, routing::destination::commune_centre);
        for (const auto& v : answer.villages) {
            INFO(fmt::format("seed {} vehicle {} village {}", seed, vehicle,
                             net.villages[v.village].code));
            const auto& place = net.places[net.village_access[v.village]];
            std::optional<std::uint32_t> expected;
            for (auto level : levels) {
                if (place.node.valid() && reaches(net, days, sources, place.node, level)) {
                    expected = level;
                    break;
                }
            }
            CHECK(v.isolation_days_per_year == expected);
            answers_seen.insert(expected);
            // limited_by: present exactly when isolated, every element closed those days.
            CHECK(v.limited_by.empty() == (expected.value_or(0) == 0));
            for (const auto& l : v.limited_by)
                CHECK(l.days == expected.value_or(0));
        }
    }
    // Open all year, unreachable, earth roads (120) and several ford days among the answers.
    CHECK(answers_seen.count(0u) == 1);
    CHECK(answers_seen.count(std::nullopt) == 1);
    CHECK(answers_seen.count(120u) == 1);
    CHECK(answers_seen.size() >= 6);
}

namespace {

// Every simple path from `node` to a destination over parts closed at most `level` days: the
// fewest distinct elements closed exactly `level` days on one of them.
struct path_search {
    const routing::network& net;
    const routing::closure_days& days;
    std::uint32_t level;
    std::vector<bool> is_source;
    std::vector<bool> on_path;
    std::vector<routing::element> elements; // on the current path, with repeats
    std::size_t best = std::numeric_limits<std::size_t>::max();

    void visit_node(std::uint32_t n) {
        for (auto c = net.node_first_crossing[n]; c != routing::no_index;
             c = net.crossing_next[c]) {
            if (days.crossing_days[c] == level)
                elements.push_back({routing::element_layer::fords, net.crossings[c].index});
        }
    }
    void walk(std::uint32_t n) {
        const auto mark = elements.size();
        visit_node(n);
        on_path[n] = true;
        if (is_source[n]) {
            best =
                std::min(best, std::set<routing::element>(elements.begin(), elements.end()).size());
        } else {
            for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
                const auto& ed = net.edges[e];
                if (ed.a.value != n && ed.b.value != n)
                    continue;
                const auto m = ed.a.value == n ? ed.b.value : ed.a.value;
                if (on_path[m] || !days.usable[e] ||
                    days.route_days(net, routing::edge_id{e}) > level)
                    continue;
                const auto before = elements.size();
                if (days.edge_days[e] == level)
                    elements.push_back({routing::element_layer::roads, net.roads[ed.road].code});
                walk(m);
                elements.resize(before);
            }
        }
        on_path[n] = false;
        elements.resize(mark);
    }
};

} // namespace

TEST_CASE("limited_by names the fewest worst elements any bottleneck route needs (brute force)",
          "[risk]") {
    int checked = 0;
    int several = 0; // cases where the best route needs two or more worst elements
    for (unsigned seed = 101; seed <= 130; ++seed) {
        test::temp_dir dir;
        std::mt19937 rng(seed);
        test::map_project p(dir / "l.sqlite", test::ascii_map("A"));
        random_commune(p, rng, 3 + static_cast<int>(seed % 2));
        const auto rules = routing::scenario_rules::from(
            layers::resolve_scenario(p.project(), {"rainy", "motorbike", std::nullopt}));
        const auto net = routing::load_network(p.project());
        const auto answer = routing::compute_risk(net, rules, routing::destination::commune_centre,
                                                  routing::closure_day_rules{});
        const routing::scenario_state scenario(net, rules);
        const auto days = routing::compute_closure_days(scenario, routing::closure_day_rules{});
        std::vector<bool> is_source(net.node_count(), false);
        for (auto s : routing::destination_nodes(net, routing::destination::commune_centre))
            is_source[s.value] = true;
        for (const auto& v : answer.villages) {
            const auto level = v.isolation_days_per_year.value_or(0);
            if (level == 0)
                continue;
            INFO(fmt::format("seed {} village {}", seed, net.villages[v.village].code));
            path_search search{net, days, level, is_source, std::vector<bool>(net.node_count()),
                               {}};
            search.walk(net.places[net.village_access[v.village]].node.value);
            CHECK(v.limited_by.size() == search.best);
            ++checked;
            several += search.best >= 2 ? 1 : 0;
        }
    }
    CHECK(checked >= 20);
    CHECK(several >= 3);
}
