#pragma once
// What `map` and `report` need from the routing engine before they draw: the scenario's
// cut-off answers stored in the project (computed now when missing) and the check's findings.
// The drawing itself (layers/render) reads only the project.
#include "layers/render/report.hpp"

#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::cli {

// Makes sure cutoff_results holds `scenario` → `destination`: when it does not, runs the
// cut-off analysis and stores it, as `allseason cutoff` would. Returns whether it ran.
// Throws usage_error for an unknown scenario or destination.
bool ensure_cutoff_results(layers::project& project, const std::string& scenario,
                           const std::string& destination);

// ensure_cutoff_results for map and report: says on stderr what it did; when the analysis
// cannot run (no commune centre, say) it says why and the drawing goes on without answers.
// Throws data_error for a project with no layers yet.
void prepare_cutoff_results(layers::project& project, const std::string& scenario,
                            const std::string& destination);

// Makes sure risk_results holds `risk_key` ("rainy+car") → `destination`, running `risk` and
// storing it when it does not (saying so on stderr).
void prepare_risk_results(layers::project& project, const std::string& risk_key,
                          const std::string& destination);

// The ranking engine's build-order curve and the stored portfolio's households, recomputed for
// a ranking the project holds (project_ranking keeps per-project rows only). Leaves the
// options untouched when there is no stored ranking.
void add_ranking_curve(layers::project& project, render::report_options& options);

// The report's risk section: isolation days of `options.risk_vehicle` (risk run and stored
// when missing), the ranking by household-days, and households cut off against the passable
// depth for each vehicle of the vehicles table.
void add_risk_inputs(layers::project& project, render::report_options& options);

// The findings of `allseason check`, for the report.
std::vector<render::check_problem> check_problems(layers::project& project);

} // namespace allseason::cli
