#pragma once
// Scenarios (contract §2): which parts of one built network are passable. A scenario never
// changes the network; it yields a mask of open edges that the Boost.Graph view filters by,
// plus the reason each closed part is closed, so that `cutoff` can name what blocks a village
// and ranking can ask "what if this ford were bridged".
#include "routing/network.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::routing {

struct scenario_rules {
    std::string name;
    std::optional<double> ford_depth_m;        // fords deeper than this close; none: no ford closes
    std::array<bool, 4> closed_surface{};      // by layers::surface
    std::vector<std::string> hazard_scenarios; // zones of these hazard scenarios close roads
    bool unknown_fords_open = false;           // a ford with no depth at all stays open (§2)

    static scenario_rules dry();
    static scenario_rules from(const layers::scenario_row& row);
};

// Works assumed built on top of today's network (today already includes `done` projects).
struct what_if {
    std::vector<std::string> bridged_fords;  // ford codes that no longer close
    std::vector<std::string> hardened_roads; // road codes that become concrete
    std::vector<std::string> built_roads;    // road_new project codes whose lines open
};

// Why an edge itself is closed (its end nodes may close too, see node_closed).
enum closure : std::uint8_t {
    closed_by_surface = 1, // the road's surface closes in this scenario
    closed_by_hazard = 2,  // inside a hazard zone of the scenario
    closed_not_built = 4,  // a proposed new road
};

// A closed element as the contract names it: a ford, a bridge or a road by its code.
// Sorted as the contract's layer names; `projects` (a proposed road_new line) only in ranking.
enum class element_layer : std::uint8_t { bridges, fords, projects, roads };

struct element {
    element_layer layer = element_layer::roads;
    std::uint32_t index = 0; // into network::fords, bridges, projects or road_codes
    auto operator<=>(const element&) const = default;
};

std::string_view to_string(element_layer layer);
std::string element_code(const network& net, element e);
std::string element_name(const network& net, element e);

class scenario_state {
public:
    scenario_state(const network& net, scenario_rules rules, const what_if& extra = {});

    const scenario_rules& rules() const { return m_rules; }
    const network& net() const { return *m_net; }

    // Passable: the edge is not closed and neither of its nodes is.
    bool edge_open(edge_id e) const { return (*m_open)[e.value] != 0; }
    std::uint8_t edge_closure(edge_id e) const { return m_edge_closure[e.value]; }
    bool node_closed(node_id n) const { return m_node_closed[n.value]; }
    bool crossing_closed(std::uint32_t crossing) const { return m_crossing_closed[crossing]; }
    // The road's surface with road upgrades applied.
    layers::surface surface_of(std::uint32_t road) const;
    // Travel time over the edge in minutes (roads by surface speed, walks on foot).
    double minutes(edge_id e) const;

    // The elements that close an edge by themselves (its road by code) and its nodes (fords,
    // footbridges).
    std::optional<element> edge_element(edge_id e) const;
    std::vector<element> node_elements(node_id n) const;
    // How many closed crossings are at the node (node_elements(n).size(), without allocating).
    std::uint32_t node_closure_count(node_id n) const;

    // The same scenario with the closures of the flagged crossings and of the flagged edges'
    // surface and hazard closures lifted: ranking by household-days judges each level of
    // closure days (contract §2) as a scenario of its own.
    scenario_state lifted(const std::vector<bool>& crossings, const std::vector<bool>& edges) const;

    // One byte per edge, shared with the graph filters (never copied per query).
    const std::shared_ptr<const std::vector<std::uint8_t>>& open_mask() const { return m_open; }

private:
    const network* m_net;
    scenario_rules m_rules;
    std::vector<std::uint8_t> m_edge_closure;
    std::vector<bool> m_node_closed;
    std::vector<bool> m_crossing_closed;
    std::vector<bool> m_hardened; // per road code
    std::shared_ptr<const std::vector<std::uint8_t>> m_open;
};

// Destinations of contract §2 (`--to`).
enum class destination {
    commune_centre,
    health_station,
    primary_school,
    secondary_school,
    market,
    highway
};
std::string_view to_string(destination d);
// Throws usage_error listing the destinations.
destination parse_destination(std::string_view text);
std::vector<std::string> destination_names();
// The nodes that are the destination: facilities of its kind joined to the network, or every
// node of a national road (`highway`).
std::vector<node_id> destination_nodes(const network& net, destination d);

} // namespace allseason::routing
