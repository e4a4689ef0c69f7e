#include "layers/pg_qgis_project.hpp"

#include "geo/proj.hpp"
#include "geo/sqlite_rtree.hpp"
#include "geo/text.hpp"
#include "layers/export_tables.hpp"
#include "layers/project.hpp"
#include "layers/qgis_project.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>

namespace allseason::layers {

namespace {

using geo::quote_identifier;

// Written as the metadata's user: the stored project is ours to refresh until a planner saves
// over it from QGIS (which writes their own user name).
constexpr const char* our_user = "allseason";

// A value in QGIS's data source syntax (QgsDataSourceUri): quoted, \ and ' escaped.
std::string uri_value(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\\' || c == '\'') {
            out += '\\';
        }
        out += c;
    }
    return out + "'";
}

std::string connection_part(const geo::pg::connection& pg) {
    std::string out;
    for (const auto& [key, value] : pg.parameters()) {
        out += fmt::format("{}={} ", key, uri_value(value));
    }
    return out;
}

struct layer_part {
    std::string key_suffix;  // "" or "_points", "_lines", "_polygons"
    std::string title_extra; // added to the title of a split layer
    std::string wkb_type;    // QGIS's name, also the source's type= filter
    styles::symbol_kind kind;
};

// The parts QGIS shows a layer as: one per geometry family (a QGIS layer has one).
std::vector<layer_part> parts_of(geometry_kind kind) {
    using styles::symbol_kind;
    const layer_part points{"_points", " — điểm / points", "Point", symbol_kind::marker};
    switch (kind) {
    case geometry_kind::point:
        return {{"", "", "Point", symbol_kind::marker}};
    case geometry_kind::line:
        return {{"", "", "LineString", symbol_kind::line}};
    case geometry_kind::polygon:
        return {{"", "", "MultiPolygon", symbol_kind::fill}};
    case geometry_kind::point_or_line:
        return {points, {"_lines", " — tuyến / lines", "LineString", symbol_kind::line}};
    case geometry_kind::point_or_polygon:
        return {points, {"_polygons", " — vùng / areas", "MultiPolygon", symbol_kind::fill}};
    }
    return {};
}

std::vector<qgis_layer> project_layers(const geo::pg::connection& pg, geo::database& local,
                                       const std::string& schema, int srid) {
    const std::string connection = connection_part(pg);
    std::vector<const layer_spec*> specs;
    for (const auto& spec : source_layers()) {
        if (local.table_exists(std::string(spec.name))) {
            specs.push_back(&spec);
        }
    }
    std::stable_sort(specs.begin(), specs.end(), [](const layer_spec* a, const layer_spec* b) {
        return detail::tree_rank(std::string(a->name)) < detail::tree_rank(std::string(b->name));
    });
    std::vector<qgis_layer> layers;
    for (const auto* spec : specs) {
        const std::string table(spec->name);
        for (const auto& part : parts_of(spec->geometry)) {
            qgis_layer l;
            l.table = table + part.key_suffix;
            l.title = detail::title_of(table) + part.title_extra;
            l.wkb_type = part.wkb_type;
            l.style = styles::style_for(l.table, table, part.kind, {});
            l.source = fmt::format("{}key='fid' srid={} type={} checkPrimaryKeyUnicity='0' "
                                   "table={}.{} (geom)",
                                   connection, srid, part.wkb_type, quote_identifier(schema),
                                   quote_identifier(table));
            layers.push_back(std::move(l));
        }
    }
    return layers;
}

// The commune's outline when there is one, else its villages, else its roads; from the root
// of each layer's spatial index (a push of a million roads need not scan them again).
std::optional<qgis_extent> project_extent(geo::database& local) {
    for (const std::string table : {"boundary", "villages", "roads"}) {
        const std::string index = "idx_" + table + "_geom";
        if (!local.table_exists(index + "_node")) {
            continue;
        }
        if (const auto b = geo::rtree_bounds(local, index)) {
            return qgis_extent{(*b)[0], (*b)[2], (*b)[1], (*b)[3]};
        }
    }
    return std::nullopt;
}

std::optional<qgis_project_spec> project_spec(const geo::pg::connection& pg,
                                              geo::database& local, const std::string& schema) {
    const auto metadata = read_metadata(local);
    if (metadata.srid == 0 || metadata.crs_text.empty()) {
        return std::nullopt; // no CRS yet: no layer tables to show
    }
    qgis_project_spec spec;
    spec.name = metadata.name.empty() ? schema : metadata.name;
    spec.title = spec.name;
    spec.provider = "postgres";
    set_project_crs(spec, geo::crs::from_user_text(metadata.crs_text));
    spec.extent = project_extent(local);
    spec.layers = project_layers(pg, local, schema, metadata.srid);
    return spec;
}

bool saved_by_a_planner(geo::pg::connection& pg, const std::string& table,
                        const std::string& name) {
    const auto rows = pg.exec(fmt::format("SELECT coalesce(metadata->>'last_modified_user', '') "
                                          "FROM {} WHERE name = $1",
                                          table),
                              {name});
    return rows.rows() > 0 && rows.get(0, 0) != our_user;
}

} // namespace

void write_pg_qgis_project(geo::pg::connection& pg, geo::database& local,
                           const std::string& schema) {
    const auto spec = project_spec(pg, local, schema);
    if (!spec) {
        return;
    }
    const std::string table = quote_identifier(schema) + ".qgis_projects";
    // A role that may not create or write qgis_projects goes on without a stored project.
    geo::pg::unless_refused(pg, [&] {
        if (!pg.exec("SELECT to_regclass($1)", {table}).scalar()) {
            pg.exec("CREATE TABLE " + table +
                    " (name TEXT PRIMARY KEY, metadata JSONB, content BYTEA)");
        }
        if (saved_by_a_planner(pg, table, spec->name)) {
            return;
        }
        std::string time = utc_now_iso8601();
        time.pop_back(); // QGIS writes local time without a zone
        pg.exec("DELETE FROM " + table + " WHERE metadata->>'last_modified_user' = $1",
                {our_user});
        pg.exec("INSERT INTO " + table +
                    " (name, metadata, content) VALUES ($1, $2::jsonb, decode($3, 'hex')) ON "
                    "CONFLICT (name) DO UPDATE SET metadata = excluded.metadata, content = "
                    "excluded.content",
                {spec->name, qgis_project_metadata(our_user, time),
                 geo::hex_encode(qgz_archive(*spec))});
    });
}

} // namespace allseason::layers
