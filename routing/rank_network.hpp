#pragma once
// Internal to ranking: the scenario network contracted into the component graph of
// routing/portfolio.hpp, with each not-done project as the links it opens.
#include "routing/portfolio.hpp"
#include "routing/risk.hpp"
#include "routing/search.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace allseason::routing::detail {

struct rank_network {
    component_graph graph;                       // graph.projects[i] is network project projects[i]
    std::vector<std::uint32_t> projects;         // not-done projects, in the layer's order
    std::vector<std::vector<std::string>> notes; // per graph project: why it opens nothing
    std::vector<std::uint32_t> place_village;    // per graph place: index into network::villages
    std::vector<std::uint32_t> place_index;      // per graph place: index into network::places
    // Per graph place: a village of unknown households (it weighs 0, but is still reconnected).
    std::vector<bool> place_households_unknown;
};

// Lookups by code that every contraction of one network shares (ranking by household-days
// contracts once per level of closure days).
struct code_lookup {
    std::unordered_map<std::string, std::uint32_t> fords; // the first ford of each code
    std::vector<std::uint32_t> ford_crossing;             // per ford; no_index: none
    std::unordered_map<std::string, std::uint32_t> roads; // road codes that projects name
    std::unordered_map<std::string, std::uint32_t> villages;
    explicit code_lookup(const network& net);
};

// `today` is the scenario without any not-done project. Destination components come from
// `sources`. Costs are whole dong; in_portfolios is left true (the caller decides).
rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources);
rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources, const code_lookup& codes);

// Ranking by household-days (contract §4 `rank --by household_days`): one contraction per level
// of closure days D_k (the distinct days of today's closures), each a scenario where the
// closures of at most D_(k-1) days are lifted, its places weighing households × (D_k − D_(k-1)).
// A place is isolated D days a year exactly when it is cut off in the levels up to D, so a set
// of projects is worth the household-days it removes; the levels share only the destination
// root, so the portfolio searches run on their union unchanged. Places with no route even when
// dry weigh 0 (risk does not count them).
rank_network contract_by_days(const routing_graph& graph, const scenario_state& today,
                              const std::vector<node_id>& sources, const closure_day_rules& rules);

} // namespace allseason::routing::detail
