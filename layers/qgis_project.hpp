#pragma once
// A QGIS project stored inside a GeoPackage the way QGIS 3.22 stores one itself (checked by
// saving a project with QGIS to `geopackage:file.gpkg?projectName=...`): a table
// `qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB)` whose `content` is the
// zipped project (.qgz, one .qgs inside) as hexadecimal text, `metadata` a small JSON text, and
// layers referenced relative to the GeoPackage as `./file.gpkg|layername=table` (QGIS resolves
// `./` against the GeoPackage's folder), so the file can be copied to another folder or machine.
#include "geo/proj.hpp"
#include "layers/styles.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

struct qgis_layer {
    std::string table;    // the GeoPackage table (for PostgreSQL: the layer's key)
    std::string title;    // the name in QGIS's layer tree
    std::string wkb_type; // "Point", "LineString", "MultiLineString", "MultiPolygon", ...
    bool visible = true;
    styles::layer_style style;
    // The provider's data source; empty for a GeoPackage layer (./file.gpkg|layername=table).
    std::string source;
};

struct qgis_extent {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

struct qgis_project_spec {
    std::string name;           // the row name in qgis_projects
    std::string provider = "ogr"; // "postgres" for layers of a PostgreSQL schema
    std::string title;          // the project title
    std::string gpkg_file_name; // "anlac.gpkg"
    std::string crs_authid;     // "EPSG:9209", empty when the CRS has no EPSG code
    std::string crs_wkt;        // WKT2 of the CRS
    std::string crs_description;
    std::string crs_proj4;
    std::optional<qgis_extent> extent;
    std::vector<qgis_layer> layers; // top of the layer tree first
};

// The project's CRS: its EPSG id when it has one, WKT2, PROJ string and name.
void set_project_crs(qgis_project_spec& spec, const geo::crs& crs);
// The .qgs XML document.
std::string qgs_document(const qgis_project_spec& spec);
// The .qgz archive (a zip holding the .qgs) as bytes.
std::string qgz_archive(const qgis_project_spec& spec);
// The metadata QGIS keeps beside a stored project (JSON).
std::string qgis_project_metadata(const std::string& user, const std::string& time_iso);
// The SQL that creates `qgis_projects` when missing and stores the project in it.
std::vector<std::string> qgis_projects_sql(const qgis_project_spec& spec, const std::string& user,
                                           const std::string& time_iso);

} // namespace allseason::layers
