// Ranking by household-days (routing/rank_network.hpp, contract_by_days): the component graph
// of ranking, once per level of closure days, places weighted by the level's width.
#include "routing/rank_network.hpp"
#include "routing/risk_search.hpp"

#include <set>

namespace allseason::routing::detail {

namespace {

// The distinct positive days of today's closures: fords closed and road parts closed.
std::set<std::uint32_t> closure_levels(const network& net, const scenario_state& today,
                                       const closure_days& days) {
    std::set<std::uint32_t> levels;
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        if (today.crossing_closed(c) && days.crossing_days[c] > 0)
            levels.insert(days.crossing_days[c]);
    }
    for (auto d : days.edge_days) {
        if (d > 0)
            levels.insert(d);
    }
    return levels;
}

// Today with every ford closed at most `lower` days open, and every road part closed (by
// surface or hazard) at most `lower` days open.
scenario_state level_state(const network& net, const scenario_state& today,
                           const closure_days& days, std::uint32_t lower) {
    std::vector<bool> crossings(net.crossings.size(), false);
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        crossings[c] = today.crossing_closed(c) &&
                       net.crossings[c].layer == crossing_layer::fords &&
                       days.crossing_days[c] <= lower;
    }
    std::vector<bool> edges(net.edge_count(), false);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e)
        edges[e] = days.edge_days[e] <= lower;
    return today.lifted(crossings, edges);
}

// Appends one level's graph: its components after those already there, its places weighted.
void append_level(rank_network& out, rank_network level, std::int64_t width,
                  const std::vector<bool>& reachable_dry) {
    const auto offset = out.graph.component_count;
    auto shift = [offset](component_id c) { return component_id{c.value + offset}; };
    if (out.graph.projects.empty() && out.projects.empty()) {
        out.projects = level.projects;
        out.notes = level.notes;
        out.graph.projects = level.graph.projects;
        for (auto& p : out.graph.projects)
            p.links.clear();
    }
    for (std::size_t i = 0; i < level.graph.projects.size(); ++i) {
        for (const auto& l : level.graph.projects[i].links)
            out.graph.projects[i].links.push_back({shift(l.a), shift(l.b)});
    }
    for (auto d : level.graph.destinations)
        out.graph.destinations.push_back(shift(d));
    for (std::size_t i = 0; i < level.graph.places.size(); ++i) {
        auto place = level.graph.places[i];
        place.component = shift(place.component);
        place.households *= reachable_dry[level.place_index[i]] ? width : 0;
        out.graph.places.push_back(std::move(place));
        out.place_village.push_back(level.place_village[i]);
        out.place_index.push_back(level.place_index[i]);
        out.place_households_unknown.push_back(level.place_households_unknown[i]);
    }
    out.graph.component_count += level.graph.component_count;
}

} // namespace

rank_network contract_by_days(const routing_graph& graph, const scenario_state& today,
                              const std::vector<node_id>& sources, const closure_day_rules& rules) {
    const network& net = graph.net();
    const auto days = compute_closure_days(today, rules);
    const auto isolation = bottleneck_days(net, days, sources);
    std::vector<bool> reachable_dry(net.places.size(), false);
    for (std::size_t p = 0; p < net.places.size(); ++p)
        reachable_dry[p] = isolation.days[p].has_value();

    auto levels = closure_levels(net, today, days);
    const code_lookup codes(net);
    rank_network out;
    if (levels.empty()) {
        // Nothing closes: every place weighs 0 (nothing to avoid), projects still listed.
        append_level(out, contract_for_ranking(graph, today, sources, codes), 0, reachable_dry);
        return out;
    }
    std::uint32_t lower = 0;
    for (const auto level : levels) {
        append_level(
            out, contract_for_ranking(graph, level_state(net, today, days, lower), sources, codes),
            level - lower, reachable_dry);
        lower = level;
    }
    return out;
}

} // namespace allseason::routing::detail
