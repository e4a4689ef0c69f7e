#pragma once
// `critical` (contract §4): the fords, bridges and road segments whose failure alone, in the
// dry network, separates households from the destination. One low-point depth-first search
// (Tarjan) from a virtual root joined to every destination node finds them all in linear
// time: a road edge is critical when it is a bridge of the graph, a ford or bridge when its
// node is an articulation point; the households isolated are subtree sums. Road edges are
// reported by stretch (between junctions, fords, bridges and ends), with the worst single break.
#include "routing/search.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

struct critical_element {
    element_layer layer = element_layer::roads;
    std::string code;
    std::string name;
    std::optional<double> length_m; // roads: the whole stretch's length
    std::optional<geo::xy> from;    // roads: the stretch's end nearer the destination
    std::optional<geo::xy> to;      // roads: its other end
    std::int64_t households_isolated = 0;
    std::vector<std::string> villages; // codes, sorted
    std::vector<edge_id> edges;        // roads: every edge of the stretch
    node_id node;                      // fords and bridges: their node
};

struct critical_answer {
    destination to = destination::commune_centre;
    // Largest first, then layer, then code.
    std::vector<critical_element> elements;
};

critical_answer compute_critical(const routing_graph& graph, destination to);

} // namespace allseason::routing
