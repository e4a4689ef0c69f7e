#pragma once
// The planning report: one self-contained HTML file (inline CSS, the map as inline SVG, the
// chart drawn as inline SVG, no scripts, no fonts or images fetched; a Content-Security-Policy
// forbids any request) that reads well on screen and prints on A4. Drawn from the project's
// layers and the result tables the analyses write into it; sections whose data is absent say
// so and name the command that fills them.
#include "layers/indicators.hpp"
#include "layers/render/strings.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::render {

// One finding of `allseason check` (the CLI runs the check and passes them in).
struct check_problem {
    std::string severity; // error, warning
    std::string problem;  // dangling_end, crossing_far_from_road, ...
    std::string layer;
    std::string code;
    std::string message;
};

// One step of the ranking engine's build order: projects bought together and the cumulative
// cost and households after it (households counted for the whole set, since projects interact).
struct curve_step {
    std::vector<std::string> projects;
    double cumulative_cost_million_vnd = 0;
    std::int64_t cumulative_households = 0;
};

// One village's isolation days a year (`risk`, stored in risk_results).
struct isolation_row {
    std::string code;
    std::string name;
    std::optional<std::int64_t> households;
    std::optional<std::int64_t> days;           // null: no route even when dry
    std::optional<std::int64_t> household_days; // null: households unknown or not counted
    std::string limited_by;                     // the limiting elements' codes, for reading
};

// A project valued by the household-days a year it avoids (`rank --by household_days`).
struct ranking_days_row {
    int rank = 0;
    std::string code;
    std::string name;
    double cost_million_vnd = 0;
    std::int64_t household_days_avoided = 0;
};

// Households cut off against the passable ford depth, for one vehicle's closed surfaces.
struct depth_curve {
    std::string vehicle;
    std::vector<std::pair<double, std::int64_t>> points; // (ford depth m, households cut off)
};

struct report_options {
    language lang = language::vi;
    std::string scenario = "rainy";
    std::string destination = "commune_centre";
    std::string date; // shown as given; empty: today
    // The check's findings; nullopt when the check was not run.
    std::optional<std::vector<check_problem>> problems;
    // Households with all-season access from the routing engine, for the indicators.
    std::optional<layers::access_figures> access;
    // The build-order curve and the portfolio's households (set values the project_ranking
    // table does not hold); without them the chart sums single projects and says so.
    std::optional<std::vector<curve_step>> curve;
    std::optional<std::int64_t> portfolio_households;
    // Risk over a year (issue 13): the CLI computes them; absent ones are said to be absent.
    std::string risk_vehicle = "car";
    std::optional<std::vector<isolation_row>> isolation;
    std::optional<std::vector<ranking_days_row>> ranking_by_days;
    std::vector<depth_curve> depth_curves;
};

// The report as one HTML document.
std::string render_report(layers::project& p, const report_options& options);
// Writes it; io_error naming the file when that fails.
void write_report(layers::project& p, const report_options& options,
                  const std::filesystem::path& out);

} // namespace allseason::render
