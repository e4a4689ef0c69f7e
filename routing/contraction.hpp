#pragma once
// For ranking (contract §4 `rank`, issue 6): a scenario network contracted into components of
// its open edges, plus the closed links between components that one element would open —
// a ford (its bridge project), a road by code (its road_upgrade project) or a proposed new
// road (its road_new project; build the network with include_proposed_roads). Evaluating
// "what if these projects were built" is then a union-find over a few links instead of a
// search over the whole network.
//
// A closed crossing node passes nothing, whichever roads meet there. So that "bridge the ford"
// and "harden the road through it" stay separate elements, every road edge that touches a
// closed crossing gets a port component at that end: edge links join the ports, and the
// crossing's own links join each port to the crossing's node. Hazard closures are never
// opened by a project (hazard zones still apply to upgraded and new roads), so edges closed by
// a hazard zone give no link.
#include "routing/scenario.hpp"

#include <cstdint>
#include <vector>

namespace allseason::routing {

struct component_link {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    element opened_by; // fords, roads (by code) or projects (a proposed road_new line)
};

struct contracted_network {
    std::vector<std::uint32_t> node_component; // per network node
    std::uint32_t component_count = 0;          // nodes' components and ports
    std::vector<component_link> links;
    // Links whose edge needs more than one element (two closed fords at one node): left out.
    std::size_t links_left_out = 0;
};

contracted_network contract(const network& net, const scenario_state& state);

} // namespace allseason::routing
