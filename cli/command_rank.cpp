// `allseason rank`: candidate projects by households unflooded, the best set within a budget,
// and the build curve (contract §4).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "layers/ranking_results.hpp"
#include "routing/answer_json.hpp"
#include "routing/ranking.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

using json = nlohmann::ordered_json; // keys in the contract's order

std::string joined(const std::vector<std::string>& items, const char* separator = " ") {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : separator) + item;
    }
    return out;
}

using routing::keys_of;

text_table projects_table(const routing::network& net, const routing::rank_answer& a) {
    const auto keys = keys_of(a);
    text_table table({"rank", "code", "name", "kind", "status", "cost_million_vnd", keys.value,
                      "villages_unflooded", keys.per_billion, "needs", "conflicts"});
    for (const auto& r : a.projects) {
        const auto& p = net.projects[r.project];
        const auto per_billion = r.households_per_billion_vnd
                                     ? fmt::format("{:.2f}", *r.households_per_billion_vnd)
                                     : std::string("—");
        table.add_row({std::to_string(r.rank), p.code, p.name, p.kind,
                       p.status == "building" ? "building*" : p.status,
                       amount_text(p.cost_million_vnd), std::to_string(r.households_unflooded),
                       joined(r.villages_unflooded), per_billion, joined(r.needs),
                       joined(r.conflicts)});
    }
    return table;
}

void print_text(const routing::network& net, const routing::rank_answer& a) {
    if (a.by_household_days) {
        std::cout << fmt::format("scenario {}, destination {}: {} household-days a year of "
                                 "isolation today; projects by household-days avoided\n\n",
                                 a.scenario, routing::to_string(a.to), a.households_unreached);
    } else {
        std::cout << fmt::format("scenario {}, destination {}: {} households with road access "
                                 "do not reach it today\n\n",
                                 a.scenario, routing::to_string(a.to), a.households_unreached);
    }
    projects_table(net, a).print(std::cout);
    bool building = false;
    for (const auto& r : a.projects) {
        building = building || net.projects[r.project].status == "building";
        for (const auto& note : r.notes) {
            std::cout << fmt::format("note: {}: {}\n", net.projects[r.project].code, note);
        }
    }
    if (building) {
        std::cout << "* under construction: not part of today's network until its status is "
                     "done\n";
    }
    if (a.portfolio) {
        const auto& p = *a.portfolio;
        std::cout << fmt::format(
            "\nportfolio within {} million VND ({}): {} — {} million VND, "
            "{} {} ({})\n",
            amount_text(p.budget_million_vnd), p.method,
            p.projects.empty() ? "nothing helps" : joined(p.projects, ", "),
            amount_text(p.cost_million_vnd), p.households_unflooded,
            a.by_household_days ? "household-days avoided" : "households unflooded",
            p.villages_unflooded.empty() ? "no village" : joined(p.villages_unflooded, ", "));
    }
    if (!a.curve.empty()) {
        std::cout << fmt::format("\nbuild order (greedy, {} per million VND):\n",
                                 a.by_household_days ? "household-days" : "households");
        text_table curve(
            {"step", "projects", "cost_million_vnd", keys_of(a).value, "cumulative_cost",
             a.by_household_days ? "cumulative_household_days" : "cumulative_households"});
        for (std::size_t i = 0; i < a.curve.size(); ++i) {
            const auto& s = a.curve[i];
            curve.add_row({std::to_string(i + 1), joined(s.projects, " + "),
                           amount_text(s.cost_million_vnd), std::to_string(s.households_unflooded),
                           amount_text(s.cumulative_cost_million_vnd),
                           std::to_string(s.cumulative_households_unflooded)});
        }
        curve.print(std::cout);
    }
}

void store(layers::project& project, const routing::network& net, const routing::rank_answer& a) {
    std::vector<layers::project_ranking_row> rows;
    for (const auto& r : a.projects) {
        const auto& p = net.projects[r.project];
        layers::project_ranking_row row;
        row.rank = r.rank;
        row.code = p.code;
        row.name = p.name;
        row.kind = p.kind;
        row.status = p.status;
        row.cost_million_vnd = p.cost_million_vnd;
        row.households_unflooded = r.households_unflooded;
        row.villages_unflooded_json = json(r.villages_unflooded).dump();
        row.households_per_billion_vnd = r.households_per_billion_vnd;
        row.conflicts_json = json(r.conflicts).dump();
        row.needs_json = json(r.needs).dump();
        if (!r.needs.empty()) {
            row.households_with_needs = r.households_with_needs;
        }
        if (a.portfolio) {
            row.in_portfolio = r.in_portfolio;
        }
        row.notes_json = json(r.notes).dump();
        rows.push_back(std::move(row));
    }
    layers::project_ranking_run run{a.scenario, std::string(routing::to_string(a.to)), std::nullopt,
                                    std::nullopt};
    if (a.portfolio) {
        run.budget_million_vnd = a.portfolio->budget_million_vnd;
        run.portfolio_method = a.portfolio->method;
    }
    layers::replace_project_ranking(project, run, rows);
}

// --by: households (default) or household_days (contract §4); usage_error otherwise.
bool parse_rank_measure(const std::string& by) {
    if (by.empty() || by == "households") {
        return false;
    }
    if (by == "household_days") {
        return true;
    }
    throw usage_error(fmt::format("--by {}: rank takes households or household_days", by));
}

} // namespace

int run_rank(const rank_options& options) {
    const auto to = routing::parse_destination(options.to);
    auto project = layers::project::open(options.project, true);
    const auto choice = scenario_choice_of(options.scenario, options.vehicle);
    const auto rules = routing::scenario_rules::from(layers::resolve_scenario(project, choice));
    const auto net = load_network_noting(project, true, geometry_need::without_geometry);
    const routing::routing_graph graph(net);
    routing::rank_options ro;
    ro.budget_million_vnd = options.budget_million_vnd;
    ro.allow_reserve = options.allow_reserve;
    ro.by_household_days = parse_rank_measure(options.by);
    ro.closure_days = routing::closure_day_rules_from(layers::read_settings(project));
    if (stderr_is_terminal()) {
        std::cerr << "ranking " << net.projects.size() << " projects…\n";
    }
    auto answer =
        routing::compute_ranking(graph, rules, to, layers::read_reserve_zones(project), ro);
    answer.scenario = choice.result_key(); // stored apart from the plain scenario's ranking
    // The stored ranking (export, map, report) is the households one; by household-days is an
    // answer on the command line only, so that the project_ranking table keeps one meaning.
    if (!ro.by_household_days) {
        store(project, net, answer);
    }
    answer.scenario = choice.scenario;
    if (options.format == output_format::json) {
        std::cout << routing::answer_text(routing::rank_json(net, answer));
    } else if (options.format == output_format::csv) {
        projects_table(net, answer).print_csv(std::cout);
    } else {
        print_text(net, answer);
    }
    return 0;
}

} // namespace allseason::cli
