// risk against brute force on small random networks: for each village, the smallest threshold D
// such that the village reaches the destination using only parts closed at most D days a year.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "routing/risk.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
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
