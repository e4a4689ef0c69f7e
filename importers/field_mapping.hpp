#pragma once
// Which source field fills each column of a layer (--field TARGET=SOURCE, else the field of
// the same name or a usual Vietnamese name such as ten → name, so_ho → households), and the
// coercion of source values to the column's type with messages a planner can act on.
#include "geo/gdal.hpp"
#include "layers/layer_writer.hpp"
#include "layers/schema.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace allseason::importers {

struct field_source {
    enum class kind { absent, field, constant, computed };
    kind how = kind::absent;
    int index = -1;       // the source field (kind::field)
    std::string name;     // the source field's name, for messages
    std::string constant; // the value of --field T==VALUE (kind::constant)
};

struct field_plan {
    std::vector<field_source> columns; // parallel to layer_spec::columns
    std::vector<std::string> notes;    // "households ← so_ho" for names matched by alias
};

// What a column the source has no field for means: `import` writes new rows, so such a column
// takes its default and a required one is an error; `join` updates rows, so it is left alone.
enum class unmapped_columns { take_default, left_as_they_are };

// One row of the project's import_log: what every import and join records, ok or failed.
struct import_log_entry {
    std::string layer;
    std::string source;
    std::string source_layer;
    std::string mode; // replace or append (a join, which adds and replaces no feature: append)
    std::int64_t rows_read = 0;
    std::int64_t rows_imported = 0;
    std::int64_t rows_repaired = 0;
    std::int64_t rows_skipped = 0;
    std::string status; // ok or failed
    std::string message;
};
void write_import_log(geo::database& db, const import_log_entry& entry);

// Throws usage_error naming the layer's fields when a --field target is not one of them.
void check_field_targets(const layers::layer_spec& spec,
                         const std::vector<std::pair<std::string, std::string>>& overrides);

// `overrides` are the --field pairs (target, source); a source written "=VALUE" is a constant.
// `computed` columns are filled by the caller (OSM tags). Throws usage_error for an unknown
// target or source field, data_error when a required column has no source (take_default).
field_plan plan_fields(const layers::layer_spec& spec,
                       const std::vector<geo::field_definition>& source_fields,
                       const std::vector<std::pair<std::string, std::string>>& overrides,
                       const std::string& label, const std::vector<std::string>& computed = {},
                       unmapped_columns unmapped = unmapped_columns::take_default);

// A value as read from the source, before coercion.
using raw_value = std::variant<std::monostate, std::int64_t, double, std::string>;

// The fixed values (--field T==VALUE) of `plan`, coerced once, by column (null elsewhere).
// Throws usage_error for a value the column does not accept: it is part of the command line.
std::vector<layers::field_value> fixed_values(const layers::layer_spec& spec,
                                              const field_plan& plan);

// Converts a source value to what `column` stores; throws data_error with a message such as
// `field "households" is "mười" — expected a whole number` (the caller adds file and row).
// `source_name` is the source field's name when it differs from the column's.
layers::field_value coerce(const layers::layer_spec& spec, const layers::column_spec& column,
                           const raw_value& value, const std::string& source_name = {});

// "field "so_ho" (households)" or "field "households"", for messages.
std::string describe_field(const layers::column_spec& column, const std::string& source_name);

} // namespace allseason::importers
