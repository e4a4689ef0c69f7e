#pragma once
// The `project_ranking` result table (contract §3: results are written into the project so
// that QGIS and `export` see them): one row per scenario, destination and not-done project,
// with the project's own point or line from the `projects` layer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

class project;

struct project_ranking_row {
    int rank = 0;
    std::string code;
    std::string name;
    std::string kind;
    std::string status;
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
    std::string villages_unflooded_json = "[]"; // JSON array of village codes
    std::optional<double> households_per_billion_vnd;
    std::string conflicts_json = "[]";          // JSON array, e.g. ["reserve_core:Khe Rồ"]
    std::string needs_json = "[]";              // JSON array of project codes
    std::optional<std::int64_t> households_with_needs;
    std::optional<bool> in_portfolio;           // null when no budget was given
    std::string notes_json = "[]";
};

struct project_ranking_run {
    std::string scenario;
    std::string destination;
    std::optional<double> budget_million_vnd;
    std::optional<std::string> portfolio_method;
};

// Creates `project_ranking` when missing (needs the project CRS).
void ensure_ranking_table(project& p);

// Replaces the rows of one scenario and destination, in one transaction.
void replace_project_ranking(project& p, const project_ranking_run& run,
                             const std::vector<project_ranking_row>& rows);

} // namespace allseason::layers
