#include "layers/render/detail/report_data.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

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

std::set<std::string> columns_of(project& p, const std::string& table) {
    std::set<std::string> out;
    auto stmt = p.db().prepare("SELECT name FROM pragma_table_info(?)");
    stmt.bind(1, table);
    while (stmt.step()) out.insert(stmt.get_text(0));
    return out;
}

void read_cutoff(project& p, const std::string& scenario, const std::string& destination,
                 report_tables& t) {
    if (!p.db().table_exists("cutoff_results")) return;
    auto stmt = p.db().prepare(
        "SELECT village_code, village_name, households, ethnic_minority_households, "
        "households_cut_off, has_road_access, reachable_dry, reachable, travel_min_dry, "
        "travel_min, blocked_by, computed FROM cutoff_results "
        "WHERE scenario = ? AND destination = ? ORDER BY fid");
    stmt.bind(1, scenario).bind(2, destination);
    while (stmt.step()) {
        cutoff_row r;
        r.code = stmt.get_text(0);
        r.name = stmt.get_optional_text(1).value_or("");
        r.households = stmt.get_int(2);
        r.ethnic_minority_households = stmt.get_int(3);
        r.households_cut_off = stmt.get_int(4);
        r.has_road_access = stmt.get_int(5) != 0;
        r.reachable_dry = stmt.get_int(6) != 0;
        r.reachable = stmt.get_int(7) != 0;
        r.travel_min_dry = stmt.get_optional_double(8);
        r.travel_min = stmt.get_optional_double(9);
        for (const auto& b : parse_json(stmt.get_optional_text(10).value_or("[]"),
                                        "cutoff_results.blocked_by")) {
            r.blocked_by.push_back({b.value("layer", ""), b.value("code", ""),
                                    b.value("name", "")});
        }
        t.cutoff_computed = std::max(t.cutoff_computed, stmt.get_text(11));
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

// project_ranking is read by column name, so the report keeps working as the table gains
// columns; what a column does not say is left empty.
void read_ranking(project& p, const std::string& scenario, const std::string& destination,
                  report_tables& t) {
    if (!p.db().table_exists("project_ranking")) return;
    const auto columns = columns_of(p, "project_ranking");
    if (!columns.count("scenario") || !columns.count("destination") || !columns.count("rank")) {
        return;
    }
    auto stmt = p.db().prepare("SELECT * FROM project_ranking WHERE scenario = ? AND "
                               "destination = ? ORDER BY rank IS NULL, rank");
    stmt.bind(1, scenario).bind(2, destination);
    std::map<std::string, int> at;
    for (int i = 0; i < stmt.column_count(); ++i) at[stmt.column_name(i)] = i;
    const auto has = [&](const char* c) { return at.count(c) && !stmt.is_null(at[c]); };
    const auto text = [&](const char* c) { return has(c) ? stmt.get_text(at[c]) : std::string(); };
    while (stmt.step()) {
        ranking_row r;
        r.rank = has("rank") ? stmt.get_int(at["rank"]) : 0;
        r.code = has("project_code") ? text("project_code") : text("code");
        r.name = has("project_name") ? text("project_name") : text("name");
        r.kind = text("kind");
        r.cost_million_vnd = has("cost_million_vnd") ? stmt.get_double(at["cost_million_vnd"]) : 0;
        r.households_unflooded =
            has("households_unflooded") ? stmt.get_int(at["households_unflooded"]) : 0;
        if (has("villages_unflooded")) {
            r.villages_unflooded = string_array(text("villages_unflooded"),
                                                "project_ranking.villages_unflooded");
        }
        if (has("households_per_billion_vnd")) {
            r.households_per_billion_vnd = stmt.get_double(at["households_per_billion_vnd"]);
        }
        r.in_portfolio = has("in_portfolio") && stmt.get_int(at["in_portfolio"]) != 0;
        if (has("cumulative_cost_million_vnd")) {
            r.cumulative_cost_million_vnd = stmt.get_double(at["cumulative_cost_million_vnd"]);
        }
        if (has("cumulative_households")) {
            r.cumulative_households = stmt.get_int(at["cumulative_households"]);
        }
        if (r.rank > 0) t.ranking.push_back(std::move(r));
    }
    std::vector<std::string> chosen;
    portfolio_info portfolio;
    for (const auto& r : t.ranking) {
        if (!r.in_portfolio) continue;
        portfolio.projects.push_back(r.code);
        portfolio.cost_million_vnd += r.cost_million_vnd;
    }
    if (!portfolio.projects.empty()) t.portfolio = portfolio;
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
