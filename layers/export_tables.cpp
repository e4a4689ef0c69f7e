// The tables of an export and how each is read from the project. Source layers follow the
// schema (layers/schema.hpp) plus a few scenario fields the styles use; result tables are
// read generically from their SQLite schema, so a column another analysis adds is exported
// without a change here.
#include "layers/export_tables.hpp"

#include "geo/sqlite.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace allseason::layers::detail {

namespace {

using geo::quote_identifier;

struct title_entry {
    std::string_view base;
    std::string_view title;
};

// Top of the QGIS layer tree first: points over lines over polygons, results over data.
constexpr std::array titles{
    title_entry{"check_problems", "Lỗi dữ liệu / data problems"},
    title_entry{"projects", "Dự án / projects"},
    title_entry{"project_ranking", "Xếp hạng dự án / project ranking"},
    title_entry{"critical_elements", "Điểm xung yếu / critical elements"},
    title_entry{"fords", "Ngầm tràn / fords"},
    title_entry{"bridges", "Cầu / bridges"},
    title_entry{"facilities", "Công trình công cộng / facilities"},
    title_entry{"households", "Hộ gia đình / households"},
    title_entry{"closed_roads", "Đường bị đóng / closed road parts"},
    title_entry{"roads", "Đường / roads"},
    title_entry{"waterways", "Sông suối / waterways"},
    // An outline: above the village polygons so that it stays visible.
    title_entry{"boundary", "Ranh giới xã / commune boundary"},
    title_entry{"cutoff_villages", "Kết quả chia cắt / cut-off per village"},
    title_entry{"villages", "Thôn, bản / villages"},
    title_entry{"hazard_zones", "Vùng nguy cơ / hazard zones"},
    title_entry{"reserve_zones", "Khu bảo tồn / reserve zones"},
    title_entry{"forest_parcels", "Lô rừng / forest parcels"},
};

geo::field_kind kind_of(column_type type) {
    switch (type) {
    case column_type::integer:
        return geo::field_kind::integer64;
    case column_type::real:
        return geo::field_kind::real;
    case column_type::boolean:
        return geo::field_kind::boolean;
    case column_type::text:
        return geo::field_kind::text;
    }
    return geo::field_kind::text;
}

struct sqlite_column {
    std::string name;
    std::string type;
};

std::vector<sqlite_column> table_columns(geo::database& db, const std::string& table) {
    std::vector<sqlite_column> columns;
    auto stmt = db.prepare(fmt::format("PRAGMA table_info({})", quote_identifier(table)));
    while (stmt.step()) {
        columns.push_back({stmt.get_text(1), stmt.get_text(2)});
    }
    return columns;
}

// A column the table's CREATE statement constrains to 0 and 1 is a boolean.
bool is_boolean_column(const std::string& create_sql, const std::string& column) {
    return create_sql.find(fmt::format("CHECK ({} IN (0, 1))", column)) != std::string::npos ||
           create_sql.find(fmt::format("CHECK (\"{}\" IN (0, 1))", column)) != std::string::npos;
}

geo::field_kind kind_of(const sqlite_column& c, const std::string& create_sql) {
    std::string type = c.type;
    std::transform(type.begin(), type.end(), type.begin(), ::toupper);
    if (type.find("INT") != std::string::npos) {
        return is_boolean_column(create_sql, c.name) ? geo::field_kind::boolean
                                                     : geo::field_kind::integer64;
    }
    if (type.find("REAL") != std::string::npos || type.find("DOUB") != std::string::npos ||
        type.find("FLOA") != std::string::npos) {
        return geo::field_kind::real;
    }
    return geo::field_kind::text;
}

// SpatiaLite's geometry_columns type code of a table's geom column; -1 when it has none.
int registered_geometry_type(geo::database& db, const std::string& table) {
    auto stmt = db.prepare("SELECT geometry_type FROM geometry_columns "
                           "WHERE f_table_name = lower(?) AND f_geometry_column = 'geom'");
    stmt.bind(1, table);
    return stmt.step() ? static_cast<int>(stmt.get_int(0)) : -1;
}

// The dimensions (0 points, 1 lines, 2 polygons) and whether any geometry is a Multi*.
struct geometry_census {
    std::set<std::int64_t> dimensions;
    bool multi_points = false;
    bool multi_lines = false;
};

geometry_census census(geo::database& db, const std::string& from_where,
                       const std::vector<std::string>& params) {
    geometry_census c;
    auto stmt = db.prepare(fmt::format(
        "SELECT DISTINCT ST_Dimension(t.geom), GeometryType(t.geom) {} AND t.geom IS NOT NULL",
        from_where));
    for (std::size_t i = 0; i < params.size(); ++i) {
        stmt.bind(static_cast<int>(i + 1), params[i]);
    }
    while (stmt.step()) {
        const auto dim = stmt.get_int(0);
        const std::string type = stmt.get_text(1);
        c.dimensions.insert(dim);
        if (type.starts_with("MULTIPOINT"))
            c.multi_points = true;
        if (type.starts_with("MULTILINESTRING"))
            c.multi_lines = true;
    }
    return c;
}

geometry_target target_of(int registered) {
    switch (registered) {
    case 1:
        return geometry_target::point;
    case 2:
        return geometry_target::line;
    case 4:
        return geometry_target::multi_point;
    case 5:
        return geometry_target::multi_line;
    case 3:
    case 6:
        return geometry_target::multi_polygon;
    default:
        return geometry_target::point;
    }
}

std::string column_list(const std::vector<column_plan>& columns, const std::string& alias) {
    std::string out;
    for (const auto& c : columns) {
        out += fmt::format(", {}.{}", alias, quote_identifier(c.name));
    }
    return out;
}

// Villages are polygons, or points where only the centre is known: the polygons keep the
// layer's name (always written, as before), the points go to `<layer>_points` when there are any.
void add_polygons_and_points(const table_plan& plan, const std::string& select_from_where,
                             const geometry_census& c, std::vector<table_plan>& out) {
    table_plan polygons = plan;
    polygons.geometry = geometry_target::multi_polygon;
    polygons.sql = select_from_where + " AND ST_Dimension(t.geom) = 2 ORDER BY t.fid";
    out.push_back(std::move(polygons));
    if (c.dimensions.contains(0)) {
        table_plan points = plan;
        points.table += "_points";
        points.title += " (điểm / points)";
        points.geometry = c.multi_points ? geometry_target::multi_point : geometry_target::point;
        points.sql = select_from_where + " AND ST_Dimension(t.geom) = 0 ORDER BY t.fid";
        out.push_back(std::move(points));
    }
}

// Splits a plan whose project table mixes points and lines (`GEOMETRY`) into one GeoPackage
// table per dimension: QGIS draws one geometry type per layer.
void add_by_dimension(geo::database& db, table_plan plan, const std::string& select_head,
                      const std::string& from_where, std::vector<table_plan>& out) {
    const int registered = registered_geometry_type(db, plan.source);
    if (registered != 0) {
        plan.geometry = target_of(registered);
        plan.sql = select_head + " " + from_where + " ORDER BY t.fid";
        out.push_back(std::move(plan));
        return;
    }
    const auto c = census(db, from_where, plan.params);
    // cutoff_results holds each village's own geometry: polygons, or points (contract §1).
    if (const auto* spec = find_layer(plan.source);
        (spec && spec->geometry == geometry_kind::point_or_polygon) ||
        plan.source == "cutoff_results") {
        add_polygons_and_points(plan, select_head + " " + from_where, c, out);
        return;
    }
    const bool points = c.dimensions.contains(0) || c.dimensions.empty();
    const bool lines = c.dimensions.contains(1);
    if (points) {
        table_plan p = plan;
        p.geometry = c.multi_points ? geometry_target::multi_point : geometry_target::point;
        p.sql = select_head + " " + from_where + " AND ST_Dimension(t.geom) = 0 ORDER BY t.fid";
        out.push_back(std::move(p));
    }
    if (lines) {
        table_plan l = plan;
        if (points) {
            l.table += "_lines";
            l.title += " (tuyến / lines)";
        }
        l.geometry = c.multi_lines ? geometry_target::multi_line : geometry_target::line;
        l.sql = select_head + " " + from_where + " AND ST_Dimension(t.geom) = 1 ORDER BY t.fid";
        out.push_back(std::move(l));
    }
}

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += i ? ", ?" : "?";
    }
    return out;
}

// The risk_results key matching an export's result key: risk is always `rainy` with a
// vehicle (car by default), keeping the export's vehicle and depth.
std::string risk_key(const std::string& scenario_key) {
    auto choice = parse_result_key(scenario_key);
    choice.scenario = "rainy";
    if (choice.vehicle.empty()) {
        choice.vehicle = "car";
    }
    return choice.result_key();
}

void plan_source_layer(project& p, const layer_spec& spec, const export_context& context,
                       std::vector<table_plan>& out) {
    auto& db = p.db();
    table_plan plan;
    plan.table = plan.source = plan.base = std::string(spec.name);
    plan.title = title_of(spec.name);
    plan.description = std::string(spec.description);
    for (const auto& c : spec.columns) {
        plan.columns.push_back({std::string(c.name), kind_of(c.type)});
    }
    std::string extras;
    std::string joins;
    const auto& closed_surfaces = context.row.closed_surfaces;
    if (spec.name == "villages") {
        // The scenario's answer on the village itself, so the villages style can colour it.
        plan.columns.push_back({"cutoff_status", geo::field_kind::text});
        plan.columns.push_back({"households_cut_off", geo::field_kind::integer64});
        if (db.table_exists("cutoff_results")) {
            extras = ", CASE WHEN c.fid IS NULL THEN NULL WHEN c.has_road_access = 0 THEN "
                     "'no_road' WHEN c.reachable_dry = 0 THEN 'unreachable_dry' WHEN "
                     "c.cut_off = 1 THEN 'cut_off' ELSE 'reachable' END, c.households_cut_off";
            joins = " LEFT JOIN cutoff_results c ON c.village_code = t.code AND c.scenario = ? "
                    "AND c.destination = ?";
            plan.params = {context.scenario, context.destination};
        } else {
            extras = ", NULL, NULL";
        }
        // Isolation days a year from `risk` (contract §4): rainy with the export's vehicle,
        // a car when it names none (risk's own default).
        plan.columns.push_back({"isolation_days_per_year", geo::field_kind::integer64});
        if (db.table_exists("risk_results")) {
            extras += ", r.isolation_days_per_year";
            joins += " LEFT JOIN risk_results r ON r.village_code = t.code AND r.scenario = ? "
                     "AND r.destination = ?";
            plan.params.push_back(risk_key(context.scenario));
            plan.params.push_back(context.destination);
        } else {
            extras += ", NULL";
        }
    } else if (spec.name == "roads") {
        plan.columns.push_back({"closed", geo::field_kind::boolean});
        extras = closed_surfaces.empty()
                     ? ", 0"
                     : fmt::format(", t.surface IN ({})", placeholders(closed_surfaces.size()));
        plan.params = closed_surfaces;
    } else if (spec.name == "projects") {
        // The ranking of the scenario on the project itself, for the "by rank" style.
        plan.columns.push_back({"rank", geo::field_kind::integer64});
        plan.columns.push_back({"households_unflooded", geo::field_kind::integer64});
        if (db.table_exists("project_ranking")) {
            extras = ", k.rank, k.households_unflooded";
            joins = " LEFT JOIN project_ranking k ON k.code = t.code AND k.scenario = ? AND "
                    "k.destination = ?";
            plan.params = {context.scenario, context.destination};
        } else {
            extras = ", NULL, NULL";
        }
    } else if (spec.name == "fords") {
        plan.columns.push_back({"closed", geo::field_kind::boolean});
        if (context.row.ford_depth_m) {
            // A done bridge project replaces its ford (contract §2).
            // Measured depth, else estimated; neither: closed unless unknown_fords is open.
            extras = fmt::format(
                ", coalesce(coalesce(t.flood_depth_m, t.flood_depth_estimated_m) > {}, {}) AND "
                "NOT EXISTS (SELECT 1 FROM projects b WHERE b.kind = 'bridge' AND "
                "b.status = 'done' AND b.ford_code = t.code)",
                *context.row.ford_depth_m, context.row.unknown_fords_open ? 0 : 1);
        } else {
            extras = ", 0";
        }
    }
    const std::string head =
        fmt::format("SELECT t.fid{}{}, AsBinary(t.geom)",
                    column_list({plan.columns.begin(),
                                 plan.columns.begin() + static_cast<long>(spec.columns.size())},
                                "t"),
                    extras);
    const std::string from_where =
        fmt::format("FROM {} t{} WHERE 1", quote_identifier(spec.name), joins);
    add_by_dimension(db, std::move(plan), head, from_where, out);
}

// A result table read generically; `filters` are (column, value) pairs applied when the
// column exists.
bool plan_result_table(project& p, const std::string& source, const std::string& table,
                       const std::vector<std::pair<std::string, std::string>>& filters,
                       std::vector<table_plan>& out) {
    auto& db = p.db();
    if (!db.table_exists(source)) {
        return false;
    }
    std::string create_sql;
    auto create = db.prepare("SELECT sql FROM sqlite_master WHERE name = ?");
    if (create.bind(1, source).step()) {
        create_sql = create.get_text(0);
    }
    table_plan plan;
    plan.table = table;
    plan.source = source;
    plan.base = table;
    plan.title = title_of(table);
    std::string where = "WHERE 1";
    bool has_geom = false;
    bool has_fid = false;
    for (const auto& c : table_columns(db, source)) {
        if (c.name == "geom") {
            has_geom = true;
            continue;
        }
        if (c.name == "fid") {
            has_fid = true;
            continue;
        }
        plan.columns.push_back({c.name, kind_of(c, create_sql)});
        for (const auto& [column, value] : filters) {
            if (column == c.name) {
                where += fmt::format(" AND t.{} = ?", quote_identifier(column));
                plan.params.push_back(value);
            }
        }
    }
    if (table == "cutoff_villages") {
        plan.columns.push_back({"cutoff_status", geo::field_kind::text});
    }
    const std::string status =
        table == "cutoff_villages"
            ? ", CASE WHEN t.has_road_access = 0 THEN 'no_road' WHEN t.reachable_dry = 0 THEN "
              "'unreachable_dry' WHEN t.cut_off = 1 THEN 'cut_off' ELSE 'reachable' END"
            : "";
    const std::size_t stored = plan.columns.size() - (status.empty() ? 0 : 1);
    const std::string head = fmt::format(
        "SELECT {}{}{}, {}", has_fid ? "t.fid" : "t.rowid",
        column_list({plan.columns.begin(), plan.columns.begin() + static_cast<long>(stored)}, "t"),
        status, has_geom ? "AsBinary(t.geom)" : "NULL");
    const std::string from_where = fmt::format("FROM {} t {}", quote_identifier(source), where);
    if (!has_geom) {
        plan.geometry = geometry_target::none;
        plan.sql = head + " " + from_where;
        out.push_back(std::move(plan));
        return true;
    }
    add_by_dimension(db, std::move(plan), head, from_where, out);
    return true;
}

// The road parts the scenario closes: whole roads of a closed surface, and the parts of other
// roads inside the scenario's hazard polygons.
void plan_closed_roads(const export_context& context, std::vector<table_plan>& out) {
    const auto& row = context.row;
    table_plan plan;
    plan.table = plan.base = "closed_roads";
    plan.source = "roads";
    plan.title = fmt::format("{} ({})", title_of("closed_roads"), context.scenario);
    plan.description = fmt::format("road parts closed in the {} scenario", context.scenario);
    plan.columns = {{"road_fid", geo::field_kind::integer64}, {"code", geo::field_kind::text},
                    {"name", geo::field_kind::text},          {"class", geo::field_kind::text},
                    {"surface", geo::field_kind::text},       {"reason", geo::field_kind::text},
                    {"scenario", geo::field_kind::text}};
    plan.geometry = geometry_target::multi_line;
    plan.keep_fid = false;
    std::vector<std::string> parts;
    const std::string surfaces = placeholders(row.closed_surfaces.size());
    if (!row.closed_surfaces.empty()) {
        parts.push_back(fmt::format(
            "SELECT r.fid AS road_fid, r.code, r.name, r.class, r.surface, 'surface' AS reason, "
            "CastToMultiLinestring(r.geom) AS g FROM roads r WHERE r.surface IN ({})",
            surfaces));
        plan.params.insert(plan.params.end(), row.closed_surfaces.begin(),
                           row.closed_surfaces.end());
    }
    if (const auto hazards = row.hazard_scenarios(); !hazards.empty()) {
        parts.push_back(fmt::format(
            "SELECT r.fid AS road_fid, r.code, r.name, r.class, r.surface, 'hazard' AS reason, "
            "CollectionExtract(Intersection(r.geom, h.geom), 2) AS g FROM hazard_zones h JOIN "
            "roads r "
            "ON r.fid IN (SELECT rowid FROM SpatialIndex WHERE f_table_name = 'roads' AND "
            "f_geometry_column = 'geom' AND search_frame = h.geom) WHERE h.scenario IN ({}) AND "
            "Intersects(r.geom, h.geom){}",
            placeholders(hazards.size()),
            row.closed_surfaces.empty() ? ""
                                        : fmt::format(" AND r.surface NOT IN ({})", surfaces)));
        plan.params.insert(plan.params.end(), hazards.begin(), hazards.end());
        plan.params.insert(plan.params.end(), row.closed_surfaces.begin(),
                           row.closed_surfaces.end());
    }
    const std::string union_sql =
        parts.empty() ? "SELECT NULL AS road_fid, NULL AS code, NULL AS name, NULL AS class, "
                        "NULL AS surface, NULL AS reason, NULL AS g WHERE 0"
                      : fmt::format("{}", fmt::join(parts, " UNION ALL "));
    // The scenario name is bound, not pasted: a custom scenario's name is user text. It is the
    // first ? of the statement, so it goes first.
    plan.sql = fmt::format("SELECT NULL, road_fid, code, name, class, surface, reason, ?, "
                           "AsBinary(g) FROM ({}) WHERE g IS NOT NULL ORDER BY road_fid",
                           union_sql);
    plan.params.insert(plan.params.begin(), context.scenario);
    out.push_back(std::move(plan));
}

} // namespace

styles::symbol_kind symbol_kind_of(geometry_target geometry) {
    switch (geometry) {
    case geometry_target::point:
    case geometry_target::multi_point:
        return styles::symbol_kind::marker;
    case geometry_target::line:
    case geometry_target::multi_line:
        return styles::symbol_kind::line;
    default:
        return styles::symbol_kind::fill;
    }
}

std::string title_of(std::string_view base) {
    for (const auto& t : titles) {
        if (t.base == base) {
            return std::string(t.title);
        }
    }
    return std::string(base);
}

int tree_rank(const std::string& base) {
    for (std::size_t i = 0; i < titles.size(); ++i) {
        if (titles[i].base == base) {
            return static_cast<int>(i);
        }
    }
    return static_cast<int>(titles.size());
}

std::vector<table_plan> plan_tables(project& p, const export_context& context,
                                    std::vector<std::string>& notes) {
    std::vector<table_plan> plans;
    for (const auto& spec : source_layers()) {
        plan_source_layer(p, spec, context, plans);
    }
    plan_closed_roads(context, plans);
    auto& db = p.db();
    const std::vector<std::pair<std::string, std::string>> answer_filters{
        {"scenario", context.scenario}, {"destination", context.destination}};
    auto has_rows = [&](const std::string& table, bool with_scenario) {
        if (!db.table_exists(table)) {
            return false;
        }
        auto stmt = db.prepare(fmt::format("SELECT 1 FROM {} WHERE destination = ?{} LIMIT 1",
                                           quote_identifier(table),
                                           with_scenario ? " AND scenario = ?" : ""));
        stmt.bind(1, context.destination);
        if (with_scenario) {
            stmt.bind(2, context.scenario);
        }
        return stmt.step();
    };
    if (!has_rows("cutoff_results", true)) {
        notes.push_back(fmt::format(
            "no cut-off results for scenario {} and destination {} in the project: run "
            "`allseason cutoff PROJECT --scenario {} --to {}` first",
            context.scenario, context.destination, context.scenario, context.destination));
    }
    plan_result_table(p, "cutoff_results", "cutoff_villages", answer_filters, plans);
    if (!has_rows("critical_elements", false)) {
        notes.push_back(fmt::format("no critical elements for destination {} in the project: "
                                    "run `allseason critical PROJECT --to {}` first",
                                    context.destination, context.destination));
    }
    plan_result_table(p, "critical_elements", "critical_elements",
                      {{"destination", context.destination}}, plans);
    if (!has_rows("project_ranking", true)) {
        notes.push_back(fmt::format(
            "no project ranking for scenario {} and destination {} in the project: run "
            "`allseason rank PROJECT --scenario {} --to {}` first",
            context.scenario, context.destination, context.scenario, context.destination));
    }
    plan_result_table(p, "project_ranking", "project_ranking", answer_filters, plans);
    for (auto& plan : plans) {
        plan.visible = plan.base != "cutoff_villages" && plan.base != "project_ranking";
    }
    return plans;
}

} // namespace allseason::layers::detail
