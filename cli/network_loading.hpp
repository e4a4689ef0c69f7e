#pragma once
// Loads the project's network for a command: the compiled one when it is current, else built
// (with "building the network…" on a terminal) and stored; notes about a stored network that
// could not be used go to stderr, so that json and csv on stdout stay clean.
#include "routing/network.hpp"

namespace allseason::layers {
class project;
}

namespace allseason::cli {

// Without geometry (node and road lines) for answers that draw nothing: cutoff, rank.
enum class geometry_need { with_geometry, without_geometry };
routing::network load_network_noting(layers::project& project, bool include_proposed_roads = false,
                                     geometry_need need = geometry_need::with_geometry);

} // namespace allseason::cli
