#pragma once
// QGIS styles of a PostgreSQL project: QGIS reads a layer's default style from
// public.layer_styles only (f_table_schema names the schema), in the layout QGIS itself
// creates there.
#include "geo/postgres.hpp"

#include <string>
#include <vector>

namespace allseason::layers {

// Writes the default style of every layer table in `tables` of `schema`, replacing allseason's
// earlier ones, inside the caller's transaction. A role that may not create or write
// public.layer_styles leaves the styles out (the data does not depend on them).
void write_pg_styles(geo::pg::connection& pg, const std::string& schema,
                     const std::vector<std::string>& tables);

} // namespace allseason::layers
