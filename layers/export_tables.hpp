#pragma once
// Inside `export`: which tables go into the GeoPackage and the SQL that reads each from the
// project. Kept apart from the GDAL writing (export.cpp) so the plan can be read on its own.
#include "geo/gdal.hpp"
#include "layers/features.hpp"
#include "layers/styles.hpp"

#include <string>
#include <vector>

namespace allseason::layers {

class project;

namespace detail {

struct column_plan {
    std::string name;
    geo::field_kind kind = geo::field_kind::text;
};

enum class geometry_target { none, point, multi_point, line, multi_line, multi_polygon };

// One GeoPackage table: `sql` selects the fid, then `columns` in order, then the geometry
// as WKB; `params` are bound to its ?s as text.
struct table_plan {
    std::string table;
    std::string source; // the project table it comes from
    std::string base;   // the style and ordering key (`bridges` for `bridges_lines`)
    std::string title;
    std::string description;
    std::vector<column_plan> columns;
    std::string sql;
    std::vector<std::string> params;
    geometry_target geometry = geometry_target::none;
    bool keep_fid = true;
    bool visible = true;
};

struct export_context {
    std::string scenario;
    std::string destination;
    scenario_row row; // the scenario's closures
};

// Every table to export, source layers first, then results. `notes` receives a sentence for
// each result that is not there.
std::vector<table_plan> plan_tables(project& p, const export_context& context,
                                    std::vector<std::string>& notes);

// The position of a table's base layer in the QGIS layer tree (0 = top).
int tree_rank(const std::string& base);
// The layer's name in QGIS's layer tree ("Đường / roads"); the table name for unknown ones.
std::string title_of(std::string_view base);

styles::symbol_kind symbol_kind_of(geometry_target geometry);

} // namespace detail
} // namespace allseason::layers
