#pragma once
// `province` (contract §4): communes side by side, and their not-done projects ranked against
// one another by households unflooded per billion đồng, each valued on its own commune's
// network exactly as `rank` values it, with one portfolio across communes within a budget.
//
// A province has dozens of communes: each is valued on its own (value_commune) so that only one
// commune's networks are in memory at a time; combine_province then ranks and searches the
// portfolio on the union of their component graphs (routing/portfolio.hpp
// merge_component_graphs), which keeps the set rule of `rank` — projects interact within a
// commune, never across.
#include "routing/cutoff.hpp"
#include "routing/portfolio.hpp"
#include "routing/ranking.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

struct province_project {
    std::string schema;
    std::string code;
    std::string name;
    std::string kind;
    std::string status;
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
    std::vector<std::string> villages_unflooded;
    std::optional<double> households_per_billion_vnd; // null when it costs nothing
    std::vector<std::string> conflicts;               // reserve core zones, as in rank
    int rank = 0;                                     // in the province
    bool in_portfolio = false;
};

// One commune's part of the province answer.
struct commune_valuation {
    std::string schema;
    std::string name;
    cutoff_summary summary;                 // today, in the scenario
    std::vector<province_project> projects; // graph.projects[i] is projects[i]
    component_graph graph;
};

struct province_portfolio {
    double budget_million_vnd = 0;
    std::string method;
    std::vector<std::size_t> projects; // indices into province_answer::projects, rank order
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
};

struct province_answer {
    std::string scenario;
    destination to = destination::commune_centre;
    std::vector<commune_valuation> communes; // in the order given
    std::vector<province_project> projects;  // in province rank order
    std::optional<province_portfolio> portfolio;
};

// `today` is the commune's network without proposed roads (its summary), `proposed` the one
// with them (its projects), as `cutoff` and `rank` load them.
commune_valuation value_commune(std::string schema, std::string name, const routing_graph& today,
                                const routing_graph& proposed, const scenario_rules& rules,
                                destination to, const std::vector<layers::reserve_zone>& reserves,
                                const rank_options& options);

// Ranks every commune's projects by households_per_billion_vnd (free projects that unflood
// someone first, then descending; ties by households descending, cost ascending, schema, code)
// and, with a budget, finds the province portfolio. Throws usage_error for a negative budget.
province_answer combine_province(std::vector<commune_valuation> communes,
                                 const std::optional<double>& budget_million_vnd,
                                 std::string scenario, destination to);

} // namespace allseason::routing
