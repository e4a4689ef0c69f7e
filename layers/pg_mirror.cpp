#include "layers/pg_mirror.hpp"

#include "geo/text.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

namespace allseason::layers::pg_mirror {

namespace {

using geo::quote_identifier;

// SpatiaLite's own tables and those of its optional modules: the store never mirrors them.
constexpr std::array spatialite_prefixes{"sqlite_",
                                         "idx_",
                                         "geometry_columns",
                                         "views_geometry_columns",
                                         "virts_geometry_columns",
                                         "spatial_ref_sys",
                                         "spatialite_history",
                                         "sql_statements_log",
                                         "SE_",
                                         "rl2",
                                         "raster_coverages",
                                         "vector_coverages",
                                         "wms_",
                                         "ISO_metadata",
                                         "topologies",
                                         "networks",
                                         "stored_",
                                         "data_licenses",
                                         "allseason_pg_",
                                         "KNN",
                                         "ElementaryGeometries",
                                         "SpatialIndex"};

// SpatiaLite's geometry triggers, made again by RecoverGeometryColumn.
constexpr std::array spatialite_trigger_prefixes{"ggi_", "ggu_", "gii_", "giu_", "gid_", "gci_",
                                                 "gcu_", "gcd_", "tmi_", "tmu_", "tmd_"};

std::string geometry_type_name(std::int64_t code) {
    static const std::map<std::int64_t, std::string> names{
        {0, "GEOMETRY"},   {1, "POINT"},           {2, "LINESTRING"},   {3, "POLYGON"},
        {4, "MULTIPOINT"}, {5, "MULTILINESTRING"}, {6, "MULTIPOLYGON"}, {7, "GEOMETRYCOLLECTION"}};
    const auto found = names.find(code % 1000);
    return found == names.end() ? "GEOMETRY" : found->second;
}

value_kind kind_of(std::string type) {
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (type.find("INT") != std::string::npos || type.find("BOOL") != std::string::npos)
        return value_kind::integer;
    if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
        type.find("DOUB") != std::string::npos)
        return value_kind::real;
    if (type.find("BLOB") != std::string::npos)
        return value_kind::blob;
    return value_kind::text;
}

std::string qualified(const std::string& schema, const std::string& table) {
    return quote_identifier(schema) + "." + quote_identifier(table);
}

void read_columns(geo::database& db, table& t) {
    auto info = db.prepare(fmt::format("PRAGMA table_info({})", quote_identifier(t.name)));
    while (info.step()) {
        column c;
        c.name = info.get_text(1);
        c.kind = kind_of(info.get_text(2));
        c.not_null = info.get_int(3) != 0;
        c.default_sql = info.get_optional_text(4);
        c.primary_key_position = static_cast<int>(info.get_int(5));
        t.columns.push_back(std::move(c));
    }
    auto geometry = db.prepare("SELECT f_geometry_column, geometry_type, srid, "
                               "spatial_index_enabled FROM geometry_columns "
                               "WHERE lower(f_table_name) = lower(?)");
    geometry.bind(1, t.name);
    while (geometry.step()) {
        for (auto& c : t.columns) {
            if (c.name == geometry.get_text(0)) {
                c.kind = value_kind::geometry;
                c.geometry_type = geometry_type_name(geometry.get_int(1));
                c.srid = static_cast<int>(geometry.get_int(2));
                c.spatial_index = geometry.get_int(3) == 1;
                c.default_sql.reset();
            }
        }
    }
}

void read_unique_sets(geo::database& db, table& t) {
    auto indexes = db.prepare(fmt::format("PRAGMA index_list({})", quote_identifier(t.name)));
    while (indexes.step()) {
        if (indexes.get_text(3) != "u") {
            continue;
        }
        std::vector<std::string> names;
        auto info =
            db.prepare(fmt::format("PRAGMA index_info({})", quote_identifier(indexes.get_text(1))));
        while (info.step()) {
            names.push_back(info.get_text(2));
        }
        t.unique_sets.push_back(std::move(names));
    }
}

void read_sql(geo::database& db, table& t) {
    auto entries = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? "
                              "AND sql IS NOT NULL ORDER BY type = 'table' DESC, type, name");
    entries.bind(1, t.name);
    while (entries.step()) {
        const std::string type = entries.get_text(0);
        const std::string name = entries.get_text(1);
        if (type == "table") {
            t.sqlite_create = entries.get_text(2);
            continue;
        }
        const bool spatialite =
            std::any_of(spatialite_trigger_prefixes.begin(), spatialite_trigger_prefixes.end(),
                        [&](const char* prefix) { return name.starts_with(prefix); });
        if (!spatialite) {
            t.sqlite_extras.push_back(entries.get_text(2));
        }
    }
}

std::string column_ddl(const column& c, bool identity) {
    std::string type;
    switch (c.kind) {
    case value_kind::integer:
        type = "bigint";
        break;
    case value_kind::real:
        type = "double precision";
        break;
    case value_kind::text:
        type = "text";
        break;
    case value_kind::blob:
        type = "bytea";
        break;
    case value_kind::geometry:
        type = fmt::format("geometry({}, {})", c.geometry_type, c.srid);
        break;
    }
    std::string sql = quote_identifier(c.name) + " " + type;
    if (identity) {
        return sql + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    }
    if (c.not_null) {
        sql += " NOT NULL";
    }
    if (c.default_sql && c.kind != value_kind::geometry) {
        sql += " DEFAULT " + *c.default_sql;
    }
    return sql;
}

std::string column_list(const table& t) {
    std::vector<std::string> names;
    for (const auto& c : t.columns) {
        names.push_back(quote_identifier(c.name));
    }
    return fmt::format("{}", fmt::join(names, ", "));
}

const column* identity_column(const table& t) {
    const column* found = nullptr;
    int keys = 0;
    for (const auto& c : t.columns) {
        if (c.primary_key_position > 0) {
            ++keys;
            found = &c;
        }
    }
    return keys == 1 && found->kind == value_kind::integer ? found : nullptr;
}

std::string not_a_number(const table& t, const column& c, std::string_view value) {
    return fmt::format("table {}, column {}: the value \"{}\" is text where a number belongs; "
                       "PostgreSQL would refuse it",
                       t.name, c.name, value.substr(0, 80));
}

// One local row in COPY binary format, read from the SELECT push_rows makes.
void append_row(std::string& out, const geo::statement& row, const table& t) {
    using geo::pg::binary_copy;
    binary_copy::row(out, static_cast<int>(t.columns.size()));
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const int col = static_cast<int>(i);
        const column& c = t.columns[i];
        if (row.is_null(col)) {
            binary_copy::null(out);
            continue;
        }
        switch (c.kind) {
        case value_kind::integer:
        case value_kind::real:
            // SQLite keeps text that a numeric column could not convert: say so, not 0.
            if (row.is_text(col)) {
                throw data_error(not_a_number(t, c, row.get_text_view(col)));
            }
            if (c.kind == value_kind::integer) {
                binary_copy::int8(out, row.get_int(col));
            } else {
                binary_copy::float8(out, row.get_double(col));
            }
            break;
        case value_kind::geometry:
            binary_copy::geometry(out, row.get_blob_view(col), c.srid);
            break;
        case value_kind::blob: {
            const auto bytes = row.get_blob_view(col);
            binary_copy::bytes(out, {reinterpret_cast<const char*>(bytes.data()), bytes.size()});
            break;
        }
        case value_kind::text:
            binary_copy::bytes(out, row.get_text_view(col));
        }
    }
}

void bind_value(geo::statement& insert, int index, const column& c,
                const std::optional<std::string>& value) {
    if (!value) {
        insert.bind_null(index);
        return;
    }
    switch (c.kind) {
    case value_kind::integer:
        insert.bind(index, static_cast<std::int64_t>(std::stoll(*value)));
        break;
    case value_kind::real:
        insert.bind(index, std::strtod(value->c_str(), nullptr));
        break;
    case value_kind::blob:
    case value_kind::geometry:
        insert.bind(index, geo::hex_decode(*value));
        break;
    default:
        insert.bind(index, std::string_view(*value));
    }
}

// Drops the table's keys, unique constraints and indexes; returns the statements that make
// them again, as the server itself writes them (indexes QGIS users added come back too).
std::vector<std::string> set_aside_indexes(geo::pg::connection& pg, const std::string& schema,
                                           const std::string& table_name) {
    const std::string name = qualified(schema, table_name);
    const auto constraints =
        pg.exec("SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY contype, conname",
                {name});
    const auto indexes =
        pg.exec("SELECT quote_ident(i.indexname), i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = $1 AND i.tablename = $2 AND NOT EXISTS (SELECT 1 FROM "
                "pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.schemaname) || "
                "'.' || quote_ident(i.indexname))) ORDER BY i.indexname",
                {schema, table_name});
    std::vector<std::string> again;
    for (int r = 0; r < constraints.rows(); ++r) {
        pg.exec(fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", name, constraints.get(r, 0)));
        again.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT {} {}", name,
                                    constraints.get(r, 0), constraints.get(r, 1)));
    }
    for (int r = 0; r < indexes.rows(); ++r) {
        pg.exec(fmt::format("DROP INDEX {}.{}", quote_identifier(schema), indexes.get(r, 0)));
        again.emplace_back(indexes.get(r, 1));
    }
    return again;
}

} // namespace

bool is_mirrored_table(std::string_view name) {
    return std::none_of(spatialite_prefixes.begin(), spatialite_prefixes.end(),
                        [&](const char* prefix) { return name.starts_with(prefix); });
}

std::vector<table> describe(geo::database& db) {
    std::vector<table> tables;
    auto names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT "
                            "LIKE 'CREATE VIRTUAL%' ORDER BY name");
    while (names.step()) {
        table t;
        t.name = names.get_text(0);
        if (!is_mirrored_table(t.name)) {
            continue;
        }
        read_columns(db, t);
        read_unique_sets(db, t);
        read_sql(db, t);
        tables.push_back(std::move(t));
    }
    return tables;
}

std::string fingerprint(const std::vector<table>& tables) {
    std::string text;
    for (const auto& t : tables) {
        text += t.sqlite_create + ";\n";
        for (const auto& c : t.columns) {
            if (c.kind == value_kind::geometry) {
                text += fmt::format("-- geometry {} {} {} {}\n", c.name, c.geometry_type, c.srid,
                                    c.spatial_index);
            }
        }
        for (const auto& extra : t.sqlite_extras) {
            text += extra + ";\n";
        }
    }
    return text;
}

std::vector<std::string> postgres_ddl(const table& t, const std::string& schema) {
    const column* identity = identity_column(t);
    std::vector<std::string> parts;
    std::vector<std::string> keys(t.columns.size());
    std::size_t key_count = 0;
    for (const auto& c : t.columns) {
        parts.push_back(column_ddl(c, &c == identity));
        if (c.primary_key_position > 0) {
            keys[static_cast<std::size_t>(c.primary_key_position - 1)] = quote_identifier(c.name);
            ++key_count;
        }
    }
    if (!identity && key_count > 0) {
        keys.resize(key_count);
        parts.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(keys, ", ")));
    }
    for (const auto& set : t.unique_sets) {
        std::vector<std::string> quoted;
        for (const auto& name : set) {
            quoted.push_back(quote_identifier(name));
        }
        parts.push_back(fmt::format("UNIQUE ({})", fmt::join(quoted, ", ")));
    }
    if (const auto* spec = find_layer(t.name)) {
        for (const auto& c : spec->columns) {
            for (const auto& check : column_checks(c)) {
                parts.push_back(fmt::format("CHECK ({})", check));
            }
        }
    }
    const std::string name = qualified(schema, t.name);
    std::vector<std::string> ddl{
        fmt::format("CREATE TABLE {} (\n  {}\n)", name, fmt::join(parts, ",\n  "))};
    for (const auto& c : t.columns) {
        if (c.kind == value_kind::geometry) {
            ddl.push_back(fmt::format("CREATE INDEX {} ON {} USING gist ({})",
                                      quote_identifier(t.name + "_" + c.name + "_gist"), name,
                                      quote_identifier(c.name)));
        }
    }
    ddl.push_back(fmt::format(
        "CREATE TRIGGER allseason_count_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
        "{} FOR EACH STATEMENT EXECUTE FUNCTION {}.allseason_count_change()",
        name, quote_identifier(schema)));
    return ddl;
}

void create_local_table(geo::database& db, const table& t) {
    db.exec(t.sqlite_create);
    for (const auto& c : t.columns) {
        if (c.kind != value_kind::geometry) {
            continue;
        }
        auto recover = db.prepare("SELECT RecoverGeometryColumn(?, ?, ?, ?, 'XY')");
        recover.bind(1, t.name).bind(2, c.name).bind(3, c.srid).bind(4, c.geometry_type);
        if (!recover.step() || recover.get_int(0) != 1) {
            throw io_error(fmt::format("{}: SpatiaLite could not register {}.{} (SRID {})",
                                       db.path().string(), t.name, c.name, c.srid));
        }
        if (c.spatial_index) {
            db.prepare("SELECT CreateSpatialIndex(?, ?)").bind(1, t.name).bind(2, c.name).step();
        }
    }
}

void create_local_extras(geo::database& db, const table& t) {
    for (const auto& sql : t.sqlite_extras) {
        db.exec(sql);
    }
}

std::vector<std::string> prepare_push(geo::pg::connection& pg, const table& t,
                                      const std::string& schema, bool fresh, bool many_rows) {
    if (!fresh) {
        pg.exec("DELETE FROM " + qualified(schema, t.name));
    }
    return many_rows ? set_aside_indexes(pg, schema, t.name) : std::vector<std::string>{};
}

std::string copy_sql(const table& t, const std::string& schema) {
    return fmt::format("COPY {} ({}) FROM STDIN WITH (FORMAT binary)", qualified(schema, t.name),
                       column_list(t));
}

void finish_push(geo::pg::connection& pg, const table& t, const std::string& schema,
                 const std::vector<std::string>& rebuild) {
    for (const auto& sql : rebuild) {
        pg.exec(sql);
    }
    if (const column* id = identity_column(t)) {
        const std::string name = qualified(schema, t.name);
        pg.exec(fmt::format("SELECT setval(pg_get_serial_sequence($1, $2), "
                            "coalesce((SELECT max({}) FROM {}), 0) + 1, false)",
                            quote_identifier(id->name), name),
                {name, id->name});
    }
}

local_rows::local_rows(geo::database& db, const table& t)
    : m_table(&t), m_rows([&] {
          std::vector<std::string> select;
          for (const auto& c : t.columns) {
              const std::string q = quote_identifier(c.name);
              select.push_back(c.kind == value_kind::geometry ? fmt::format("AsBinary({})", q)
                                                              : q);
          }
          return db.prepare(fmt::format("SELECT {} FROM {}", fmt::join(select, ", "),
                                        quote_identifier(t.name)));
      }()) {}

bool local_rows::append(std::string& buffer, std::size_t bytes) {
    while (buffer.size() < bytes) {
        if (!m_rows.step()) {
            return false;
        }
        append_row(buffer, m_rows, *m_table);
        ++m_count;
    }
    return true;
}

void push_rows(geo::database& db, geo::pg::connection& pg, const table& t,
               const std::string& schema, bool fresh) {
    // Indexes built once over many rows are much faster than ones kept up to date row by row
    // (1M roads: 29 s with the GiST index live, 3 s for COPY, 2 s GiST and 0.5 s key after);
    // below the threshold the exclusive lock this takes on the table is not worth it.
    const bool many_rows =
        db.query_int(fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT {})",
                                 quote_identifier(t.name), index_rebuild_rows))
            .value_or(0) >= index_rebuild_rows;
    const auto rebuild = prepare_push(pg, t, schema, fresh, many_rows);
    local_rows rows(db, t);
    bool started = false;
    pg.copy_in(copy_sql(t, schema), [&](std::string& buffer) {
        if (!started) {
            geo::pg::binary_copy::begin(buffer);
            started = true;
        }
        if (!rows.append(buffer, std::size_t{1} << 20)) {
            geo::pg::binary_copy::end(buffer);
            return false;
        }
        return true;
    });
    finish_push(pg, t, schema, rebuild);
}

void pull_rows(geo::pg::connection& pg, geo::database& db, const table& t,
               const std::string& schema) {
    db.exec("DELETE FROM " + quote_identifier(t.name));
    std::vector<std::string> select;
    std::vector<std::string> values;
    for (const auto& c : t.columns) {
        const std::string q = quote_identifier(c.name);
        switch (c.kind) {
        case value_kind::geometry:
            // WKB and the column's SRID: SpatiaLite's EWKB reader loses Multi types.
            select.push_back(fmt::format("encode(ST_AsBinary({}), 'hex')", q));
            values.push_back(fmt::format("GeomFromWKB(?, {})", c.srid));
            break;
        case value_kind::blob:
            select.push_back(fmt::format("encode({}, 'hex')", q));
            values.emplace_back("?");
            break;
        default:
            select.push_back(q);
            values.emplace_back("?");
        }
    }
    auto insert =
        db.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", quote_identifier(t.name),
                               column_list(t), fmt::join(values, ", ")));
    pg.copy_out(fmt::format("COPY (SELECT {} FROM {}) TO STDOUT", fmt::join(select, ", "),
                            qualified(schema, t.name)),
                [&](std::string_view line) {
                    const auto fields = geo::pg::split_copy_row(line);
                    for (std::size_t i = 0; i < t.columns.size() && i < fields.size(); ++i) {
                        bind_value(insert, static_cast<int>(i + 1), t.columns[i], fields[i]);
                    }
                    insert.run();
                });
}

} // namespace allseason::layers::pg_mirror
