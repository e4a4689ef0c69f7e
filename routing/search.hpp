#pragma once
// Searches over a network's Boost.Graph view, behind a small interface so that the analyses
// (cutoff, critical, check, ranking) never include Boost.Graph themselves. All searches take a
// scenario_state and see only its open edges.
#include "routing/scenario.hpp"

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace allseason::routing {

inline constexpr double unreachable = std::numeric_limits<double>::infinity();

// Per node: fewest closed elements to a source, the length of that route, and the edge towards
// the source (invalid at sources and where nothing reaches).
struct closure_paths {
    std::vector<std::uint32_t> closures;
    std::vector<double> length_m;
    std::vector<edge_id> towards_source;
};

// A depth-first tree from a virtual root joined to every source, over the open edges.
// Nodes that the root does not reach have preorder == no_index.
struct dfs_tree {
    std::vector<std::uint32_t> preorder;     // per node
    std::vector<std::uint32_t> low;          // lowest preorder reachable by one back edge
    std::vector<std::uint32_t> subtree_size; // nodes in the subtree, itself included
    std::vector<edge_id> parent_edge;        // invalid for the root's children
    std::vector<node_id> parent;             // invalid for the root's children
    std::vector<node_id> order;              // nodes in preorder
};

class routing_graph {
public:
    explicit routing_graph(const network& net);
    ~routing_graph();
    routing_graph(const routing_graph&) = delete;
    routing_graph& operator=(const routing_graph&) = delete;

    const network& net() const { return *m_net; }

    // Multi-source shortest travel times in minutes (scenario_state::minutes per edge);
    // `unreachable` where no open path leads to a source.
    std::vector<double> travel_minutes(const scenario_state& state,
                                       const std::vector<node_id>& sources) const;

    // Which nodes an open path joins to a source: 0 there, `unreachable` elsewhere (the shape
    // of travel_minutes, for answers that need no times). A breadth-first search.
    std::vector<double> reach(const scenario_state& state,
                              const std::vector<node_id>& sources) const;

    // Connected components of the open edges: a component id per node, and their count.
    std::vector<std::uint32_t> components(const scenario_state& state,
                                          std::uint32_t& count) const;

    // Routes over the edges open in `allowed` (the dry network) that pass the fewest elements
    // closed in `scenario`, ties broken by length: entering a closed node costs one per closed
    // crossing there, entering a closed road part costs one unless the route arrives along a
    // closed part of the same road (all closed parts of one road count once along a stretch).
    closure_paths fewest_closures(const scenario_state& allowed, const scenario_state& scenario,
                                  const std::vector<node_id>& sources) const;

    // Low-point DFS (Tarjan) for bridges and articulation points, in linear time.
    dfs_tree depth_first(const scenario_state& state, const std::vector<node_id>& sources) const;

private:
    struct impl;
    const network* m_net;
    std::unique_ptr<impl> m_impl;
};

} // namespace allseason::routing
