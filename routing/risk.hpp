#pragma once
// `risk` (contract §2 "Closure days a year", §4): how many days a year each village and each
// household point cannot reach the destination. Every closed element is closed a number of days
// a year; closures are nested (the same rains close everything), so a route is closed on as many
// days as its worst element and a place is isolated on as many days as its best route — the
// bottleneck path, minimum over routes of the maximum closure days along the route.
//
// One search answers every place: a union-find over the dry network's edges in increasing
// closure days (Kruskal order) from a root joined to every destination node. `limited_by` takes
// one more search per distinct answer D (few in practice): a Dijkstra over the edges closed at
// most D days, costing the elements closed exactly D days, then length.
#include "routing/scenario.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

// Days a year an element closed in the scenario stays closed when its own row says nothing
// (contract §2; project settings default_ford_days, rainy_season_days, default_hazard_days).
struct closure_day_rules {
    std::uint32_t default_ford_days = 15;
    std::uint32_t rainy_season_days = 120; // a road closed by its surface
    std::uint32_t default_hazard_days = 5;
};

// Closure days of every part of the network in one scenario; 0 where the part is open.
struct closure_days {
    std::vector<std::uint32_t> crossing_days; // per crossing (fords; a footbridge never opens)
    std::vector<std::uint32_t> node_days;     // per node: the most of its closed crossings
    std::vector<std::uint32_t> edge_days;     // per edge: its own closure (surface, hazard)
    // Per edge: usable at all, i.e. open in the dry season (footbridges and unbuilt roads not).
    std::vector<std::uint8_t> usable;
    // Per edge: the days a route over it is closed — its own and its two nodes', the largest.
    std::uint32_t route_days(const network& net, edge_id e) const;
};

closure_days compute_closure_days(const scenario_state& scenario, const closure_day_rules& rules);

// An element on a place's best route closed as many days as the route (contract §4 limited_by).
struct limiting_element {
    element_layer layer = element_layer::roads;
    std::string code;
    std::string name;
    std::uint32_t days = 0;
    // Fords only: "unknown" or "estimated" when closed without a measured depth (contract §2).
    std::optional<std::string> depth;
};

// Per place (network::places index): its isolation days; none when no route reaches the
// destination even in the dry season (or it has no road within access_m).
struct place_isolation {
    std::vector<std::optional<std::uint32_t>> days;
};

// The bottleneck search alone (exposed for tests and for ranking by household-days).
place_isolation isolation_days(const network& net, const closure_days& days,
                               const std::vector<node_id>& sources);

struct village_risk {
    std::uint32_t village = 0; // index into network::villages
    // Some access point or household point of the village reaches the destination when dry.
    bool reachable_dry = false;
    // As cutoff counts them: household points where there are, else the village's count
    // (null: not known yet).
    std::optional<std::int64_t> households;
    // The village's worst place (household points: the most isolated household reaching the
    // destination when dry); null when nothing of the village reaches it even when dry.
    std::optional<std::uint32_t> isolation_days_per_year;
    // Households × days over the places reaching the destination when dry; null when the
    // households are unknown or nothing reaches it.
    std::optional<std::int64_t> household_days_per_year;
    std::vector<limiting_element> limited_by; // sorted by layer, then code
};

struct household_risk {
    std::uint32_t household = 0; // index into network::households
    std::optional<std::uint32_t> isolation_days_per_year;
};

struct risk_summary {
    std::int64_t villages = 0;
    std::int64_t villages_isolated = 0; // isolated at least one day a year
    std::int64_t villages_unreachable_dry = 0;
    std::int64_t villages_households_unknown = 0;
    std::int64_t households = 0;
    std::int64_t household_days_per_year = 0;
};

struct risk_answer {
    std::string scenario; // the rules' name (the caller may put its result key here)
    destination to = destination::commune_centre;
    std::vector<village_risk> villages;     // in the villages layer's order
    std::vector<household_risk> households; // household points joined to the network
    risk_summary summary;
};

// Throws data_error when the network has no node of the destination.
risk_answer compute_risk(const network& net, const scenario_rules& rules, destination to,
                         const closure_day_rules& day_rules);

// The project settings of contract §2 (analysis_settings) as closure-day rules.
closure_day_rules closure_day_rules_from(const layers::analysis_settings& settings);

} // namespace allseason::routing
