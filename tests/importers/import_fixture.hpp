#pragma once
// Helpers for the importer tests: source files written through GDAL in any driver, projects,
// and SQL answers read back from a project.
#include "importers/import.hpp"
#include "support/temp_dir.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace allseason::test {

using cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct source_field {
    std::string name;
    int kind = 0;          // 0 text, 1 integer, 2 real
    bool existing = false; // the driver has it already (DGN's Level): set, not created
};

struct source_row {
    std::string wkt;         // empty: no geometry
    std::vector<cell> cells; // follow the fields
};

struct source_spec {
    std::string driver; // GDAL driver name
    std::string layer;  // layer name
    int geometry_type;  // OGRwkbGeometryType
    std::string crs;    // empty: none
    std::vector<source_field> fields;
    std::vector<source_row> rows;
    std::vector<std::string> dataset_options = {};
    std::vector<std::string> layer_options = {};
};

// Writes `spec` to `path` with GDAL (the file a planner would have).
void write_source(const std::filesystem::path& path, const source_spec& spec);

// A new project; `crs` empty: without a CRS (the first import sets it).
std::filesystem::path make_project(const temp_dir& dir, const std::string& crs,
                                   const std::string& name = "project.sqlite");

// The rows of an SQL query on a project, each row's columns joined with '|' (NULL as "NULL").
std::vector<std::string> query(const std::filesystem::path& project, const std::string& sql);
std::string query_one(const std::filesystem::path& project, const std::string& sql);

// Every row of every layer with its geometry in hex, for byte-for-byte comparisons.
std::string dump_layers(const std::filesystem::path& project);

importers::import_options options(const std::filesystem::path& project, const std::string& layer,
                                  const std::filesystem::path& source);

// x, y of a point transformed with GDAL's own OGRCoordinateTransformation (an independent
// path to PROJ), in traditional GIS order.
std::pair<double, double> gdal_transform(const std::string& from, const std::string& to, double x,
                                         double y);

} // namespace allseason::test
