#pragma once
// Which projects to build: the optimiser on the component graph.
//
// Today's scenario network is contracted once into components (union-find over its passable
// edges). A place (a village access point or a household point) sits in a component; some
// components hold a destination. A candidate project is a set of links between components
// that become passable once it is built (a bridge joins its ford's two sides; a road upgrade
// every closed part of its road; a new road its new edges, perhaps through new components of
// its own). The value of a set of projects is the number of households whose component the
// set joins to a destination component that was not joined today. Values are computed as a
// set: two fords in series are worth nothing alone and everything together.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace allseason::routing {

// A component of today's scenario network (an index below component_graph::component_count).
struct component_id {
    std::uint32_t value = 0;
    auto operator<=>(const component_id&) const = default;
};

// Two components that a project joins once built.
struct project_link {
    component_id a;
    component_id b;
};

struct place_on_graph {
    component_id component;
    std::int64_t households = 0;
    std::string village_code;
};

struct candidate_project {
    std::string code;
    std::int64_t cost_vnd = 0; // whole dong, so that ties between sets are exact
    std::vector<project_link> links;
    bool in_portfolios = true; // false: ranked, but left out of portfolios (reserve conflict)
};

struct component_graph {
    std::uint32_t component_count = 0;
    std::vector<component_id> destinations; // components that hold a destination
    std::vector<place_on_graph> places;
    std::vector<candidate_project> projects;
};

struct single_benefit {
    std::int64_t households = 0;
    std::vector<std::size_t> places; // indices into component_graph::places it reaches anew
};

struct portfolio_options {
    std::int64_t budget_vnd = 0;
    // Up to this many candidates the branch and bound always runs to the proof.
    std::size_t exact_max_projects = 25;
    // Between the two limits it runs with `node_limit` and falls back to the heuristic.
    std::size_t exact_try_max_projects = 60;
    std::uint64_t node_limit = 1'000'000;
};

inline constexpr const char* method_exact = "exact";
inline constexpr const char* method_heuristic = "greedy+bundles";

struct portfolio_result {
    std::vector<std::size_t> projects; // project indices, ascending
    std::int64_t cost_vnd = 0;
    std::int64_t households = 0;
    std::string method; // method_exact when proven optimal, else method_heuristic
    std::size_t candidates = 0;       // projects the search considered after pruning
    std::uint64_t nodes_explored = 0; // branch-and-bound nodes (0 for the heuristic)
};

// Independent component graphs (the communes of a province) as one: components, destinations,
// places and projects concatenated in order, each graph's component ids shifted past those of
// the graphs before it. No link joins two of them, so a set's value is the sum of its values
// in each, and the portfolio search runs on the union unchanged.
component_graph merge_component_graphs(const std::vector<component_graph>& graphs);

// One move of the greedy build order: a project, or a bundle of projects that only together
// complete a route.
struct curve_step {
    std::vector<std::size_t> projects;
    std::int64_t cost_vnd = 0;
    std::int64_t households = 0; // gained by this step
    std::int64_t cumulative_cost_vnd = 0;
    std::int64_t cumulative_households = 0;
};

// Why a project is worth nothing alone: the cheapest set that contains it, in which it is
// needed, and what that set unfloods.
struct partner_set {
    std::vector<std::size_t> partners; // the other projects of the set, ascending
    std::int64_t cost_vnd = 0;         // of the whole set, the project included
    std::int64_t households = 0;       // unflooded by the whole set
};

namespace detail {
struct prepared_graph;
}

class portfolio_model {
public:
    // Throws data_error when a link or place names a component out of range.
    explicit portfolio_model(component_graph graph);

    const component_graph& graph() const { return m_graph; }
    // Households in places that do not reach a destination today.
    std::int64_t unreached_households() const;
    // Whether any link of the project lies on a route from a destination to unreached
    // households (else no set of projects can make it count).
    bool relevant(std::size_t project) const;

    // Households the set unfloods (duplicates and out-of-range indices are errors).
    std::int64_t value(std::span<const std::size_t> projects) const;
    // The places the set reaches anew, ascending.
    std::vector<std::size_t> reached_places(std::span<const std::size_t> projects) const;

    // Each project alone, in project order.
    std::vector<single_benefit> singles() const;

    // The best set within the budget (exact when small enough, else the heuristic).
    portfolio_result best_portfolio(const portfolio_options& options) const;
    // Branch and bound; nullopt when it stopped at node_limit before the proof.
    std::optional<portfolio_result> exact_portfolio(std::int64_t budget_vnd,
                                                    std::uint64_t node_limit) const;
    // Greedy by marginal households per dong plus bundle moves; never above the budget.
    portfolio_result heuristic_portfolio(std::int64_t budget_vnd) const;

    // The greedy build order without a budget (projects left out of portfolios excluded).
    std::vector<curve_step> build_curve() const;

    // For projects worth nothing alone: their partners, each nullopt when no set makes the
    // project count. One call for many projects shares the route searches.
    std::vector<std::optional<partner_set>>
    partners_of(std::span<const std::size_t> projects) const;

private:
    component_graph m_graph;
    std::shared_ptr<const detail::prepared_graph> m_prepared;
};

} // namespace allseason::routing
