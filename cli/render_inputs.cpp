#include "cli/render_inputs.hpp"
#include "cli/network_loading.hpp"

#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "layers/render/map_data.hpp"
#include "layers/results.hpp"
#include "routing/check.hpp"
#include "routing/cutoff.hpp"
#include "routing/ranking.hpp"
#include "routing/stored_results.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

bool ensure_cutoff_results(layers::project& project, const std::string& scenario,
                           const std::string& destination) {
    const auto to = routing::parse_destination(destination);
    const auto row = layers::resolve_result_key(project, scenario);
    if (render::has_cutoff_results(project, scenario, destination)) return false;
    const auto net = load_network_noting(project, false, geometry_need::without_geometry);
    const routing::routing_graph graph(net);
    auto answer = routing::compute_cutoff(graph, routing::scenario_rules::from(row), to);
    answer.scenario = scenario; // the result key ("rainy+motorbike"), as `cutoff` stores it
    routing::store_cutoff(project, net, answer);
    return true;
}

void prepare_cutoff_results(layers::project& project, const std::string& scenario,
                            const std::string& destination) {
    if (!project.has_crs()) {
        throw data_error(fmt::format("{}: the project has no layers yet: import villages and "
                                     "roads first",
                                     project.path().string()));
    }
    try {
        if (ensure_cutoff_results(project, scenario, destination)) {
            std::cerr << fmt::format("allseason: no stored answers for scenario {} and "
                                     "destination {}: ran the cut-off analysis first and stored "
                                     "it\n",
                                     scenario, destination);
        }
    } catch (const data_error& e) {
        std::cerr << fmt::format("allseason: warning: the cut-off analysis cannot run ({}); the "
                                 "villages are drawn as not analysed\n",
                                 e.what());
    }
}

void prepare_risk_results(layers::project& project, const std::string& risk_key,
                          const std::string& destination) {
    if (!layers::read_risk_results(project, risk_key, destination).empty()) return;
    const auto to = routing::parse_destination(destination);
    const auto rules =
        routing::scenario_rules::from(layers::resolve_result_key(project, risk_key));
    const auto net = load_network_noting(project);
    auto answer = routing::compute_risk(
        net, rules, to, routing::closure_day_rules_from(layers::read_settings(project)));
    answer.scenario = risk_key;
    routing::store_risk(project, net, answer);
    std::cerr << fmt::format("allseason: no stored isolation days for {} and destination {}: "
                             "ran `risk` first and stored it\n",
                             risk_key, destination);
}

void add_ranking_curve(layers::project& project, render::report_options& options) {
    if (!project.db().table_exists("project_ranking")) return;
    auto stmt = project.db().prepare(
        "SELECT code, in_portfolio, budget_million_vnd FROM project_ranking "
        "WHERE scenario = ? AND destination = ? ORDER BY code");
    stmt.bind(1, options.scenario).bind(2, options.destination);
    std::vector<std::string> stored_portfolio;
    std::optional<double> budget;
    bool any = false;
    while (stmt.step()) {
        any = true;
        if (stmt.get_optional_int(1).value_or(0) != 0) stored_portfolio.push_back(stmt.get_text(0));
        if (const auto b = stmt.get_optional_double(2)) budget = b;
    }
    if (!any) return;
    const auto rules = routing::scenario_rules::from(layers::resolve_result_key(project, options.scenario));
    const auto net = load_network_noting(project, true);
    const routing::routing_graph graph(net);
    routing::rank_options ro;
    ro.budget_million_vnd = budget;
    const auto answer = routing::compute_ranking(graph, rules,
                                                 routing::parse_destination(options.destination),
                                                 layers::read_reserve_zones(project), ro);
    std::vector<render::curve_step> curve;
    for (const auto& s : answer.curve) {
        curve.push_back({s.projects, s.cumulative_cost_million_vnd,
                         s.cumulative_households_unflooded});
    }
    options.curve = std::move(curve);
    // The households of the stored portfolio, when recomputing chose the same set (a ranking
    // run with --allow-reserve may have chosen another).
    if (answer.portfolio) {
        auto chosen = answer.portfolio->projects;
        std::sort(chosen.begin(), chosen.end());
        if (chosen == stored_portfolio) {
            options.portfolio_households = answer.portfolio->households_unflooded;
        }
    }
}

void add_risk_inputs(layers::project& project, render::report_options& options) {
    const std::string key =
        layers::scenario_choice{"rainy", options.risk_vehicle, std::nullopt}.result_key();
    prepare_risk_results(project, key, options.destination);
    std::vector<render::isolation_row> rows;
    for (const auto& [r, computed] :
         layers::read_risk_results(project, key, options.destination)) {
        std::string limited;
        for (const auto& item : nlohmann::json::parse(r.limited_by_json)) {
            limited += (limited.empty() ? "" : ", ") + item["code"].get<std::string>();
        }
        rows.push_back({r.village_code, r.village_name, r.households,
                        r.isolation_days_per_year, r.household_days_per_year, limited});
    }
    options.isolation = std::move(rows);

    const auto to = routing::parse_destination(options.destination);
    const auto net = load_network_noting(project, true);
    const routing::routing_graph graph(net);
    routing::rank_options ro;
    ro.by_household_days = true;
    ro.closure_days = routing::closure_day_rules_from(layers::read_settings(project));
    const auto rules =
        routing::scenario_rules::from(layers::resolve_result_key(project, key));
    const auto ranking = routing::compute_ranking(graph, rules, to, {}, ro);
    std::vector<render::ranking_days_row> ranked;
    for (const auto& r : ranking.projects) {
        const auto& p = net.projects[r.project];
        ranked.push_back({r.rank, p.code, p.name, p.cost_million_vnd, r.households_unflooded});
    }
    options.ranking_by_days = std::move(ranked);

    // Depths 0 to 1 m by 0.1 m: where the answer turns for a planner choosing a vehicle. Only
    // who is cut off is asked (one search a depth, the dry one shared), as in the sweep.
    const auto dry = graph.reach(routing::scenario_state(net, routing::scenario_rules::dry()),
                                 routing::require_destination(net, to));
    const routing::cutoff_request reachability{false, &dry};
    for (const auto& vehicle : layers::read_vehicles(project)) {
        render::depth_curve curve{vehicle.name, {}};
        for (int step = 0; step <= 10; ++step) {
            const double depth = step / 10.0;
            const auto row =
                layers::resolve_scenario(project, {"rainy", vehicle.name, depth});
            const auto answer = routing::compute_cutoff(
                graph, routing::scenario_rules::from(row), to, reachability);
            curve.points.emplace_back(depth, answer.summary.households_cut_off);
        }
        options.depth_curves.push_back(std::move(curve));
    }
}

std::vector<render::check_problem> check_problems(layers::project& project) {
    const auto net = load_network_noting(project);
    const routing::routing_graph graph(net);
    std::vector<render::check_problem> out;
    for (const auto& f : routing::check_network(graph)) {
        out.push_back({std::string(routing::to_string(f.level)), f.problem, f.layer, f.code,
                       f.message});
    }
    return out;
}

} // namespace allseason::cli
