#pragma once
// `rank` (contract §4): how many households each not-done project gives all-season access to,
// alone and as part of the best set within a budget.
//
// Today's scenario network (done projects included) is contracted once into components; each
// project becomes the set of component links it would open (routing/portfolio.hpp), so no
// project ever rebuilds the network:
//  - bridge: its ford (by ford_code, else the nearest ford within snap_m_crossing of the
//    project) stops closing;
//  - road_upgrade: every part of road_code becomes concrete — surface closures lift; its
//    fords stay fords and hazard zones still close the parts inside them;
//  - road_new: its line, joined to the network at its ends within snap_m, opens as a concrete
//    road; hazard zones and the fords on it still apply.
// A road part that needs two projects (an earth road through a deep ford needs the upgrade and
// the bridge) is modelled exactly: each end of a part at a closed ford is its own component,
// which the part's project joins to the road and the bridge joins to the ford's other parts.
#include "routing/portfolio.hpp"
#include "routing/risk.hpp"
#include "routing/search.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {
struct reserve_zone;
}

namespace allseason::routing {

struct rank_options {
    std::optional<double> budget_million_vnd; // a portfolio only with a budget
    bool allow_reserve = false;               // let projects in reserve core zones into it
    // `--by household_days` (contract §4): every value below counts household-days a year
    // avoided instead of households unflooded (routing/rank_network.hpp contract_by_days).
    bool by_household_days = false;
    closure_day_rules closure_days{};
};

struct ranked_project {
    std::uint32_t project = 0; // index into network::projects
    int rank = 0;
    std::int64_t households_unflooded = 0;
    std::vector<std::string> villages_unflooded; // codes, sorted
    // Villages of unknown households the project alone reconnects: counted 0 in
    // households_unflooded, so the benefit is understated, never silently (sorted codes).
    std::vector<std::string> villages_households_unknown;
    std::optional<double> households_per_billion_vnd; // null when the project costs nothing
    std::vector<std::string> conflicts;               // "reserve_core:<zone name>"
    // For a project worth nothing alone: the projects it needs, and what they do together.
    std::vector<std::string> needs;
    std::int64_t households_with_needs = 0;
    double cost_with_needs_million_vnd = 0;
    // Why the project changes nothing on the network (ford not found, road code unknown…).
    std::vector<std::string> notes;
    bool in_portfolio = false;
};

struct rank_portfolio {
    double budget_million_vnd = 0;
    std::string method;                // "exact" or the heuristic's name
    std::vector<std::string> projects; // in rank order
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
    std::vector<std::string> villages_unflooded;
    std::vector<std::string> villages_households_unknown; // reconnected, households unknown
};

struct rank_curve_step {
    std::vector<std::string> projects; // bought together (a bundle completes a route)
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
    double cumulative_cost_million_vnd = 0;
    std::int64_t cumulative_households_unflooded = 0;
};

// With rank_options::by_household_days, the fields named households_unflooded (and
// households_unreached, households_per_billion_vnd) count household-days a year instead.
struct rank_answer {
    std::string scenario;
    bool by_household_days = false;
    destination to = destination::commune_centre;
    std::int64_t households_unreached = 0; // today, with road access, not reaching it
    std::vector<ranked_project> projects;  // in rank order
    std::optional<rank_portfolio> portfolio;
    std::vector<rank_curve_step> curve; // greedy build order without a budget
};

// The component graph compute_ranking values the projects on, with the reserve rule applied
// (in_portfolios): graph.projects[i] is network project projects[i]. `province` merges the
// graphs of several communes into one portfolio search.
struct ranking_graph {
    component_graph graph;
    std::vector<std::uint32_t> projects; // indices into network::projects
};

// `graph` must be built over a network loaded with include_proposed_roads (new roads' lines).
// Throws data_error when the network has no node of the destination, usage_error for a
// negative budget. `valued_on`, when given, receives the component graph the answer was
// computed on, so that a caller needing both (province) contracts the network once.
rank_answer compute_ranking(const routing_graph& graph, const scenario_rules& rules, destination to,
                            const std::vector<layers::reserve_zone>& reserves,
                            const rank_options& options, ranking_graph* valued_on = nullptr);

// Contract §4's households_per_billion_vnd, to two decimals (124 / 6.8 → 18.24).
std::optional<double> households_per_billion(std::int64_t households, double cost_million_vnd);

} // namespace allseason::routing
