#pragma once
// The import driver's innards, shared by import.cpp (the transaction, the CRS, the log, the
// checks at the end) and import_rows.cpp (reading, mapping and writing the rows). Not part
// of the importers' public interface: include importers/import.hpp instead.
#include "importers/field_mapping.hpp"
#include "importers/geometry_repair.hpp"
#include "importers/import.hpp"
#include "importers/source.hpp"
#include "importers/source_crs.hpp"
#include "layers/layer_writer.hpp"
#include "layers/project.hpp"

#include <cstdint>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace allseason::importers::detail {

// Problems listed in one error message; the rest are counted.
inline constexpr size_t max_listed_problems = 20;
// Reading stops after this many bad rows: the file needs fixing anyway.
inline constexpr size_t max_problems = 1000;
inline constexpr std::int64_t progress_every = 4096;
// The reader hands rows to the writer in batches of this many rows (one lock per batch), at
// most queue_batches of them waiting: memory is bounded whatever the number of rows.
inline constexpr size_t batch_rows = 2048;
inline constexpr size_t queue_batches = 4;

// A row ready to write: its values in column order and one geometry part (a multi-line split
// into parts gives one row per part).
struct ready_row {
    std::vector<layers::field_value> values;
    geo::blob wkb;
};

struct row_batch {
    std::vector<ready_row> rows;
    std::int64_t rows_read = 0; // source rows read when the batch was handed over
    std::int64_t total = 0;     // the source's row count (-1 when unknown), for progress
};

// 1234567 → "1,234,567".
std::string thousands(std::int64_t n);
// The problems found, one a line, and how many more there were than `shown` holds.
std::string problem_lines(const std::vector<std::string>& shown, std::size_t total);

// The OSM fields the tag mapping reads.
struct osm_fields {
    int id = -1;
    int highway = -1;
    int surface = -1;
    int other_tags = -1;
};

// One import: constructed with the project open, run() does it all in one transaction.
class importer {
public:
    importer(const import_options& options, layers::project& project);

    import_summary run();

    static void log(geo::database& db, const import_options& options, const import_summary& summary,
                    std::string_view status, std::string_view message);

private:
    static void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
        to.insert(to.end(), from.begin(), from.end());
    }

    void plan();

    // A project without a CRS takes the source's; a geographic one (degrees) is replaced by
    // the WGS 84 / UTM zone of the data's centre, since a project measures in metres.
    void give_project_crs(const geo::crs& source);

    void load_existing_codes();

    // Where a row is, for messages; the text is only made when a message needs it.
    struct row_place {
        const importer* self;
        std::int64_t row;
        const geo::feature* feature;
        operator std::string() const { return self->row_label(row, *feature); }
    };

    std::string row_label(std::int64_t row, const geo::feature& f) const {
        const std::int64_t fid = f.fid();
        if (fid >= 0 && fid != row) {
            return fmt::format("{} row {} (feature id {})", m_source.label(), row, fid);
        }
        return fmt::format("{} row {}", m_source.label(), row);
    }

    void problem(std::string text);

    raw_value read_raw(const geo::feature& f, int index);

    // Fills the OSM-derived columns; false when the way is not a road (counted as skipped).
    bool osm_values(const geo::feature& f, std::vector<layers::field_value>& values);

    // roads.structure from the way's bridge/tunnel tags (null: at grade).
    layers::field_value osm_road_structure(const geo::feature& f);

    // The row's values in column order; false when a value is wrong (recorded as a problem).
    bool row_values(const geo::feature& f, const row_place& where,
                    std::vector<layers::field_value>& values);

    // Enumerations and yes/no columns hold a handful of distinct values: remember each one's
    // answer instead of folding the same text a million times.
    layers::field_value coerce_cached(size_t c, raw_value raw, const std::string& source_name);

    bool check_code(const std::vector<layers::field_value>& values, std::int64_t row,
                    const row_place& where);

    // Reads, maps, checks and shapes every row, handing the good ones to `emit` in batches;
    // stops early when `emit` returns false (the writer gave up). GDAL, GEOS and PROJ are
    // used here only, so this runs on the reader thread.
    void read_rows(geometry_shaper& shaper, const source_crs& crs,
                   const std::function<bool(row_batch&&)>& emit);
    // One row's geometry shaped, or nullopt after recording a problem; throws on a CRS or
    // geometry-type mismatch, which stops the import.
    std::optional<shaped_geometry> shape_row(geometry_shaper& shaper, const geo::feature& f,
                                             const row_place& where, const source_crs& crs);
    // Writes a batch (SQLite: the thread that owns the connection).
    void write_batch(const row_batch& batch, layers::layer_writer& writer);
    // Reading on a second thread while this one writes (options.pipelined), or both here.
    void transfer_rows(geometry_shaper& shaper, layers::layer_writer& writer,
                       const source_crs& crs);

    void finish_checks(const geometry_shaper& shaper, const geo::crs& source,
                       const geo::crs& project);

    const import_options& m_options;
    const layers::layer_spec& m_spec;
    layers::project& m_project;
    source m_source;
    std::vector<geo::field_definition> m_fields;
    field_plan m_plan;
    std::vector<layers::field_value> m_constants; // the --field T==VALUE values, by column
    bool m_osm = false;
    osm_fields m_osm_fields;
    std::map<std::string, std::int64_t> m_skipped_by;
    size_t m_code_column = 0;
    std::unordered_map<std::string, std::int64_t> m_codes; // code → row (0: already stored)
    std::map<size_t, std::unordered_map<std::string, layers::field_value>> m_memo;
    std::vector<std::string> m_problems;
    size_t m_problem_count = 0;
    import_summary m_summary;
    std::int64_t m_progress_shown = 0; // rows_read at the last progress call
};

} // namespace allseason::importers::detail
