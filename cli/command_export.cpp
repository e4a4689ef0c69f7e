// `allseason export`: the GeoPackage for QGIS. The scenario's answers are computed afresh
// (cut-off, critical elements, check) so that the file shows the data as it is now; cut-off
// and critical results are stored in the project as their own commands store them.
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "layers/export.hpp"
#include "layers/project.hpp"
#include "layers/results.hpp"
#include "routing/check.hpp"
#include "routing/critical.hpp"
#include "routing/cutoff.hpp"
#include "routing/stored_results.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace allseason::cli {

namespace {

std::vector<layers::check_problem> problems_of(const std::vector<routing::finding>& findings) {
    std::vector<layers::check_problem> out;
    for (const auto& f : findings) {
        layers::check_problem p{std::string(routing::to_string(f.level)),
                                f.problem,
                                f.layer,
                                f.code,
                                f.message,
                                std::nullopt,
                                std::nullopt};
        if (f.location) {
            p.x = f.location->x;
            p.y = f.location->y;
        }
        out.push_back(std::move(p));
    }
    return out;
}

// Computes and stores the answers the export shows. An analysis the data cannot run (no
// commune centre, no roads) becomes a note; the layers are exported all the same.
void refresh_answers(layers::project& project, const export_options& options,
                     layers::export_options& out, std::vector<std::string>& notes) {
    const auto to = routing::parse_destination(options.to);
    const auto rules =
        routing::scenario_rules::from(layers::resolve_result_key(project, options.scenario));
    try {
        const auto net = load_network_noting(project);
        const routing::routing_graph graph(net);
        out.check_problems = problems_of(routing::check_network(graph));
        try {
            auto answer = routing::compute_cutoff(graph, rules, to);
            answer.scenario = options.scenario; // the result key, as `cutoff` stores it
            routing::store_cutoff(project, net, answer);
            routing::store_critical(project, net, routing::compute_critical(graph, to));
        } catch (const data_error& e) {
            notes.push_back(fmt::format("the analyses could not run: {}", e.what()));
        }
    } catch (const data_error& e) {
        notes.push_back(fmt::format("the network could not be built: {}", e.what()));
    }
}

bool has_ranking(const export_options& options) {
    auto project = layers::project::open(options.project, false);
    auto& db = project.db();
    if (!db.table_exists("project_ranking"))
        return false;
    auto stmt = db.prepare("SELECT 1 FROM project_ranking WHERE scenario = ? AND destination = ?");
    stmt.bind(1, options.scenario).bind(2, options.to);
    return stmt.step();
}

// Ranks the projects with `allseason rank` itself (its output discarded) when the project has
// no ranking of the scenario and destination; a stored one (perhaps with a budget) is kept.
// `options` are as given (scenario, vehicle); `keyed` names the scenario by its result key.
void ensure_ranking(const export_options& options, const export_options& keyed,
                    std::vector<std::string>& notes) {
    if (has_ranking(keyed))
        return;
    rank_options rank;
    rank.project = options.project;
    rank.scenario = options.scenario;
    rank.vehicle = options.vehicle;
    rank.to = options.to;
    rank.format = output_format::json;
    std::ostringstream sink;
    auto* previous = std::cout.rdbuf(sink.rdbuf());
    try {
        run_rank(rank);
    } catch (const data_error& e) {
        notes.push_back(fmt::format("the projects could not be ranked: {}", e.what()));
    } catch (...) {
        std::cout.rdbuf(previous);
        throw;
    }
    std::cout.rdbuf(previous);
}

} // namespace

int run_export(const export_options& given) {
    // From here on the scenario is named by its result key ("rainy+truck"), which every reader
    // of stored results resolves back to the scenario, vehicle and depth.
    export_options options = given;
    options.scenario = scenario_choice_of(given.scenario, given.vehicle).result_key();
    options.vehicle = {};
    if (std::filesystem::exists(options.out) && !options.force) {
        throw usage_error(
            fmt::format("{}: the file already exists; use --force to replace it", options.out));
    }
    routing::parse_destination(options.to); // a usage error before any work
    std::vector<std::string> notes;
    ensure_ranking(given, options, notes);
    auto project = layers::project::open(options.project, true);
    layers::export_options export_options{options.scenario, options.to, options.force, {}};
    refresh_answers(project, options, export_options, notes);
    auto summary = layers::export_geopackage(project, options.out, export_options);

    text_table table({"table", "geometry", "features", "title"});
    for (const auto& l : summary.layers) {
        table.add_row({l.table, l.geometry_type, std::to_string(l.features), l.title});
    }
    std::cout << fmt::format("wrote {} ({} tables, scenario {}, destination {}) with a QGIS "
                             "project and a style per layer\n\n",
                             options.out, summary.layers.size(), options.scenario, options.to);
    table.print(std::cout);
    notes.insert(notes.end(), summary.notes.begin(), summary.notes.end());
    for (const auto& note : notes) {
        std::cerr << "note: " << note << '\n';
    }
    return 0;
}

} // namespace allseason::cli
