// `allseason province`: the communes of a PostgreSQL database side by side, and their projects
// ranked against one another with one portfolio across them (contract §4).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/pg_catalog.hpp"
#include "layers/project.hpp"
#include "routing/answer_json.hpp"
#include "routing/province.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

using json = nlohmann::ordered_json;

json amount(double value) {
    return routing::amount_json(value);
}

std::vector<std::string> split_schemas(const std::string& list) {
    std::vector<std::string> out;
    std::string item;
    for (char c : list + ",") {
        if (c != ',') {
            item += c;
        } else if (!item.empty()) {
            out.push_back(item);
            item.clear();
        }
    }
    return out;
}

routing::commune_valuation value_schema(const province_options& o, const std::string& schema,
                                        routing::destination to) {
    auto project = layers::project::open(layers::schema_url(o.database, schema), true);
    const auto choice = scenario_choice_of(o.scenario, {});
    const auto rules = routing::scenario_rules::from(layers::resolve_scenario(project, choice));
    const auto today = load_network_noting(project, false, geometry_need::without_geometry);
    const auto proposed = load_network_noting(project, true, geometry_need::without_geometry);
    const routing::routing_graph today_graph(today);
    const routing::routing_graph proposed_graph(proposed);
    routing::rank_options ro;
    ro.closure_days = routing::closure_day_rules_from(layers::read_settings(project));
    return routing::value_commune(schema, project.metadata().name, today_graph, proposed_graph,
                                  rules, to, layers::read_reserve_zones(project), ro);
}

json answer_json(const routing::province_answer& a) {
    json out;
    out["scenario"] = a.scenario;
    out["destination"] = std::string(routing::to_string(a.to));
    out["communes"] = json::array();
    for (const auto& c : a.communes) {
        out["communes"].push_back({{"schema", c.schema},
                                   {"name", c.name},
                                   {"villages", c.summary.villages},
                                   {"villages_cut_off", c.summary.villages_cut_off},
                                   {"households", c.summary.households},
                                   {"households_cut_off", c.summary.households_cut_off}});
    }
    out["projects"] = json::array();
    for (const auto& p : a.projects) {
        out["projects"].push_back(
            {{"rank", p.rank},
             {"schema", p.schema},
             {"code", p.code},
             {"name", p.name},
             {"kind", p.kind},
             {"cost_million_vnd", amount(p.cost_million_vnd)},
             {"households_unflooded", p.households_unflooded},
             {"villages_unflooded", p.villages_unflooded},
             {"households_per_billion_vnd",
              p.households_per_billion_vnd ? json(*p.households_per_billion_vnd) : json(nullptr)}});
    }
    if (a.portfolio) {
        json projects = json::array();
        for (auto i : a.portfolio->projects) {
            projects.push_back({{"schema", a.projects[i].schema}, {"code", a.projects[i].code}});
        }
        out["portfolio"] = {{"budget_million_vnd", amount(a.portfolio->budget_million_vnd)},
                            {"method", a.portfolio->method},
                            {"projects", projects},
                            {"cost_million_vnd", amount(a.portfolio->cost_million_vnd)},
                            {"households_unflooded", a.portfolio->households_unflooded}};
    }
    return out;
}

text_table projects_table(const routing::province_answer& a) {
    text_table t({"rank", "schema", "code", "name", "kind", "cost_million_vnd",
                  "households_unflooded", "households_per_billion_vnd", "in_portfolio"});
    for (const auto& p : a.projects) {
        t.add_row({std::to_string(p.rank), p.schema, p.code, p.name, p.kind,
                   amount_text(p.cost_million_vnd), std::to_string(p.households_unflooded),
                   p.households_per_billion_vnd
                       ? fmt::format("{:.2f}", *p.households_per_billion_vnd)
                       : "",
                   a.portfolio ? (p.in_portfolio ? "yes" : "no") : ""});
    }
    return t;
}

void print_text(const routing::province_answer& a) {
    text_table communes({"schema", "xã", "thôn", "thôn bị cô lập", "hộ", "hộ bị cô lập"});
    for (const auto& c : a.communes) {
        communes.add_row({c.schema, c.name, std::to_string(c.summary.villages),
                          std::to_string(c.summary.villages_cut_off),
                          std::to_string(c.summary.households),
                          std::to_string(c.summary.households_cut_off)});
    }
    communes.print(std::cout);
    std::cout << '\n';
    projects_table(a).print(std::cout);
    if (a.portfolio) {
        std::cout << fmt::format("\nDanh mục trong ngân sách {} triệu đồng ({}): {} dự án, {} "
                                 "triệu đồng, {} hộ được nối thông\n",
                                 amount_text(a.portfolio->budget_million_vnd), a.portfolio->method,
                                 a.portfolio->projects.size(),
                                 amount_text(a.portfolio->cost_million_vnd),
                                 a.portfolio->households_unflooded);
    }
}

} // namespace

int run_province(const province_options& options) {
    const auto to = routing::parse_destination(options.to);
    const auto schemas = options.schemas.empty() ? layers::project_schemas(options.database)
                                                 : split_schemas(options.schemas);
    if (schemas.empty()) {
        throw data_error(fmt::format("{}: no schema holds an allseason project",
                                     layers::database_label(options.database)));
    }
    std::vector<routing::commune_valuation> communes;
    for (const auto& schema : schemas) {
        if (stderr_is_terminal()) {
            std::cerr << "valuing " << schema << "…\n";
        }
        communes.push_back(value_schema(options, schema, to));
    }
    const auto answer = routing::combine_province(std::move(communes), options.budget_million_vnd,
                                                  options.scenario, to);
    if (options.format == output_format::json) {
        std::cout << answer_json(answer).dump(2) << '\n';
    } else if (options.format == output_format::csv) {
        projects_table(answer).print_csv(std::cout);
    } else {
        print_text(answer);
    }
    return 0;
}

} // namespace allseason::cli
