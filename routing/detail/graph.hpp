#pragma once
// Internal: THE Boost.Graph type of allseason, included by routing/graph.cpp only (each TU that
// includes Boost.Graph costs 5–8 s to compile). A static compressed sparse row graph: every
// undirected edge is stored as two arcs, each carrying the edge's id. Vertices are network
// nodes plus one virtual source joined to every destination node. Scenarios never change the
// graph: searches skip the arcs whose edge is closed in the scenario's byte mask, so parallel
// roads between two junctions stay distinct and one graph serves every scenario of a command.
#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>

namespace allseason::routing::detail {

struct edge_props {
    std::uint32_t id = 0; // network edge id, or a virtual source edge after them
};

// 32-bit vertex and arc indices: a province network stays far below four billion arcs, and
// half-width indices halve the graph's memory.
using graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, edge_props,
                                                 boost::no_property, std::uint32_t, std::uint32_t>;
using vertex = boost::graph_traits<graph>::vertex_descriptor;
using edge_descriptor = boost::graph_traits<graph>::edge_descriptor;

} // namespace allseason::routing::detail
