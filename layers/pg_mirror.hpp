#pragma once
// The tables of a SpatiaLite project described from the file itself, so that a PostgreSQL
// schema mirrors whatever tables the project has (tables added by later schema versions come
// along): the PostGIS table each becomes, the SQLite statements that make it again in a local
// copy, and the rows moved both ways with COPY (binary to the server, geometries as EWKB).
#include "geo/postgres.hpp"
#include "geo/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers::pg_mirror {

enum class value_kind { integer, real, text, blob, geometry };

struct column {
    std::string name;
    value_kind kind = value_kind::text;
    bool not_null = false;
    std::optional<std::string> default_sql;
    int primary_key_position = 0; // 0: not part of the primary key
    // Geometry columns: POINT, LINESTRING, MULTIPOLYGON, GEOMETRY …, their SRID and index.
    std::string geometry_type;
    int srid = 0;
    bool spatial_index = false;
};

struct table {
    std::string name;
    std::vector<column> columns;
    std::vector<std::vector<std::string>> unique_sets;
    // SQLite statements that make the table again: CREATE TABLE, then its own indexes and
    // triggers (SpatiaLite's geometry bookkeeping is made by RecoverGeometryColumn instead).
    std::string sqlite_create;
    std::vector<std::string> sqlite_extras;
};

// Every table of the project (not SpatiaLite's, not the copy's bookkeeping), in name order.
std::vector<table> describe(geo::database& db);
bool is_mirrored_table(std::string_view name);
// Text that changes whenever any table's definition does.
std::string fingerprint(const std::vector<table>& tables);

// Pushes of at least this many rows drop the table's indexes and build them again after COPY.
inline constexpr std::int64_t index_rebuild_rows = 10000;

// The PostGIS table, its GiST index, CHECKs of the contract's layers and the counting trigger.
std::vector<std::string> postgres_ddl(const table& t, const std::string& schema);
// Makes the table in the local copy from its SQLite statements (its geometry registered and
// indexed); the extras (indexes, triggers) once every table exists.
void create_local_table(geo::database& db, const table& t);
void create_local_extras(geo::database& db, const table& t);

// Local rows → the PostgreSQL table (which is emptied first unless `fresh`).
void push_rows(geo::database& db, geo::pg::connection& pg, const table& t,
               const std::string& schema, bool fresh);

// push_rows in its steps, for pg_store's stream (rows sent while an import writes them).
// Empties the server table unless `fresh`; when `many_rows`, sets its keys and indexes aside
// and returns the statements that make them again.
std::vector<std::string> prepare_push(geo::pg::connection& pg, const table& t,
                                      const std::string& schema, bool fresh, bool many_rows);
// COPY … FROM STDIN in binary format, every column of `t` in order.
std::string copy_sql(const table& t, const std::string& schema);
// Makes again what prepare_push set aside; rows QGIS adds later take fids after ours.
void finish_push(geo::pg::connection& pg, const table& t, const std::string& schema,
                 const std::vector<std::string>& rebuild);

// A local table's rows, read as COPY binary rows.
class local_rows {
public:
    local_rows(geo::database& db, const table& t);
    // Appends rows until `buffer` holds at least `bytes` or every row is in; false once
    // every row is in (the end marker is not written).
    bool append(std::string& buffer, std::size_t bytes);
    std::int64_t count() const { return m_count; }

private:
    const table* m_table;
    geo::statement m_rows;
    std::int64_t m_count = 0;
};
// PostgreSQL rows → the local table (emptied first).
void pull_rows(geo::pg::connection& pg, geo::database& db, const table& t,
               const std::string& schema);

} // namespace allseason::layers::pg_mirror
