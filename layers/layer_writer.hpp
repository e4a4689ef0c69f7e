#pragma once
// Writes rows into one layer of a project: one prepared INSERT, values bound as parameters,
// the geometry bound as WKB and converted by SpatiaLite's GeomFromWKB(?, srid). The caller
// owns the transaction (an import is one transaction).
//
// SpatiaLite keeps its R-tree current with a trigger that parses and runs SQL for every row
// (RTreeAlign), which made a million-row import three times slower than ogr2ogr. So while a
// writer lives the layer's triggers are set aside and finish() fills the index (bulk-built,
// geo::rebuild_rtree) and puts the triggers back; all of it inside the caller's transaction, so a
// rollback restores the triggers too. The caller must hand over geometries that already
// satisfy the column's type and SRID (the importer's geometry_shaper does).
// Likewise the table's CHECK constraints are not left to SQLite row by row (their IN lists
// cost it an ephemeral b-tree per row): when each is one of the layer spec's own column checks
// they are evaluated on the values as they are bound, else (or when a value's stored form
// is not certain) once over all new rows in finish().
#include "geo/sqlite.hpp"
#include "geo/sqlite_rtree.hpp"
#include "layers/bulk_rows.hpp"
#include "layers/schema.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace allseason::layers {

// One field value: null, integer (also booleans), real or UTF-8 text.
using field_value = std::variant<std::monostate, std::int64_t, double, std::string>;

// The value a column's default_sql literal stands for (null when it has none).
field_value default_value(const column_spec& column);

// Binds `value` to parameter `index` (1-based) of `statement`: null, integer, real or text.
void bind_value(geo::statement& statement, int index, const field_value& value);

// Hears the rows a layer_writer writes, in order, with the values as bound: a store that
// mirrors the project elsewhere (PostgreSQL) sends them on while the import goes on.
class row_tap {
public:
    virtual ~row_tap() = default;
    virtual void written(std::int64_t fid, const std::vector<field_value>& values,
                         const geo::blob& wkb) = 0;
    // Every row is written: finish() says so first, before it builds the local index.
    virtual void all_written() = 0;
};

class layer_writer {
public:
    layer_writer(geo::database& db, const layer_spec& spec, int srid);
    ~layer_writer();
    layer_writer(const layer_writer&) = delete;
    layer_writer& operator=(const layer_writer&) = delete;

    // `values` follow spec.columns; returns the new row's fid.
    std::int64_t insert(const std::vector<field_value>& values, const geo::blob& wkb);
    // Deletes every row of the layer (an import that replaces it).
    void clear();
    std::int64_t count();
    // Indexes the rows written since construction and restores the triggers. Call it before
    // committing; without it the transaction must not be committed.
    void finish();
    const layer_spec& spec() const { return *m_spec; }
    // Every row inserted from now on is told to `tap` (null: none).
    void set_tap(std::unique_ptr<row_tap> tap) { m_tap = std::move(tap); }

private:
    // A CHECK of the table that is one of the spec's own (layers::declared_checks).
    struct bound_check {
        std::size_t column;
        check_kind what;
        std::string expression; // as the table has it
    };
    void plan_bound_checks();
    void check_bound(std::int64_t fid, const std::vector<field_value>& values);
    void verify_checks();
    // Fills the R-tree with the rows written since construction: the whole tree is rebuilt
    // in one pass (geo::rebuild_rtree) unless the new rows are few next to the old ones.
    void index_new_rows();
    void keep_box(std::int64_t fid, const geo::blob& wkb);

    // Rebuild when added × rebuild_ratio ≥ rows already there (a rebuild costs about a
    // tenth of inserting each box; a margin keeps small appends incremental).
    static constexpr std::int64_t rebuild_ratio = 8;

    geo::database* m_db;
    const layer_spec* m_spec;
    int m_srid;
    std::string m_index_table; // SpatiaLite's R-tree, empty when the layer has none
    std::int64_t m_first_new_fid = 0;
    triggers_set_aside m_triggers;
    std::vector<std::string> m_checks; // the table's CHECK expressions
    std::vector<bound_check> m_bound_checks;
    bool m_checks_bound = false; // every CHECK is in m_bound_checks
    bool m_rows_unsure = false;  // a value's stored form was not certain: verify in finish()
    geo::statement m_insert;
    bool m_finished = false;
    std::unique_ptr<row_tap> m_tap;
    // Each new row's box, kept as it is written (in a temporary file: memory stays flat), so
    // that a layer written afresh is indexed without reading it again. Empty without R-tree.
    std::optional<geo::rtree_box_file> m_boxes;
};

} // namespace allseason::layers
