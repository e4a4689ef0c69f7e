#pragma once
// Writes rows into one layer of a project: one prepared INSERT, values bound as parameters,
// the geometry bound as WKB and converted by SpatiaLite's GeomFromWKB(?, srid). The caller
// owns the transaction (an import is one transaction).
#include "geo/sqlite.hpp"
#include "layers/schema.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace allseason::layers {

// One field value: null, integer (also booleans), real or UTF-8 text.
using field_value = std::variant<std::monostate, std::int64_t, double, std::string>;

// The value a column's default_sql literal stands for (null when it has none).
field_value default_value(const column_spec& column);

class layer_writer {
public:
    layer_writer(geo::database& db, const layer_spec& spec, int srid);

    // `values` follow spec.columns; returns the new row's fid.
    std::int64_t insert(const std::vector<field_value>& values, const geo::blob& wkb);
    // Deletes every row of the layer (an import that replaces it).
    void clear();
    std::int64_t count();
    const layer_spec& spec() const { return *m_spec; }

private:
    geo::database* m_db;
    const layer_spec* m_spec;
    int m_srid;
    geo::statement m_insert;
};

} // namespace allseason::layers
