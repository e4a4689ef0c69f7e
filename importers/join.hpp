#pragma once
// `allseason join` (contract §3): the fields of an attribute table — CSV, XLSX, ODS or any GDAL
// source, its geometry ignored — written onto a layer's existing features, matched by code or
// by name, in one transaction. Every row must match exactly one feature and no two rows the same
// one; otherwise every such row is listed and nothing is written. Fields map and values are
// checked exactly as in `import` (field_mapping.hpp).
#include "importers/name_match.hpp"
#include "importers/text_encoding.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace allseason::importers {

// automatic: by code when the table has a code field (e.g. `code`, `ma`, `ma_thon`), else by
// name; with --key, by code only when the key is that code field.
enum class join_on { automatic, code, name };

struct join_options {
    std::filesystem::path project;
    std::string layer;           // a layer of contract §1
    std::filesystem::path table; // the attribute table
    join_on on = join_on::automatic;
    std::string key;                                         // empty: the table's code/name field
    std::vector<std::pair<std::string, std::string>> fields; // --field TARGET=SOURCE
    std::string source_layer;                                // a sheet; empty: chosen
    std::optional<text_encoding> encoding;
    bool skip_unmatched = false; // skip rows that match no feature instead of failing
};

// A row matched in step 2 or 3 of the name match: `"Na O" → Nà Ó`.
struct loose_match {
    std::int64_t row = 0;
    std::string key;     // the table's text
    std::string feature; // the feature's name
    match_step step = match_step::ignoring_case;
};

struct join_summary {
    std::string layer;
    std::string table;        // the file name
    std::string source_layer; // the sheet or layer read
    std::string on;           // "code" or "name"
    std::string key;          // the table's key field
    std::int64_t rows_read = 0;
    std::int64_t updated = 0; // features updated (the segments of a road count each)
    std::int64_t skipped = 0; // rows that matched nothing, with --skip-unmatched
    double seconds = 0;
    std::vector<std::string> fields;       // "households ← so_ho", the fields written
    std::vector<loose_match> loose;        // matches made ignoring case or accents
    std::vector<std::string> skipped_rows; // "so_ho.csv row 7 (line 8): "Tổng" matches…"
    std::vector<std::string> notes;        // table fields not written
    std::vector<std::string> warnings;     // the text's encoding
};

// Throws usage_error (unknown layer, --field target or source, --key, a layer without the
// matching column, nothing to write), io_error (unreadable table) and data_error (rows that
// match nothing, two features or a feature another row matches; bad values) — each problem with
// its row; the project is then unchanged.
join_summary join_table(const join_options& options);

// The one-line summary the CLI prints and import_log keeps ("join villages ← so_ho.xlsx …").
std::string summary_line(const join_summary& summary);

} // namespace allseason::importers
