#pragma once
// Internal to `risk`: the bottleneck search and the per-level route search (risk_search.cpp).
#include "routing/risk.hpp"

#include <cstdint>
#include <vector>

namespace allseason::routing::detail {

// Per place: the days of its bottleneck route, one union-find pass in Kruskal order.
place_isolation bottleneck_days(const network& net, const closure_days& days,
                                const std::vector<node_id>& sources);

// The usable edges around each node, built once per command (CSR: offset per node + 1).
struct adjacency {
    std::vector<std::uint32_t> offset;
    std::vector<std::uint32_t> edges;
};
adjacency build_adjacency(const network& net, const closure_days& days);

// Over the edges whose route days are at most `level`: routes costing first the elements
// closed exactly `level` days, then length. Per node the edge towards a source (no_index at
// sources and where not reached); stops once every target is settled.
std::vector<std::uint32_t> level_routes(const network& net, const closure_days& days,
                                        const adjacency& adj, const std::vector<node_id>& sources,
                                        std::uint32_t level, std::vector<node_id> targets);

// The elements closed exactly `level` days on the route from `from` to its source.
std::vector<element> limiting_elements(const network& net, const closure_days& days,
                                       const std::vector<std::uint32_t>& towards, node_id from,
                                       std::uint32_t level);

} // namespace allseason::routing::detail
