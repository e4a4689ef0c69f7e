// The optimiser against brute force on random small component graphs: every subset of at
// most 12 projects is enumerated and its value computed by an independent breadth-first
// search, so the exact portfolio must match it and the heuristic must never beat it.
#include "routing/portfolio.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <fmt/format.h>
#include <random>

using namespace allseason::routing;

namespace {

struct random_case {
    component_graph graph;
    std::int64_t budget_vnd = 0;
};

// Components in a loose chain-and-branch layout so that routes need several projects, with
// parallel alternatives and projects of several links (road upgrades, new roads).
random_case make_case(unsigned seed, int max_components = 14, int min_projects = 1,
                      int max_projects = 12) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    random_case c;
    auto& g = c.graph;
    g.component_count = static_cast<std::uint32_t>(pick(4, max_components));
    g.destinations.push_back({0});
    if (pick(0, 4) == 0) {
        g.destinations.push_back({static_cast<std::uint32_t>(pick(1, int(g.component_count) - 1))});
    }
    for (std::uint32_t comp = 0; comp < g.component_count; ++comp) {
        const int n = pick(0, 2);
        for (int i = 0; i < n; ++i) {
            g.places.push_back({{comp}, pick(0, 6) * 10, fmt::format("V{}", comp)});
        }
    }
    const int projects = pick(min_projects, max_projects);
    for (int p = 0; p < projects; ++p) {
        candidate_project project;
        project.code = fmt::format("P{}", p);
        project.cost_vnd = std::int64_t{pick(0, 10)} * 100'000'000; // ties are common
        const int links = pick(1, 3);
        for (int l = 0; l < links; ++l) {
            const auto a = static_cast<std::uint32_t>(pick(0, int(g.component_count) - 1));
            // Mostly to a neighbour in the chain, sometimes anywhere.
            auto b = pick(0, 2) > 0 ? std::min<std::uint32_t>(a + 1, g.component_count - 1)
                                    : static_cast<std::uint32_t>(pick(0, int(g.component_count) - 1));
            project.links.push_back({{a}, {b}});
        }
        project.in_portfolios = pick(0, 9) > 0;
        g.projects.push_back(std::move(project));
    }
    c.budget_vnd = std::int64_t{pick(0, 3 * projects)} * 100'000'000;
    return c;
}

// Reference value: breadth-first search over the links of the set.
std::int64_t brute_value(const component_graph& g, std::uint32_t mask) {
    std::vector<std::vector<std::uint32_t>> next(g.component_count);
    for (std::size_t p = 0; p < g.projects.size(); ++p) {
        if (mask & (1u << p)) {
            for (const auto& l : g.projects[p].links) {
                next[l.a.value].push_back(l.b.value);
                next[l.b.value].push_back(l.a.value);
            }
        }
    }
    std::vector<bool> today(g.component_count, false);
    std::vector<bool> seen(g.component_count, false);
    std::deque<std::uint32_t> queue;
    for (auto d : g.destinations) {
        today[d.value] = true;
        seen[d.value] = true;
        queue.push_back(d.value);
    }
    while (!queue.empty()) {
        const auto v = queue.front();
        queue.pop_front();
        for (auto w : next[v]) {
            if (!seen[w]) {
                seen[w] = true;
                queue.push_back(w);
            }
        }
    }
    std::int64_t sum = 0;
    for (const auto& place : g.places) {
        if (seen[place.component.value] && !today[place.component.value]) {
            sum += place.households;
        }
    }
    return sum;
}

struct brute_best {
    std::int64_t households = -1;
    std::int64_t cost = 0;
};

brute_best brute_force(const component_graph& g, std::int64_t budget) {
    brute_best best;
    for (std::uint32_t mask = 0; mask < (1u << g.projects.size()); ++mask) {
        std::int64_t cost = 0;
        bool allowed = true;
        for (std::size_t p = 0; p < g.projects.size(); ++p) {
            if (mask & (1u << p)) {
                cost += g.projects[p].cost_vnd;
                allowed = allowed && g.projects[p].in_portfolios;
            }
        }
        if (!allowed || cost > budget) {
            continue;
        }
        const auto v = brute_value(g, mask);
        if (v > best.households || (v == best.households && cost < best.cost)) {
            best = {v, cost};
        }
    }
    return best;
}

std::uint32_t mask_of(const std::vector<std::size_t>& set) {
    std::uint32_t mask = 0;
    for (auto p : set) {
        mask |= 1u << p;
    }
    return mask;
}

std::vector<std::size_t> set_of(std::uint32_t mask) {
    std::vector<std::size_t> set;
    for (std::size_t p = 0; p < 32; ++p) {
        if (mask & (1u << p)) {
            set.push_back(p);
        }
    }
    return set;
}

std::int64_t cost_of(const component_graph& g, const std::vector<std::size_t>& set) {
    std::int64_t sum = 0;
    for (auto p : set) {
        sum += g.projects[p].cost_vnd;
    }
    return sum;
}

} // namespace

TEST_CASE("exact portfolios match brute force on 300 random graphs", "[routing][rank]") {
    int interacting = 0; // cases where the best set is worth more than its parts
    for (unsigned seed = 1; seed <= 300; ++seed) {
        CAPTURE(seed);
        const auto c = make_case(seed);
        const portfolio_model m(c.graph);
        const auto& g = c.graph;

        // Singles and set values against the reference.
        const auto singles = m.singles();
        std::int64_t sum_of_singles = 0;
        for (std::size_t p = 0; p < g.projects.size(); ++p) {
            REQUIRE(singles[p].households == brute_value(g, 1u << p));
        }
        const auto all = (1u << g.projects.size()) - 1;
        std::vector<std::size_t> every(g.projects.size());
        for (std::size_t p = 0; p < every.size(); ++p) {
            every[p] = p;
        }
        REQUIRE(m.value(every) == brute_value(g, all));

        const auto expected = brute_force(g, c.budget_vnd);
        portfolio_options options;
        options.budget_vnd = c.budget_vnd;
        const auto exact = m.best_portfolio(options);
        REQUIRE(exact.method == "exact");
        REQUIRE(exact.households == expected.households);
        REQUIRE(exact.cost_vnd == expected.cost);
        REQUIRE(cost_of(g, exact.projects) == exact.cost_vnd);
        REQUIRE(brute_value(g, mask_of(exact.projects)) == exact.households);
        for (auto p : exact.projects) {
            REQUIRE(g.projects[p].in_portfolios);
            sum_of_singles += singles[p].households;
        }
        interacting += exact.households > sum_of_singles ? 1 : 0;

        const auto heuristic = m.heuristic_portfolio(c.budget_vnd);
        REQUIRE(heuristic.method == "greedy+bundles");
        REQUIRE(heuristic.cost_vnd <= c.budget_vnd);
        REQUIRE(cost_of(g, heuristic.projects) == heuristic.cost_vnd);
        REQUIRE(brute_value(g, mask_of(heuristic.projects)) == heuristic.households);
        REQUIRE(heuristic.households <= exact.households);
        if (heuristic.households == exact.households) {
            REQUIRE(heuristic.cost_vnd >= exact.cost_vnd);
        }
        for (auto p : heuristic.projects) {
            REQUIRE(g.projects[p].in_portfolios);
        }

        // The unlimited curve ends where every allowed project together ends.
        std::uint32_t allowed = 0;
        for (std::size_t p = 0; p < g.projects.size(); ++p) {
            allowed |= g.projects[p].in_portfolios ? (1u << p) : 0;
        }
        const auto curve = m.build_curve();
        std::int64_t cumulative = 0;
        for (const auto& step : curve) {
            REQUIRE(step.households > 0);
            cumulative += step.households;
            REQUIRE(step.cumulative_households == cumulative);
        }
        REQUIRE(cumulative == brute_value(g, allowed));

        // Partners: the project is needed in its set, and the set unfloods what it says.
        std::vector<std::size_t> zero;
        for (std::size_t p = 0; p < g.projects.size(); ++p) {
            if (singles[p].households == 0) {
                zero.push_back(p);
            }
        }
        const auto partners = m.partners_of(zero);
        for (std::size_t i = 0; i < zero.size(); ++i) {
            // The cheapest set in which the project is needed, by enumeration.
            const auto bit = 1u << zero[i];
            std::int64_t cheapest = -1;
            for (std::uint32_t mask = 0; mask <= all; ++mask) {
                if (!(mask & bit) && brute_value(g, mask | bit) > brute_value(g, mask)) {
                    const auto cost = cost_of(g, set_of(mask | bit));
                    cheapest = cheapest < 0 ? cost : std::min(cheapest, cost);
                }
            }
            if (!partners[i]) {
                REQUIRE(cheapest == -1);
                continue;
            }
            REQUIRE(partners[i]->cost_vnd == cheapest);
            const auto without = mask_of(partners[i]->partners);
            const auto with = without | (1u << zero[i]);
            REQUIRE(brute_value(g, with) == partners[i]->households);
            REQUIRE(brute_value(g, with) > brute_value(g, without));
            REQUIRE(cost_of(g, partners[i]->partners) + g.projects[zero[i]].cost_vnd ==
                    partners[i]->cost_vnd);
        }
    }
    // The generator must exercise interactions, or the test proves little.
    CHECK(interacting >= 20);
}

TEST_CASE("larger random graphs: exact against brute force, partners by route search",
          "[routing][rank]") {
    for (unsigned seed = 1001; seed <= 1030; ++seed) {
        CAPTURE(seed);
        const auto c = make_case(seed, 30, 14, 16);
        const auto& g = c.graph;
        const portfolio_model m(g);
        const auto expected = brute_force(g, c.budget_vnd);
        portfolio_options options;
        options.budget_vnd = c.budget_vnd;
        const auto exact = m.best_portfolio(options);
        REQUIRE(exact.method == "exact");
        REQUIRE(exact.households == expected.households);
        REQUIRE(exact.cost_vnd == expected.cost);
        const auto heuristic = m.heuristic_portfolio(c.budget_vnd);
        REQUIRE(heuristic.cost_vnd <= c.budget_vnd);
        REQUIRE(brute_value(g, mask_of(heuristic.projects)) == heuristic.households);
        REQUIRE(heuristic.households <= exact.households);

        // More than 12 relevant projects: partners come from route searches, not enumeration.
        const auto singles = m.singles();
        std::vector<std::size_t> zero;
        for (std::size_t p = 0; p < g.projects.size(); ++p) {
            if (singles[p].households == 0 && m.relevant(p)) {
                zero.push_back(p);
            }
        }
        const auto partners = m.partners_of(zero);
        for (std::size_t i = 0; i < zero.size(); ++i) {
            if (partners[i]) {
                const auto without = mask_of(partners[i]->partners);
                const auto with = without | (1u << zero[i]);
                REQUIRE(brute_value(g, with) == partners[i]->households);
                REQUIRE(brute_value(g, with) > brute_value(g, without));
            }
        }
    }
}
