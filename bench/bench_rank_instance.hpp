#pragma once
// Synthetic ranking instances at the scale of issue 6: a tree-like rural road network of about
// a million segments (each new junction hangs off a recent one, with a few loops), a share of
// segments closed in the rainy season, contracted by union-find into components; villages,
// commune centres and 10,000 candidate projects on the villages' routes (bridges over closed segments, upgrades of
// 30-segment roads, new roads through a new component) placed on it.
#include "routing/portfolio.hpp"

#include <cstdint>

namespace allseason::bench {

struct network_instance {
    std::uint32_t nodes = 0;
    std::uint32_t segments = 0;
    std::uint32_t closed_segments = 0;
    double contraction_ms = 0; // the union-find pass and component numbering
    routing::component_graph graph;
};

network_instance make_network_instance(std::uint32_t segments, std::uint32_t projects,
                                       unsigned seed);

// A commune-sized instance whose `projects` candidates all interact: villages behind one to
// three fords in series, with parallel alternatives and multi-link upgrades.
routing::component_graph make_interacting_instance(std::uint32_t projects, unsigned seed);

} // namespace allseason::bench
