#pragma once
// `allseason export`: one GeoPackage a QGIS user can open and read at once. It holds every
// source layer, the stored analysis results of one scenario and destination (cut-off per
// village, project ranking, critical elements), the road parts the scenario closes, a
// `layer_styles` table with a QML and an SLD style per table (loaded by QGIS as each layer's
// default style) and a QGIS project in `qgis_projects` that opens every layer in order with
// those styles. The file is written beside the target under a temporary name and renamed at
// the end, so a failed export never leaves a half-written GeoPackage.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

class project;

// A data problem found by `check` (routing::check_network), passed in by the CLI because
// the project does not store them.
struct check_problem {
    std::string severity; // error, warning
    std::string problem;  // dangling_end, crossing_far_from_road, ...
    std::string layer;
    std::string code;
    std::string message;
    std::optional<double> x, y; // the location in the project CRS, when there is one
};

struct export_options {
    std::string scenario = "rainy";
    std::string destination = "commune_centre";
    bool force = false; // replace an existing file
    // Written as the `check_problems` layer when given.
    std::optional<std::vector<check_problem>> check_problems;
};

struct exported_layer {
    std::string table;         // the GeoPackage table
    std::string source;        // the project layer or result table it comes from
    std::string title;         // the layer's title in the QGIS project
    std::string geometry_type; // "Point", "LineString", "MultiPolygon", ...
    std::int64_t features = 0;
    bool visible = true;       // ticked in the stored QGIS project
};

struct export_summary {
    std::filesystem::path path;
    std::vector<exported_layer> layers; // in the QGIS project's order, top first
    std::vector<std::string> notes;     // results that were not there to export, and why
};

// The destinations of contract §2 (`--to`).
const std::vector<std::string>& destination_names();

// Writes the GeoPackage. Throws usage_error when `out` exists and !force, or for an unknown
// scenario or destination; io_error when the file cannot be written (nothing is left behind).
export_summary export_geopackage(project& p, const std::filesystem::path& out,
                                 const export_options& options);

} // namespace allseason::layers
