#pragma once
// `allseason import PROJECT all FILE.osm[.pbf|.gz|.bz2]` (contract §3): every layer an
// OpenStreetMap extract can fill — roads, bridges, fords, waterways, facilities, villages —
// in one transaction. Each layer the file has something for is replaced (or added to with
// --append); a layer it has nothing for is left as it was.
#include "importers/import.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace allseason::importers {

struct osm_layer_summary {
    std::string layer;
    std::int64_t imported = 0;
    std::int64_t repaired = 0;
    // What was left out and why ("highway=footway", "waterway=canal"), most first.
    std::vector<std::pair<std::string, std::int64_t>> skipped;
    bool untouched = false; // the file had nothing for the layer: it was left as it was
};

struct osm_import_summary {
    std::string source; // the file name
    bool append = false;
    std::int64_t elements_read = 0;
    double seconds = 0;
    std::string crs_note; // set when this import gave the project its CRS
    std::vector<osm_layer_summary> layers;
    std::vector<std::string> warnings;
};

// Throws usage_error (not an OSM file name), io_error (missing file) and data_error (a file
// GDAL reads with errors, a damaged compressed file); the project is then unchanged.
osm_import_summary import_osm_all(const import_options& options);

// The lines the CLI prints: one per layer, then the total.
std::vector<std::string> osm_summary_lines(const osm_import_summary& summary);

} // namespace allseason::importers
