#pragma once
// A source file opened for import: the right GDAL open options per format (CSV coordinate
// columns, Shapefile encodings), the choice of its layer, and text decoded to UTF-8 NFC from
// whatever encoding the file uses (--encoding, a Shapefile's .cpg, or a guess with a warning).
#include "geo/gdal.hpp"
#include "geo/geos.hpp"                // geo::envelope
#include "importers/field_mapping.hpp" // raw_value
#include "importers/text_encoding.hpp"
#include "layers/schema.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace allseason::importers {

// features: rows with geometries for `import`. table: attribute rows for `join` — a CSV's
// coordinate columns stay plain fields, and the first row of a CSV, XLSX or ODS sheet is
// always its header (GDAL would otherwise guess, and take an all-text header row for data).
enum class source_use { features, table };

class source {
public:
    // Opens `path` and picks its layer: `source_layer` when given, else the only layer, the
    // one named like `target`, OSM's `lines`, or the only non-empty layer whose geometry fits
    // (for a table: the only non-empty layer).
    source(const std::filesystem::path& path, const std::string& source_layer,
           const layers::layer_spec& target, std::optional<text_encoding> encoding,
           source_use use = source_use::features);

    geo::vector_layer& layer() { return m_layer; }
    // The file name used in messages ("villages.geojson").
    const std::string& label() const { return m_label; }
    std::string driver() const { return m_dataset.driver_name(); }
    bool is_osm() const { return m_osm; }
    bool is_csv() const { return m_plan.csv; }

    // The feature's geometry as 2-D ISO WKB (curves linearised, Z and M dropped).
    std::optional<geo::blob> geometry_wkb(const geo::feature& f) const;
    // The text of field `index`, decoded to UTF-8 NFC. Throws data_error (without a row; the
    // caller adds it) when the bytes cannot be decoded.
    std::string text(const geo::feature& f, int index);
    // The value of field `index` as the driver typed it (`kind`), text decoded as by text().
    raw_value value(const geo::feature& f, int index, geo::field_kind kind);
    // The lines above the first row in the file as a person sees it: 1 for the header line of
    // a CSV or spreadsheet read as a table, 0 otherwise.
    int header_lines() const { return m_plan.header_lines; }
    bool is_spreadsheet() const { return m_plan.spreadsheet; }
    // Where a person finds row `row` (feature `f`): "sheet row 4" (GDAL numbers a sheet's
    // features by their sheet row), "line 4" in a CSV with a header; empty when neither.
    std::string file_place(std::int64_t row, const geo::feature& f) const;
    // The layer's extent in its own CRS (GDAL computes it), nullopt when unknown.
    std::optional<geo::envelope> extent() const;

    // Warnings about the text (a guessed or suspicious encoding), once all rows are read.
    std::vector<std::string> text_warnings() const;

    // How the file is opened, decided before GDAL sees it (a Shapefile's encoding is an open
    // option).
    struct open_plan {
        std::vector<std::string> options;
        bool raw_bytes = false; // the driver hands over the file's bytes undecoded
        bool csv = false;
        bool spreadsheet = false; // XLSX, ODS, XLS
        int header_lines = 0;
        std::vector<std::pair<std::string, std::string>> config; // GDAL options while open
        std::optional<text_encoding> encoding;
        std::string origin; // where the encoding came from, for messages
    };

private:
    void prescan_raw_text();
    std::string decode_auto(std::string raw);

    open_plan m_plan;
    std::string m_label;
    std::vector<std::unique_ptr<geo::scoped_config_option>> m_config;
    geo::vector_dataset m_dataset;
    geo::vector_layer m_layer;
    bool m_osm = false;
    bool m_guessed_fallback = false; // undecodable text met without an encoding
    std::string m_sample;            // non-ASCII values, for the mojibake guess
    std::vector<std::string> m_notes;
};

} // namespace allseason::importers
