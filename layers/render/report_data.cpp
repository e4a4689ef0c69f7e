#include "layers/render/detail/report_data.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/results.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace allseason::render::detail {

namespace {

using layers::project;

// A JSON array of strings, or of {layer, code, name} objects; malformed text names the table.
nlohmann::json parse_json(const std::string& text, std::string_view where) {
    try {
        return nlohmann::json::parse(text.empty() ? std::string("[]") : text);
    } catch (const nlohmann::json::exception& e) {
        throw data_error(fmt::format("{}: not JSON ({}): {}", where, e.what(), text));
    }
}

std::vector<std::string> string_array(const std::string& text, std::string_view where) {
    std::vector<std::string> out;
    for (const auto& item : parse_json(text, where)) {
        out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    }
    return out;
}

void read_cutoff(project& p, const std::string& scenario, const std::string& destination,
                 report_tables& t) {
    for (const auto& [stored, computed] : layers::read_cutoff_results(p, scenario, destination)) {
        cutoff_row r;
        r.code = stored.village_code;
        r.name = stored.village_name;
        r.households = stored.households;
        r.ethnic_minority_households = stored.ethnic_minority_households;
        r.households_cut_off = stored.households_cut_off;
        r.has_road_access = stored.has_road_access;
        r.reachable_dry = stored.reachable_dry;
        r.reachable = stored.reachable;
        r.travel_min_dry = stored.travel_min_dry;
        r.travel_min = stored.travel_min;
        for (const auto& b : parse_json(stored.blocked_by_json, "cutoff_results.blocked_by")) {
            r.blocked_by.push_back({b.value("layer", ""), b.value("code", ""),
                                    b.value("name", ""), b.value("depth", "")});
        }
        t.cutoff_computed = std::max(t.cutoff_computed, computed);
        t.cutoff.push_back(std::move(r));
    }
}

void read_critical(project& p, const std::string& destination, report_tables& t) {
    if (!p.db().table_exists("critical_elements")) return;
    auto stmt = p.db().prepare(
        "SELECT rank, layer, code, name, length_m, households_isolated, villages "
        "FROM critical_elements WHERE destination = ? ORDER BY rank");
    stmt.bind(1, destination);
    while (stmt.step()) {
        t.critical.push_back({stmt.get_int(0), stmt.get_text(1), stmt.get_text(2),
                              stmt.get_optional_text(3).value_or(""),
                              stmt.get_optional_double(4), stmt.get_int(5),
                              string_array(stmt.get_optional_text(6).value_or("[]"),
                                           "critical_elements.villages")});
    }
}

// project_ranking as layers/ranking_results.cpp writes it.
void read_ranking(project& p, const std::string& scenario, const std::string& destination,
                  report_tables& t) {
    if (!p.db().table_exists("project_ranking")) return;
    auto stmt = p.db().prepare(
        "SELECT rank, code, name, kind, cost_million_vnd, households_unflooded, "
        "villages_unflooded, households_per_billion_vnd, in_portfolio, needs, conflicts, "
        "budget_million_vnd, portfolio_method FROM project_ranking "
        "WHERE scenario = ? AND destination = ? ORDER BY rank");
    stmt.bind(1, scenario).bind(2, destination);
    portfolio_info portfolio;
    bool budgeted = false;
    while (stmt.step()) {
        ranking_row r;
        r.rank = stmt.get_int(0);
        r.code = stmt.get_text(1);
        r.name = stmt.get_optional_text(2).value_or("");
        r.kind = stmt.get_text(3);
        r.cost_million_vnd = stmt.get_double(4);
        r.households_unflooded = stmt.get_int(5);
        r.villages_unflooded = string_array(stmt.get_optional_text(6).value_or("[]"),
                                            "project_ranking.villages_unflooded");
        r.households_per_billion_vnd = stmt.get_optional_double(7);
        r.in_portfolio = stmt.get_optional_int(8).value_or(0) != 0;
        r.needs = string_array(stmt.get_optional_text(9).value_or("[]"), "project_ranking.needs");
        r.conflicts = string_array(stmt.get_optional_text(10).value_or("[]"),
                                   "project_ranking.conflicts");
        if (const auto budget = stmt.get_optional_double(11)) {
            budgeted = true;
            portfolio.budget_million_vnd = *budget;
            portfolio.method = stmt.get_optional_text(12).value_or("");
        }
        if (r.in_portfolio) {
            portfolio.projects.push_back(r.code);
            portfolio.cost_million_vnd += r.cost_million_vnd;
        }
        t.ranking.push_back(std::move(r));
    }
    if (budgeted) t.portfolio = portfolio;
}

} // namespace

report_tables read_report_tables(project& p, const std::string& scenario,
                                 const std::string& destination) {
    report_tables t;
    read_cutoff(p, scenario, destination, t);
    read_critical(p, destination, t);
    read_ranking(p, scenario, destination, t);
    return t;
}

} // namespace allseason::render::detail
