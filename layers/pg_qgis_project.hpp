#pragma once
// The QGIS project of a PostgreSQL project, stored the way QGIS stores projects it saves to
// PostgreSQL (QgsPostgresProjectStorage): a table `qgis_projects(name TEXT PRIMARY KEY,
// metadata JSONB, content BYTEA)` in the schema, `content` the zipped project (.qgz). QGIS opens
// it as postgresql://USER@HOST:PORT?dbname=DB&schema=SCHEMA&project=NAME. Its layers read the
// schema's tables through QGIS's postgres provider, styled as public.layer_styles has them,
// with the connection's host, port, database, user and sslmode, never a password (QGIS asks,
// or takes it from ~/.pgpass or a service file).
#include "geo/postgres.hpp"
#include "geo/sqlite.hpp"

#include <string>

namespace allseason::layers {

// Writes the project (replacing the one allseason wrote before, under whatever name) unless a
// planner has since saved a project of that name from QGIS: theirs is kept. `local` is the
// schema's local copy, read for the CRS, the project's name, the layers and the extent. Runs
// in the caller's transaction; a role that may not create or write qgis_projects writes none.
void write_pg_qgis_project(geo::pg::connection& pg, geo::database& local,
                           const std::string& schema);

} // namespace allseason::layers
