#include "layers/results.hpp"

#include "layers/bulk_rows.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::layers {

namespace {

constexpr std::string_view cutoff_table_sql = R"(
CREATE TABLE IF NOT EXISTS cutoff_results (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario TEXT NOT NULL,
  destination TEXT NOT NULL,
  village_code TEXT NOT NULL,
  village_name TEXT,
  households INTEGER,
  ethnic_minority_households INTEGER NOT NULL,
  households_cut_off INTEGER NOT NULL,
  households_without_road INTEGER NOT NULL DEFAULT 0,
  has_road_access INTEGER NOT NULL CHECK (has_road_access IN (0, 1)),
  reachable_dry INTEGER NOT NULL CHECK (reachable_dry IN (0, 1)),
  reachable INTEGER NOT NULL CHECK (reachable IN (0, 1)),
  cut_off INTEGER NOT NULL CHECK (cut_off IN (0, 1)),
  travel_min_dry REAL,
  travel_min REAL,
  blocked_by TEXT NOT NULL DEFAULT '[]',
  computed TEXT NOT NULL,
  UNIQUE (scenario, destination, village_code)
))";

constexpr std::string_view critical_table_sql = R"(
CREATE TABLE IF NOT EXISTS critical_elements (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  rank INTEGER NOT NULL,
  layer TEXT NOT NULL CHECK (layer IN ('fords', 'bridges', 'roads')),
  code TEXT NOT NULL,
  name TEXT,
  length_m REAL,
  households_isolated INTEGER NOT NULL,
  villages TEXT NOT NULL DEFAULT '[]',
  computed TEXT NOT NULL
))";

constexpr std::string_view risk_table_sql = R"(
CREATE TABLE IF NOT EXISTS risk_results (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario TEXT NOT NULL,
  destination TEXT NOT NULL,
  village_code TEXT NOT NULL,
  village_name TEXT,
  households INTEGER,
  reachable_dry INTEGER NOT NULL CHECK (reachable_dry IN (0, 1)),
  isolation_days_per_year INTEGER,
  household_days_per_year INTEGER,
  limited_by TEXT NOT NULL DEFAULT '[]',
  computed TEXT NOT NULL,
  UNIQUE (scenario, destination, village_code)
))";

bool has_geometry_column(geo::database& db, std::string_view table) {
    auto stmt = db.prepare("SELECT 1 FROM geometry_columns WHERE f_table_name = lower(?)");
    stmt.bind(1, table);
    return stmt.step();
}

void ensure_table(project& p, std::string_view create_sql, std::string_view table,
                  std::string_view geometry_type) {
    auto& db = p.db();
    db.exec(create_sql);
    if (has_geometry_column(db, table)) {
        return;
    }
    auto add = db.prepare("SELECT AddGeometryColumn(?, 'geom', ?, ?, 'XY')");
    add.bind(1, table).bind(2, p.srid()).bind(3, geometry_type);
    if (!add.step() || add.get_int(0) != 1) {
        throw io_error(fmt::format("{}: SpatiaLite could not add the geometry column of {}",
                                   p.path().string(), table));
    }
    auto index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, table);
    if (!index.step() || index.get_int(0) != 1) {
        throw io_error(fmt::format("{}: SpatiaLite could not index {}", p.path().string(), table));
    }
}

// cutoff_results written before point villages (households NOT NULL, MULTIPOLYGON geometry)
// is rebuilt keeping its rows: SQLite cannot relax NOT NULL in place, a village of unknown
// households stores null and a Point village its point.
void relax_cutoff_households(project& p) {
    auto& db = p.db();
    const bool households_not_null =
        db.query_int("SELECT \"notnull\" FROM pragma_table_info('cutoff_results') WHERE name = "
                     "'households'")
            .value_or(0) != 0;
    const bool polygons_only =
        db.query_int("SELECT geometry_type FROM geometry_columns WHERE f_table_name = "
                     "'cutoff_results' AND f_geometry_column = 'geom'")
            .value_or(0) != 0;
    if (!households_not_null && !polygons_only) {
        return;
    }
    db.exec("CREATE TEMP TABLE cutoff_migrating AS SELECT * FROM cutoff_results");
    db.exec("SELECT DisableSpatialIndex('cutoff_results', 'geom')");
    db.exec("DROP TABLE IF EXISTS idx_cutoff_results_geom");
    db.exec("SELECT DiscardGeometryColumn('cutoff_results', 'geom')");
    db.exec("DROP TABLE cutoff_results");
    ensure_table(p, cutoff_table_sql, "cutoff_results", "GEOMETRY");
    std::vector<std::string> columns;
    auto info = db.prepare("SELECT name FROM pragma_table_info('cutoff_migrating')");
    while (info.step()) {
        columns.push_back(geo::quote_identifier(info.get_text(0)));
    }
    const std::string list = fmt::format("{}", fmt::join(columns, ", "));
    db.exec(fmt::format("INSERT INTO cutoff_results ({0}) SELECT {0} FROM temp.cutoff_migrating",
                        list));
    db.exec("DROP TABLE temp.cutoff_migrating");
}

void bind_geometry(geo::statement& stmt, int index, const geo::blob& wkb) {
    if (wkb.empty()) {
        stmt.bind_null(index);
    } else {
        stmt.bind(index, wkb);
    }
}

} // namespace

void ensure_result_tables(project& p) {
    if (!p.has_crs()) {
        throw data_error(
            fmt::format("{}: the project has no CRS yet; import layers first", p.path().string()));
    }
    // A village is a MultiPolygon, or a Point where only its centre is known (contract §1).
    ensure_table(p, cutoff_table_sql, "cutoff_results", "GEOMETRY");
    // Tables written before households_without_road was stored gain it (0 until rerun).
    if (!p.db()
             .query_int("SELECT count(*) FROM pragma_table_info('cutoff_results') "
                        "WHERE name = 'households_without_road'")
             .value_or(0)) {
        p.db().exec("ALTER TABLE cutoff_results ADD COLUMN households_without_road INTEGER NOT "
                    "NULL DEFAULT 0");
    }
    relax_cutoff_households(p);
    // Fords and bridges are points, road entries lines: one generic column keeps one table.
    ensure_table(p, critical_table_sql, "critical_elements", "GEOMETRY");
    ensure_table(p, risk_table_sql, "risk_results", "GEOMETRY");
}

namespace {

// Replaces the rows of one result table that `where` selects, in one transaction, with
// SpatiaLite's row triggers set aside (bulk_rows); `write` inserts the new rows.
template <class Bind, class Write>
void replace_rows(project& p, const char* table, const std::string& where, Bind&& bind,
                  Write&& write) {
    auto& db = p.db();
    geo::transaction tx(db);
    ensure_result_tables(p);
    bulk_rows bulk(db, table);
    bulk.remove(where, bind);
    write(db);
    bulk.finish();
    tx.commit();
}

} // namespace

std::vector<stored_cutoff_row> read_cutoff_results(project& p, const std::string& scenario,
                                                   const std::string& destination) {
    std::vector<stored_cutoff_row> out;
    if (!p.db().table_exists("cutoff_results")) {
        return out;
    }
    auto stmt = p.db().prepare(
        "SELECT village_code, village_name, households, ethnic_minority_households, "
        "households_cut_off, has_road_access, reachable_dry, reachable, travel_min_dry, "
        "travel_min, blocked_by, computed, households_without_road FROM cutoff_results "
        "WHERE scenario = ? AND destination = ? ORDER BY fid");
    stmt.bind(1, scenario).bind(2, destination);
    while (stmt.step()) {
        stored_cutoff_row s;
        auto& r = s.row;
        r.village_code = stmt.get_text(0);
        r.village_name = stmt.get_optional_text(1).value_or("");
        r.households = stmt.get_optional_int(2);
        r.ethnic_minority_households = stmt.get_int(3);
        r.households_cut_off = stmt.get_int(4);
        r.has_road_access = stmt.get_int(5) != 0;
        r.reachable_dry = stmt.get_int(6) != 0;
        r.reachable = stmt.get_int(7) != 0;
        r.travel_min_dry = stmt.get_optional_double(8);
        r.travel_min = stmt.get_optional_double(9);
        r.blocked_by_json = stmt.get_optional_text(10).value_or("[]");
        s.computed = stmt.get_text(11);
        r.households_without_road = stmt.get_int(12);
        out.push_back(std::move(s));
    }
    return out;
}

void replace_cutoff_results(project& p, const std::string& scenario, const std::string& destination,
                            const std::vector<cutoff_result_row>& rows) {
    replace_rows(
        p, "cutoff_results", "scenario = ? AND destination = ?",
        [&](geo::statement& s) { s.bind(1, scenario).bind(2, destination); },
        [&](geo::database& db) {
            auto insert = db.prepare(
                "INSERT INTO cutoff_results (scenario, destination, village_code, village_name, "
                "households, ethnic_minority_households, households_cut_off, has_road_access, "
                "reachable_dry, reachable, cut_off, travel_min_dry, travel_min, blocked_by, "
                "computed, "
                "geom, households_without_road) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, "
                "CASE WHEN ST_Dimension(GeomFromWKB(?16, ?17)) = 0 THEN GeomFromWKB(?16, ?17) "
                "ELSE CastToMultiPolygon(GeomFromWKB(?16, ?17)) END, ?18)");
            const std::string now = utc_now_iso8601();
            for (const auto& r : rows) {
                insert.bind(1, scenario).bind(2, destination).bind(3, r.village_code);
                insert.bind(4, r.village_name).bind(5, r.households);
                insert.bind(6, r.ethnic_minority_households).bind(7, r.households_cut_off);
                insert.bind(8, r.has_road_access).bind(9, r.reachable_dry).bind(10, r.reachable);
                insert.bind(11, r.reachable_dry && !r.reachable);
                insert.bind(12, r.travel_min_dry).bind(13, r.travel_min);
                insert.bind(14, r.blocked_by_json.empty() ? std::string("[]") : r.blocked_by_json);
                insert.bind(15, now);
                bind_geometry(insert, 16, r.geom);
                insert.bind(17, p.srid());
                insert.bind(18, r.households_without_road);
                insert.run();
            }
        });
}

void replace_risk_results(project& p, const std::string& scenario, const std::string& destination,
                          const std::vector<risk_result_row>& rows) {
    replace_rows(
        p, "risk_results", "scenario = ? AND destination = ?",
        [&](geo::statement& s) { s.bind(1, scenario).bind(2, destination); },
        [&](geo::database& db) {
            auto insert = db.prepare(
                "INSERT INTO risk_results (scenario, destination, village_code, village_name, "
                "households, "
                "reachable_dry, isolation_days_per_year, household_days_per_year, limited_by, "
                "computed, "
                "geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "CASE WHEN ST_Dimension(GeomFromWKB(?11, ?12)) = 0 THEN GeomFromWKB(?11, ?12) "
                "ELSE CastToMultiPolygon(GeomFromWKB(?11, ?12)) END)");
            const std::string now = utc_now_iso8601();
            for (const auto& r : rows) {
                insert.bind(1, scenario).bind(2, destination).bind(3, r.village_code);
                insert.bind(4, r.village_name).bind(5, r.households).bind(6, r.reachable_dry);
                insert.bind(7, r.isolation_days_per_year).bind(8, r.household_days_per_year);
                insert.bind(9, r.limited_by_json.empty() ? std::string("[]") : r.limited_by_json);
                insert.bind(10, now);
                bind_geometry(insert, 11, r.geom);
                insert.bind(12, p.srid());
                insert.run();
            }
        });
}

std::vector<stored_risk_row> read_risk_results(project& p, const std::string& scenario,
                                               const std::string& destination) {
    std::vector<stored_risk_row> out;
    if (!p.db().table_exists("risk_results")) {
        return out;
    }
    auto stmt = p.db().prepare(
        "SELECT village_code, village_name, households, reachable_dry, isolation_days_per_year, "
        "household_days_per_year, limited_by, computed FROM risk_results "
        "WHERE scenario = ? AND destination = ? ORDER BY fid");
    stmt.bind(1, scenario).bind(2, destination);
    while (stmt.step()) {
        stored_risk_row s;
        auto& r = s.row;
        r.village_code = stmt.get_text(0);
        r.village_name = stmt.get_optional_text(1).value_or("");
        r.households = stmt.get_optional_int(2);
        r.reachable_dry = stmt.get_int(3) != 0;
        r.isolation_days_per_year = stmt.get_optional_int(4);
        r.household_days_per_year = stmt.get_optional_int(5);
        r.limited_by_json = stmt.get_optional_text(6).value_or("[]");
        s.computed = stmt.get_text(7);
        out.push_back(std::move(s));
    }
    return out;
}

void replace_critical_elements(project& p, const std::string& destination,
                               const std::vector<critical_element_row>& rows) {
    replace_rows(
        p, "critical_elements", "destination = ?",
        [&](geo::statement& s) { s.bind(1, destination); },
        [&](geo::database& db) {
            auto insert = db.prepare(
                "INSERT INTO critical_elements (destination, rank, layer, code, name, length_m, "
                "households_isolated, villages, computed, geom) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, ?))");
            const std::string now = utc_now_iso8601();
            std::int64_t rank = 0;
            for (const auto& r : rows) {
                insert.bind(1, destination).bind(2, ++rank).bind(3, r.layer).bind(4, r.code);
                insert.bind(5, r.name).bind(6, r.length_m).bind(7, r.households_isolated);
                insert.bind(8, r.villages_json.empty() ? std::string("[]") : r.villages_json);
                insert.bind(9, now);
                bind_geometry(insert, 10, r.geom);
                insert.bind(11, p.srid());
                insert.run();
            }
        });
}

} // namespace allseason::layers
