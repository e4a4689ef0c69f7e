#pragma once
// Internal to ranking: the scenario network contracted into the component graph of
// routing/portfolio.hpp, with each not-done project as the links it opens.
#include "routing/portfolio.hpp"
#include "routing/search.hpp"

#include <string>
#include <vector>

namespace allseason::routing::detail {

struct rank_network {
    component_graph graph;                       // graph.projects[i] is network project projects[i]
    std::vector<std::uint32_t> projects;         // not-done projects, in the layer's order
    std::vector<std::vector<std::string>> notes; // per graph project: why it opens nothing
    std::vector<std::uint32_t> place_village;    // per graph place: index into network::villages
    // Per graph place: a village of unknown households (it weighs 0, but is still reconnected).
    std::vector<bool> place_households_unknown;
};

// `today` is the scenario without any not-done project. Destination components come from
// `sources`. Costs are whole dong; in_portfolios is left true (the caller decides).
rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources);

} // namespace allseason::routing::detail
