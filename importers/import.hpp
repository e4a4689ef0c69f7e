#pragma once
// `allseason import`: one GDAL source layer into one project layer, in one transaction —
// every row is read, mapped, coerced, checked, reprojected and written, or (on any error)
// the project stays exactly as it was and the message names the file, the row and the reason.
#include "importers/text_encoding.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace allseason::importers {

struct import_options {
    std::filesystem::path project;
    std::string layer;                                       // a layer of contract §1
    std::filesystem::path source;                            // any vector file GDAL reads
    std::string source_layer;                                // empty: chosen (see source.hpp)
    std::vector<std::pair<std::string, std::string>> fields; // --field TARGET=SOURCE
    std::string source_crs;                                  // empty: the file's own
    std::optional<text_encoding> encoding; // nullopt: the file's (.cpg) or UTF-8, else guessed
    bool append = false;                   // false: replace the layer
    // Read the source on a second thread while this one writes (false: both on this thread,
    // the same rows in the same order; for comparisons).
    bool pipelined = true;
    // Called every few thousand rows: rows read so far and the total (-1 when unknown).
    std::function<void(std::int64_t read, std::int64_t total)> progress;
};

struct import_summary {
    std::string layer;
    std::string source;       // the file name
    std::string source_layer; // the GDAL layer read
    bool append = false;
    std::int64_t rows_read = 0;
    std::int64_t imported = 0; // rows written (a multi-part road gives one per part)
    std::int64_t repaired = 0; // geometries repaired (MakeValid, closed rings, dropped parts)
    std::int64_t skipped = 0;  // rows not meant for the layer (OSM footways, non-roads)
    double seconds = 0;
    std::string crs_note;              // set when this import gave the project its CRS
    std::vector<std::string> notes;    // field names matched by alias, what was skipped
    std::vector<std::string> warnings; // repairs, encodings, CRS doubts
};

// Throws usage_error (unknown layer, unknown --field target or source field, bad
// --source-crs), io_error (missing, empty or unreadable file), crs_error (no CRS) and
// data_error (bad rows; every problem found, each with its row).
import_summary import_layer(const import_options& options);

// The one-line summary the CLI prints.
std::string summary_line(const import_summary& summary);

} // namespace allseason::importers
