#pragma once
// `cutoff` (contract §4): which villages reach the destination in the dry season but not in
// the scenario, how long the trip takes, and which closed fords and roads stand in the way.
#include "routing/search.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

struct blocking_element {
    element_layer layer = element_layer::roads;
    std::string code;
    std::string name;
    // Fords only: "unknown" when closed only because nobody measured it, "estimated" when
    // closed on its terrain estimate; none when measured (contract §4).
    std::optional<std::string> depth;
    bool derived = false; // a ford added by `crossings --add-fords`, not surveyed
};

struct village_cutoff {
    std::uint32_t village = 0; // index into network::villages
    bool has_road_access = false;
    bool reachable_dry = false;
    bool reachable = false;
    std::optional<double> travel_min_dry;
    std::optional<double> travel_min;
    std::vector<blocking_element> blocked_by; // sorted by layer, then code
    // Null when the village's households are not known yet (no count, no household points);
    // such a village is judged by its access point and counts 0 in the household sums.
    std::optional<std::int64_t> households;
    std::int64_t ethnic_minority_households = 0;
    std::int64_t households_cut_off = 0;
    std::int64_t households_without_road = 0;
    bool cut_off() const { return reachable_dry && !reachable; }
};

struct cutoff_summary {
    std::int64_t villages = 0;
    std::int64_t villages_cut_off = 0;
    std::int64_t households = 0;
    std::int64_t households_cut_off = 0;
    std::int64_t households_without_road = 0;
    // Fords of the network that the scenario closes only because their depth is unknown.
    std::int64_t fords_closed_unknown_depth = 0;
    std::int64_t villages_households_unknown = 0; // villages whose households is null
};

struct cutoff_answer {
    std::string scenario;
    destination to = destination::commune_centre;
    std::vector<village_cutoff> villages; // in the villages layer's order
    cutoff_summary summary;
};

// What to work out beyond who is cut off.
struct cutoff_request {
    // false: reachability only — no travel times, no blocked_by (the depth sweep).
    bool times_and_blockers = true;
    // The dry season's answer per node (travel_minutes, or reach when !times_and_blockers),
    // when the caller already has it: a sweep computes it once for all its depths.
    const std::vector<double>* dry = nullptr;
};

// Throws data_error when the network has no node of the destination.
cutoff_answer compute_cutoff(const routing_graph& graph, const scenario_rules& rules,
                             destination to, const cutoff_request& request = {});

// The sources of a destination, or data_error naming what is missing.
std::vector<node_id> require_destination(const network& net, destination to);

} // namespace allseason::routing
