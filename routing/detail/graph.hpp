#pragma once
// Internal: THE Boost.Graph type of allseason, included by routing/graph.cpp only (each TU that
// includes Boost.Graph costs 5–8 s to compile). Vertices are network nodes plus one virtual
// source joined to every destination node; each edge carries its id, and scenarios hide edges
// with a filtered_graph predicate over a shared byte mask — edges are never removed, so
// parallel roads between two junctions stay distinct.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/filtered_graph.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace allseason::routing::detail {

struct node_props {};
struct edge_props {
    std::uint32_t id = 0; // network edge id, or a virtual source edge after them
};

using graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, node_props,
                                    edge_props>;
using vertex = boost::graph_traits<graph>::vertex_descriptor;
using edge_descriptor = boost::graph_traits<graph>::edge_descriptor;

// The predicate of every filtered view: an edge is visible when its mask byte is set. The mask
// is shared state owned by the query (which outlives its view); Boost copies predicates into
// every iterator, so they hold plain pointers — a shared_ptr here cost an atomic count per
// iterator copy, a tenth of a search.
struct open_edges {
    const std::vector<std::uint8_t>* mask = nullptr;
    const graph* g = nullptr;
    bool operator()(const edge_descriptor& e) const { return (*mask)[(*g)[e].id] != 0; }
};

using view = boost::filtered_graph<graph, open_edges>;

} // namespace allseason::routing::detail
