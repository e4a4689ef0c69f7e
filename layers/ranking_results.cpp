#include "layers/ranking_results.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>

namespace allseason::layers {

namespace {

constexpr std::string_view ranking_table_sql = R"(
CREATE TABLE IF NOT EXISTS project_ranking (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  scenario TEXT NOT NULL,
  destination TEXT NOT NULL,
  rank INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  cost_million_vnd REAL NOT NULL,
  households_unflooded INTEGER NOT NULL,
  villages_unflooded TEXT NOT NULL DEFAULT '[]',
  households_per_billion_vnd REAL,
  conflicts TEXT NOT NULL DEFAULT '[]',
  needs TEXT NOT NULL DEFAULT '[]',
  households_with_needs INTEGER,
  in_portfolio INTEGER CHECK (in_portfolio IN (0, 1)),
  budget_million_vnd REAL,
  portfolio_method TEXT,
  notes TEXT NOT NULL DEFAULT '[]',
  computed TEXT NOT NULL,
  UNIQUE (scenario, destination, code)
))";

bool has_geometry_column(geo::database& db) {
    auto stmt = db.prepare(
        "SELECT 1 FROM geometry_columns WHERE f_table_name = 'project_ranking'");
    return stmt.step();
}

} // namespace

void ensure_ranking_table(project& p) {
    if (!p.has_crs()) {
        throw data_error(fmt::format("{}: the project has no CRS yet; import layers first",
                                     p.path().string()));
    }
    auto& db = p.db();
    db.exec(ranking_table_sql);
    if (has_geometry_column(db)) {
        return;
    }
    // Bridges are points, roads lines: one generic column, as the projects layer has.
    auto add = db.prepare(
        "SELECT AddGeometryColumn('project_ranking', 'geom', ?, 'GEOMETRY', 'XY')");
    add.bind(1, p.srid());
    if (!add.step() || add.get_int(0) != 1) {
        throw io_error(fmt::format("{}: SpatiaLite could not add the geometry column of "
                                   "project_ranking",
                                   p.path().string()));
    }
    auto index = db.prepare("SELECT CreateSpatialIndex('project_ranking', 'geom')");
    if (!index.step() || index.get_int(0) != 1) {
        throw io_error(fmt::format("{}: SpatiaLite could not index project_ranking",
                                   p.path().string()));
    }
}

void replace_project_ranking(project& p, const project_ranking_run& run,
                             const std::vector<project_ranking_row>& rows) {
    auto& db = p.db();
    geo::transaction tx(db);
    ensure_ranking_table(p);
    db.prepare("DELETE FROM project_ranking WHERE scenario = ? AND destination = ?")
        .bind(1, run.scenario)
        .bind(2, run.destination)
        .run();
    // The geometry is copied from the projects layer, so it is exactly what was imported.
    auto insert = db.prepare(
        "INSERT INTO project_ranking (scenario, destination, rank, code, name, kind, status, "
        "cost_million_vnd, households_unflooded, villages_unflooded, "
        "households_per_billion_vnd, conflicts, needs, households_with_needs, in_portfolio, "
        "budget_million_vnd, portfolio_method, notes, computed, geom) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "(SELECT geom FROM projects WHERE code = ? LIMIT 1))");
    const std::string now = utc_now_iso8601();
    for (const auto& r : rows) {
        insert.bind(1, run.scenario).bind(2, run.destination).bind(3, r.rank);
        insert.bind(4, r.code).bind(5, r.name).bind(6, r.kind).bind(7, r.status);
        insert.bind(8, r.cost_million_vnd).bind(9, r.households_unflooded);
        insert.bind(10, r.villages_unflooded_json).bind(11, r.households_per_billion_vnd);
        insert.bind(12, r.conflicts_json).bind(13, r.needs_json);
        insert.bind(14, r.households_with_needs).bind(15, r.in_portfolio);
        insert.bind(16, run.budget_million_vnd).bind(17, run.portfolio_method);
        insert.bind(18, r.notes_json).bind(19, now).bind(20, r.code);
        insert.run();
    }
    tx.commit();
}

} // namespace allseason::layers
