#pragma once
// Builds a 2-D SQLite R-tree (CREATE VIRTUAL TABLE ... USING rtree(id, min_x, max_x, min_y,
// max_y)) in one pass instead of one INSERT per box.
//
// Why: SQLite's R*-tree insert rewrites the leaf and every node above it through its shadow
// tables for each box, about 20 µs a box; filling the index of a million geometries that way
// was two thirds of an import. Here the boxes are sorted by the Hilbert index of their centres
// (SQLite's own sorter, which spills to temporary files, so memory stays flat) and packed
// bottom-up into full nodes written straight into the shadow tables %_node, %_rowid and
// %_parent, in the on-disk format of SQLite's ext/rtree/rtree.c (the format GDAL's GeoPackage
// driver also writes since 3.7). Only one open node per tree level is held in memory.
#include "geo/sqlite.hpp"

#include <array>
#include <cstdio>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace allseason::geo {

// Replaces the whole content of the R-tree `rtree` with the boxes selected by `boxes_sql`,
// whose columns must be named id, min_x, max_x, min_y, max_y (rows with a null min_x are left
// out). All or nothing (a savepoint, inside the caller's transaction when there is one).
// Returns the number of boxes indexed.
std::int64_t rebuild_rtree(database& db, std::string_view rtree, std::string_view boxes_sql);

// One box of an R-tree, as it stores them: 32-bit floats rounded outwards from the doubles.
struct rtree_box {
    std::int64_t id;
    std::array<float, 4> bounds; // min_x, max_x, min_y, max_y
};
rtree_box make_rtree_box(std::int64_t id, const std::array<double, 4>& bounds);

// Boxes gathered one at a time (an import keeps each row's box as it writes it, and so saves
// two passes over the table) in a temporary file, 24 bytes a box: memory stays flat.
class rtree_box_file {
public:
    rtree_box_file();
    ~rtree_box_file();
    rtree_box_file(const rtree_box_file&) = delete;
    rtree_box_file& operator=(const rtree_box_file&) = delete;

    void add(const rtree_box& box);
    void clear();
    std::int64_t size() const { return m_count; }

private:
    friend std::int64_t rebuild_rtree(database&, std::string_view, rtree_box_file&, std::size_t);
    std::FILE* m_file;
    std::int64_t m_count = 0;
    std::array<float, 4> m_extent{};
};

// The same, from such boxes: sorted by the Hilbert index of their centres in runs of
// `run_boxes` (56 bytes a box in memory: 7 MB) merged while the tree is packed.
std::int64_t rebuild_rtree(database& db, std::string_view rtree, rtree_box_file& boxes,
                           std::size_t run_boxes = std::size_t{1} << 17);

// Empties a 2-D R-tree through its shadow tables: DELETE FROM the R-tree itself takes its
// rows out one by one and rebalances each time (16 s for a million boxes; this, milliseconds).
void clear_rtree(database& db, std::string_view rtree);

// The box (min_x, max_x, min_y, max_y) of everything in a 2-D R-tree, read from its root node
// alone (no scan); rounded outwards to 32-bit floats as SQLite stores them. Empty: nullopt.
std::optional<std::array<double, 4>> rtree_bounds(database& db, std::string_view rtree);

// The distance of (x, y) along a Hilbert curve of 2^16 × 2^16 cells over the box
// [min_x, max_x] × [min_y, max_y] (points outside are clamped). Public for tests.
std::int64_t hilbert_index(double x, double y, double min_x, double min_y, double max_x,
                           double max_y);

// Defines the SQL function geo_hilbert_index(x, y, min_x, min_y, max_x, max_y) on a new
// connection (database::open does it).
void register_hilbert_index(sqlite3* db);

} // namespace allseason::geo
