// `allseason risk`: isolation days a year per village (contract §2 closure days, §4 answer).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "routing/risk.hpp"
#include "routing/stored_results.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

// Without --vehicle the answer is for a car: contract §2 names `car` as what `rainy` means.
constexpr const char* default_vehicle = "car";

template <class T> nlohmann::json or_null(const std::optional<T>& value) {
    if (!value)
        return nullptr;
    return *value;
}

nlohmann::json answer_json(const routing::network& net, const routing::risk_answer& a,
                           const layers::scenario_choice& choice) {
    nlohmann::json villages = nlohmann::json::array();
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        villages.push_back(
            {{"code", village.code},
             {"name", village.name},
             {"households", or_null(v.households)},
             {"reachable_dry", v.reachable_dry},
             {"isolation_days_per_year", or_null(v.isolation_days_per_year)},
             {"household_days_per_year", or_null(v.household_days_per_year)},
             {"limited_by", nlohmann::json::parse(routing::limited_by_json(v.limited_by))}});
    }
    const auto& s = a.summary;
    nlohmann::json out = {{"destination", routing::to_string(a.to)},
                          {"vehicle", choice.vehicle},
                          {"villages", villages},
                          {"summary",
                           {{"household_days_per_year", s.household_days_per_year},
                            {"villages_isolated", s.villages_isolated},
                            {"villages", s.villages},
                            {"households", s.households},
                            {"villages_unreachable_dry", s.villages_unreachable_dry},
                            {"villages_households_unknown", s.villages_households_unknown}}}};
    if (choice.ford_depth_m)
        out["ford_depth_m"] = *choice.ford_depth_m;
    return out;
}

// layer:code:days (and :unknown / :estimated for a ford closed without a measured depth).
std::string limited_csv(const std::vector<routing::limiting_element>& limits) {
    std::vector<std::string> items;
    for (const auto& l : limits) {
        items.push_back(fmt::format("{}:{}:{}{}", routing::to_string(l.layer), l.code, l.days,
                                    l.depth ? ":" + *l.depth : std::string()));
    }
    return fmt::format("{}", fmt::join(items, ";"));
}

std::string limited_text(const std::vector<routing::limiting_element>& limits) {
    std::vector<std::string> items;
    for (const auto& l : limits) {
        items.push_back(l.depth ? fmt::format("{} (depth {})", l.code, *l.depth) : l.code);
    }
    return fmt::format("{}", fmt::join(items, " "));
}

template <class T> std::string text_or(const std::optional<T>& value, const char* missing) {
    return value ? fmt::format("{}", *value) : std::string(missing);
}

void print_csv(const routing::network& net, const routing::risk_answer& a) {
    text_table table({"code", "name", "households", "reachable_dry", "isolation_days_per_year",
                      "household_days_per_year", "limited_by"});
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        table.add_row({village.code, village.name, text_or(v.households, ""),
                       v.reachable_dry ? "true" : "false", text_or(v.isolation_days_per_year, ""),
                       text_or(v.household_days_per_year, ""), limited_csv(v.limited_by)});
    }
    table.print_csv(std::cout);
}

// The table for people, with the summary in Vietnamese (the commune's planners read it).
void print_table(const routing::network& net, const routing::risk_answer& a,
                 const layers::scenario_choice& choice) {
    text_table table(
        {"code", "name", "households", "isolation_days", "household_days", "limited_by"});
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        table.add_row(
            {village.code, village.name, text_or(v.households, "?"),
             v.reachable_dry ? text_or(v.isolation_days_per_year, "—") : "no road when dry",
             text_or(v.household_days_per_year, "—"), limited_text(v.limited_by)});
    }
    std::cout << "vehicle " << choice.vehicle
              << (choice.ford_depth_m
                      ? fmt::format(" (fords over {} m close)", *choice.ford_depth_m)
                      : std::string())
              << ", destination " << routing::to_string(a.to) << "\n\n";
    table.print(std::cout);
    const auto& s = a.summary;
    std::cout << fmt::format("\n{} / {} thôn bị cô lập ít nhất một ngày mỗi năm; tổng {} hộ·ngày "
                             "cô lập mỗi năm\n",
                             s.villages_isolated, s.villages, s.household_days_per_year);
    if (s.villages_unreachable_dry > 0) {
        std::cout << fmt::format("{} thôn không có đường tới đích kể cả mùa khô (không tính)\n",
                                 s.villages_unreachable_dry);
    }
    if (s.villages_households_unknown > 0) {
        std::cout << fmt::format("{} thôn chưa biết số hộ (không tính vào hộ·ngày cho đến khi "
                                 "`join` điền số hộ)\n",
                                 s.villages_households_unknown);
    }
}

} // namespace

int run_risk(const risk_options& options) {
    const auto to = routing::parse_destination(options.to);
    auto project = layers::project::open(options.project, true);
    auto choice = scenario_choice_of("rainy", options.vehicle);
    if (choice.vehicle.empty())
        choice.vehicle = default_vehicle;
    const auto rules = routing::scenario_rules::from(layers::resolve_scenario(project, choice));
    const auto day_rules = routing::closure_day_rules_from(layers::read_settings(project));
    if (stderr_is_terminal())
        std::cerr << "building the network…\n";
    const auto net = load_network_noting(project);
    auto answer = routing::compute_risk(net, rules, to, day_rules);
    answer.scenario = choice.result_key();
    routing::store_risk(project, net, answer);
    if (options.format == output_format::json) {
        std::cout << answer_json(net, answer, choice).dump(2) << '\n';
    } else if (options.format == output_format::csv) {
        print_csv(net, answer);
    } else {
        print_table(net, answer, choice);
    }
    return 0;
}

} // namespace allseason::cli
