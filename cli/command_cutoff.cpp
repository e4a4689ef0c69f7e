// `allseason cutoff`: which villages lose all-season access in a scenario (contract §4).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "layers/results.hpp"
#include "routing/answer_json.hpp"
#include "routing/cutoff.hpp"
#include "routing/stored_results.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

// "F2" for a measured ford or a road; "XR1-1 (depth unknown, derived)" or "F3 (depth
// estimated from terrain)" otherwise.
std::string blocked_text(const routing::blocking_element& b) {
    std::vector<std::string> notes;
    if (b.depth)
        notes.push_back(*b.depth == "estimated" ? "depth estimated from terrain"
                                                : "depth " + *b.depth);
    if (b.derived)
        notes.push_back("derived");
    return notes.empty() ? b.code : fmt::format("{} ({})", b.code, fmt::join(notes, ", "));
}

std::string minutes_text(const std::optional<double>& value) {
    return value ? fmt::format("{:.1f}", *value) : "—";
}

// CSV for spreadsheets and scripts: true/false, empty for null, blocked_by as layer:code;…
// (layer:code:unknown or :estimated for a ford closed without a measured depth)
void print_csv(const routing::network& net, const routing::cutoff_answer& a) {
    text_table table({"code", "name", "households", "households_cut_off", "reachable_dry",
                      "reachable", "cut_off", "travel_min_dry", "travel_min", "blocked_by"});
    auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
    auto minutes = [](const std::optional<double>& m) {
        return m ? fmt::format("{:.2f}", *m) : std::string();
    };
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        std::string blocked;
        for (const auto& b : v.blocked_by) {
            // A ford closed without a measured depth gets a third field: fords:F2:unknown.
            blocked +=
                fmt::format("{}{}:{}{}", blocked.empty() ? "" : ";", routing::to_string(b.layer),
                            b.code, b.depth ? fmt::format(":{}", *b.depth) : std::string());
        }
        table.add_row({village.code, village.name,
                       v.households ? std::to_string(*v.households) : std::string(),
                       std::to_string(v.households_cut_off), flag(v.reachable_dry),
                       flag(v.reachable), flag(v.cut_off()), minutes(v.travel_min_dry),
                       minutes(v.travel_min), blocked});
    }
    table.print_csv(std::cout);
}

void print_table(const routing::network& net, const routing::cutoff_answer& a,
                 output_format format) {
    if (format == output_format::csv) {
        print_csv(net, a);
        return;
    }
    text_table table({"code", "name", "households", "reachable_dry", "reachable", "cut_off",
                      "travel_min_dry", "travel_min", "blocked_by"});
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        std::vector<std::string> blocked;
        for (const auto& b : v.blocked_by)
            blocked.push_back(blocked_text(b));
        table.add_row({village.code, village.name,
                       v.households ? std::to_string(*v.households) : "unknown",
                       v.reachable_dry ? "yes" : "no", v.reachable ? "yes" : "no",
                       v.cut_off() ? "CUT OFF" : "", minutes_text(v.travel_min_dry),
                       minutes_text(v.travel_min), fmt::format("{}", fmt::join(blocked, " "))});
    }
    std::cout << "scenario " << a.scenario << ", destination " << routing::to_string(a.to)
              << "\n\n";
    table.print(std::cout);
    const auto& s = a.summary;
    std::cout << fmt::format("\n{} of {} villages cut off; {} of {} households cut off; {} "
                             "households without a road within reach\n",
                             s.villages_cut_off, s.villages, s.households_cut_off, s.households,
                             s.households_without_road);
    if (s.fords_closed_unknown_depth > 0) {
        std::cout << fmt::format("{} fords closed only because their depth is unknown (measure "
                                 "them, or set scenarios.unknown_fords = 'open')\n",
                                 s.fords_closed_unknown_depth);
    }
    if (s.villages_households_unknown > 0) {
        std::cout << fmt::format("{} villages of unknown households (counted 0 in the household "
                                 "sums until `join` fills them)\n",
                                 s.villages_households_unknown);
    }
}

// Several depths in one run (contract §4): the network is read and built once, each depth
// is one more search over it. A sweep is an exploration: nothing is stored.
int run_sweep(const cutoff_options& options, layers::project& project, routing::destination to,
              const std::vector<double>& depths) {
    const auto net = load_network_noting(project, false, geometry_need::without_geometry);
    const routing::routing_graph graph(net);
    // Each depth asks only who is cut off: one breadth-first search, the dry one shared.
    const auto dry = graph.reach(routing::scenario_state(net, routing::scenario_rules::dry()),
                                 routing::require_destination(net, to));
    const routing::cutoff_request request{false, &dry};
    nlohmann::json sweep = nlohmann::json::array();
    text_table table({"ford_depth_m", "villages_cut_off", "households_cut_off", "villages"});
    for (const double depth : depths) {
        layers::scenario_choice choice{options.scenario, options.vehicle.vehicle, depth};
        const auto rules = routing::scenario_rules::from(layers::resolve_scenario(project, choice));
        const auto answer = routing::compute_cutoff(graph, rules, to, request);
        auto step = routing::sweep_step_json(net, depth, answer);
        const auto cut = step["villages_cut_off"].get<std::vector<std::string>>();
        sweep.push_back(std::move(step));
        table.add_row({fmt::format("{}", depth), std::to_string(answer.summary.villages_cut_off),
                       std::to_string(answer.summary.households_cut_off),
                       fmt::format("{}", fmt::join(cut, " "))});
    }
    if (options.format == output_format::json) {
        std::cout << routing::answer_text(
            routing::sweep_json(options.scenario, to, options.vehicle.vehicle, std::move(sweep)));
    } else if (options.format == output_format::csv) {
        table.print_csv(std::cout);
    } else {
        std::cout << "scenario " << options.scenario << ", destination " << routing::to_string(to)
                  << (options.vehicle.vehicle.empty() ? "" : ", vehicle " + options.vehicle.vehicle)
                  << ": villages cut off by passable ford depth\n\n";
        table.print(std::cout);
    }
    return 0;
}

} // namespace

int run_cutoff(const cutoff_options& options) {
    const auto to = routing::parse_destination(options.to);
    auto project = layers::project::open(options.project, true);
    if (!options.vehicle.ford_depth.empty()) {
        const auto depths = parse_ford_depths(options.vehicle.ford_depth);
        if (depths.size() > 1)
            return run_sweep(options, project, to, depths);
    }
    const auto choice = scenario_choice_of(options.scenario, options.vehicle);
    const auto rules = routing::scenario_rules::from(layers::resolve_scenario(project, choice));
    const auto net = load_network_noting(project, false, geometry_need::without_geometry);
    const routing::routing_graph graph(net);
    auto answer = routing::compute_cutoff(graph, rules, to);
    // Stored under "rainy+motorbike@0.6m" and the like, never over the plain scenario's answer.
    answer.scenario = choice.result_key();
    routing::store_cutoff(project, net, answer);
    answer.scenario = choice.scenario;
    if (options.format == output_format::json) {
        std::cout << routing::answer_text(
            routing::cutoff_json(net, answer, choice.vehicle, choice.ford_depth_m));
    } else {
        print_table(net, answer, options.format);
    }
    return 0;
}

} // namespace allseason::cli
