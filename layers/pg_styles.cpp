#include "layers/pg_styles.hpp"

#include "layers/schema.hpp"
#include "layers/styles.hpp"

#include <fmt/format.h>

namespace allseason::layers {

namespace {

// The columns QGIS 3.22 creates (QgsPostgresProvider::saveStyle).
constexpr const char* layer_styles_sql =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog "
    "varchar, f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, "
    "stylename text, styleqml xml, stylesld xml, useasdefault boolean, description text, owner "
    "varchar(63) DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, "
    "type varchar)";

// `type` stays NULL: QGIS matches it against the geometry type of the layer's URI, which is
// "Unknown geometry" for a URI without type= (as in many hand-written connections).
styles::symbol_kind drawing(geometry_kind kind) {
    switch (kind) {
    case geometry_kind::point:
        return styles::symbol_kind::marker;
    case geometry_kind::line:
    case geometry_kind::point_or_line:
        return styles::symbol_kind::line;
    case geometry_kind::polygon:
    case geometry_kind::point_or_polygon:
        break;
    }
    return styles::symbol_kind::fill;
}

} // namespace

void write_pg_styles(geo::pg::connection& pg, const std::string& schema,
                     const std::vector<std::string>& tables) {
    // A role that may not write public.layer_styles gets no styles, and no error.
    geo::pg::unless_refused(pg, [&] {
        pg.exec(layer_styles_sql);
        for (const auto& table : tables) {
            const auto* spec = find_layer(table);
            if (!spec) {
                continue;
            }
            const auto style = styles::style_for(table, table, drawing(spec->geometry), {});
            pg.exec("DELETE FROM public.layer_styles WHERE f_table_catalog = current_database() "
                    "AND f_table_schema = $1 AND f_table_name = $2 AND stylename = $3",
                    {schema, table, style.name});
            pg.exec("UPDATE public.layer_styles SET useasdefault = false WHERE f_table_catalog = "
                    "current_database() AND f_table_schema = $1 AND f_table_name = $2",
                    {schema, table});
            pg.exec("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, "
                    "f_table_name, f_geometry_column, stylename, styleqml, stylesld, "
                    "useasdefault, description, type) VALUES (current_database(), $1, $2, "
                    "'geom', $3, $4::xml, $5::xml, true, $6, NULL)",
                    {schema, table, style.name, styles::to_qml(style), styles::to_sld(style),
                     style.description});
        }
    });
}

} // namespace allseason::layers
