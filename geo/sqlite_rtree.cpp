#include "geo/sqlite_rtree.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <memory>
#include <fmt/format.h>
#include <sqlite3.h>
#include <vector>

namespace allseason::geo {

namespace {

constexpr int cell_bytes = 8 + 4 * 4; // id, then min_x, max_x, min_y, max_y as 32-bit floats
constexpr int hilbert_order = 1 << 16;

// SQLite stores R-tree coordinates as floats rounded outwards (rtree.c, rtreeValueDown/Up);
// the same rounding makes a built tree hold the very values an INSERT would have stored.
float round_down(double d) {
    float f = static_cast<float>(d);
    if (f > d) {
        f = static_cast<float>(d * (d < 0 ? 1.0 + 1.0 / 8388608.0 : 1.0 - 1.0 / 8388608.0));
    }
    return f;
}

float round_up(double d) {
    float f = static_cast<float>(d);
    if (f < d) {
        f = static_cast<float>(d * (d < 0 ? 1.0 - 1.0 / 8388608.0 : 1.0 + 1.0 / 8388608.0));
    }
    return f;
}

// Big-endian, as rtree.c writes its nodes.
void put_u16(unsigned char* p, unsigned v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}

void put_u64(unsigned char* p, std::uint64_t v) {
    for (int i = 7; i >= 0; --i, v >>= 8) {
        p[i] = static_cast<unsigned char>(v);
    }
}

void put_float(unsigned char* p, float f) {
    const auto bits = std::bit_cast<std::uint32_t>(f);
    for (int i = 0; i < 4; ++i) {
        p[i] = static_cast<unsigned char>(bits >> (24 - 8 * i));
    }
}

float get_float(const unsigned char* p) {
    std::uint32_t bits = 0;
    for (int i = 0; i < 4; ++i) {
        bits = (bits << 8) | p[i];
    }
    return std::bit_cast<float>(bits);
}

using box = std::array<float, 4>; // min_x, max_x, min_y, max_y

void sql_hilbert_index(sqlite3_context* context, int, sqlite3_value** argv) {
    double v[6];
    for (int i = 0; i < 6; ++i) {
        v[i] = sqlite3_value_double(argv[i]);
    }
    sqlite3_result_int64(context, hilbert_index(v[0], v[1], v[2], v[3], v[4], v[5]));
}

// Packs a sorted stream of boxes into nodes, bottom-up: level 0 holds the leaves, the last
// level the root (node 1). Every level's count is known from the number of boxes, so each
// node's number and its parent's are known before it is written, and the children are spread
// evenly (no node but the root under a third full, which rtree.c's deletes expect).
class rtree_packer {
public:
    rtree_packer(database& db, const std::string& rtree, int node_bytes, std::int64_t boxes)
        : m_node_bytes(node_bytes),
          m_insert_node(db.prepare(fmt::format("INSERT INTO {} (nodeno, data) VALUES (?, ?)",
                                               quote_identifier(rtree + "_node")))),
          m_insert_rowid(db.prepare(fmt::format("INSERT INTO {} (rowid, nodeno) VALUES (?, ?)",
                                                quote_identifier(rtree + "_rowid")))),
          m_insert_parent(
              db.prepare(fmt::format("INSERT INTO {} (nodeno, parentnode) VALUES (?, ?)",
                                     quote_identifier(rtree + "_parent")))) {
        const std::int64_t capacity = (node_bytes - 4) / cell_bytes;
        std::int64_t children = boxes;
        std::int64_t next_number = 2;
        do {
            const std::int64_t nodes =
                std::max<std::int64_t>(1, (children + capacity - 1) / capacity);
            m_levels.push_back({nodes, children, next_number, 0, 0, {}, {}});
            next_number += nodes;
            children = nodes;
        } while (children > 1);
    }

    void add_box(std::int64_t id, double min_x, double max_x, double min_y, double max_y) {
        add(0, id, {round_down(min_x), round_up(max_x), round_down(min_y), round_up(max_y)});
    }
    void add_box(const rtree_box& b) { add(0, b.id, b.bounds); }

    // Writes the root when there were no boxes at all (an empty tree is one empty root).
    void finish() {
        if (m_levels.front().children == 0) {
            m_levels.front().data.assign(static_cast<size_t>(m_node_bytes), 0);
            write(0);
        }
    }

private:
    struct level {
        std::int64_t nodes;
        std::int64_t children;
        std::int64_t first_number; // node numbers of this level, unless it is the root
        std::int64_t index = 0;    // the open node
        std::int64_t filled = 0;
        box bounds{};
        std::vector<unsigned char> data;
    };

    bool is_root(size_t l) const { return l + 1 == m_levels.size(); }
    std::int64_t number(size_t l) const {
        return is_root(l) ? 1 : m_levels[l].first_number + m_levels[l].index;
    }
    std::int64_t target(const level& lv) const {
        return lv.children / lv.nodes + (lv.index < lv.children % lv.nodes ? 1 : 0);
    }

    void add(size_t l, std::int64_t id, const box& b) {
        auto& lv = m_levels[l];
        if (lv.filled == 0) {
            lv.data.assign(static_cast<size_t>(m_node_bytes), 0);
            lv.bounds = b;
        }
        unsigned char* cell = lv.data.data() + 4 + cell_bytes * lv.filled;
        put_u64(cell, static_cast<std::uint64_t>(id));
        for (size_t i = 0; i < 4; ++i) {
            put_float(cell + 8 + 4 * i, b[i]);
        }
        lv.bounds = {std::min(lv.bounds[0], b[0]), std::max(lv.bounds[1], b[1]),
                     std::min(lv.bounds[2], b[2]), std::max(lv.bounds[3], b[3])};
        ++lv.filled;
        auto& map = l == 0 ? m_insert_rowid : m_insert_parent;
        map.bind(1, id).bind(2, number(l)).run();
        if (lv.filled == target(lv)) {
            write(l);
        }
    }

    void write(size_t l) {
        auto& lv = m_levels[l];
        const std::int64_t node = number(l);
        put_u16(lv.data.data() + 2, static_cast<unsigned>(lv.filled));
        if (is_root(l)) {
            put_u16(lv.data.data(), static_cast<unsigned>(m_levels.size() - 1)); // the depth
        }
        m_insert_node.bind(1, node).bind(2, lv.data).run();
        const box bounds = lv.bounds;
        lv.filled = 0;
        ++lv.index;
        if (!is_root(l)) {
            add(l + 1, node, bounds);
        }
    }

    int m_node_bytes;
    std::vector<level> m_levels;
    statement m_insert_node;
    statement m_insert_rowid;
    statement m_insert_parent;
};

} // namespace

void register_hilbert_index(sqlite3* db) {
    // Registered when the connection opens: SQLite refuses to (re)define a function while
    // any statement of the connection is active, which an import's writers are.
    if (sqlite3_create_function_v2(db, "geo_hilbert_index", 6, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   nullptr, sql_hilbert_index, nullptr, nullptr,
                                   nullptr) != SQLITE_OK) {
        throw io_error(fmt::format("cannot register geo_hilbert_index: {}", sqlite3_errmsg(db)));
    }
}

std::int64_t hilbert_index(double x, double y, double min_x, double min_y, double max_x,
                           double max_y) {
    auto cell = [](double v, double lo, double hi) {
        const double t = hi > lo ? (v - lo) / (hi - lo) : 0.0;
        return static_cast<std::int64_t>(
            std::clamp(std::floor(t * hilbert_order), 0.0, double{hilbert_order - 1}));
    };
    std::int64_t cx = cell(x, min_x, max_x);
    std::int64_t cy = cell(y, min_y, max_y);
    std::int64_t d = 0;
    for (std::int64_t s = hilbert_order / 2; s > 0; s /= 2) {
        const std::int64_t rx = (cx & s) > 0 ? 1 : 0;
        const std::int64_t ry = (cy & s) > 0 ? 1 : 0;
        d += s * s * ((3 * rx) ^ ry);
        if (ry == 0) { // rotate the quadrant
            if (rx == 1) {
                cx = hilbert_order - 1 - cx;
                cy = hilbert_order - 1 - cy;
            }
            std::swap(cx, cy);
        }
    }
    return d;
}

namespace {

// The size of the R-tree's nodes; throws when `rtree` is not a 2-D R-tree.
int node_bytes(database& db, const std::string& rtree) {
    auto size_query = db.prepare(fmt::format("SELECT length(data) FROM {} WHERE nodeno = 1",
                                             quote_identifier(rtree + "_node")));
    if (!size_query.step() ||
        db.prepare(fmt::format("SELECT * FROM {} LIMIT 0", quote_identifier(rtree)))
                .column_count() != 5) {
        throw io_error(fmt::format("{} is not a 2-D SQLite R-tree", rtree));
    }
    return static_cast<int>(size_query.get_int(0));
}

void empty_shadow_tables(database& db, const std::string& rtree) {
    for (const char* shadow : {"_node", "_rowid", "_parent"}) {
        db.exec(fmt::format("DELETE FROM {}", quote_identifier(rtree + shadow)));
    }
}

} // namespace

rtree_box make_rtree_box(std::int64_t id, const std::array<double, 4>& b) {
    return {id, {round_down(b[0]), round_up(b[1]), round_down(b[2]), round_up(b[3])}};
}

rtree_box_file::rtree_box_file() : m_file(std::tmpfile()) {
    if (!m_file) {
        throw io_error("cannot make a temporary file for the R-tree's boxes");
    }
}

rtree_box_file::~rtree_box_file() {
    std::fclose(m_file);
}

void rtree_box_file::add(const rtree_box& box) {
    if (std::fwrite(&box, sizeof box, 1, m_file) != 1) {
        throw io_error("cannot write the R-tree's boxes to a temporary file (disk full?)");
    }
    const auto& b = box.bounds;
    m_extent = m_count == 0 ? b
                            : std::array{std::min(m_extent[0], b[0]), std::max(m_extent[1], b[1]),
                                         std::min(m_extent[2], b[2]), std::max(m_extent[3], b[3])};
    ++m_count;
}

void rtree_box_file::clear() {
    std::fclose(m_file);
    m_file = std::tmpfile();
    if (!m_file) {
        throw io_error("cannot make a temporary file for the R-tree's boxes");
    }
    m_count = 0;
}

namespace {

// A box with its Hilbert distance, in the order the tree is packed: by distance, then id.
struct keyed_box {
    std::int64_t key;
    rtree_box box;
    bool operator<(const keyed_box& o) const {
        return key != o.key ? key < o.key : box.id < o.box.id;
    }
};

void read_exactly(std::FILE* file, void* into, std::size_t bytes) {
    if (bytes > 0 && std::fread(into, bytes, 1, file) != 1) {
        throw io_error("cannot read back the R-tree's boxes from their temporary file");
    }
}

// One sorted run of keyed boxes in the runs file, read a block at a time.
class run_reader {
public:
    run_reader(std::FILE* file, long offset, std::size_t count)
        : m_file(file), m_offset(offset), m_left(count) {}
    bool empty() const { return m_at == m_block.size() && m_left == 0; }
    const keyed_box& front() {
        if (m_at == m_block.size()) {
            refill();
        }
        return m_block[m_at];
    }
    void pop() { ++m_at; }

private:
    void refill() {
        const std::size_t n = std::min<std::size_t>(m_left, 4096);
        m_block.resize(n);
        if (std::fseek(m_file, m_offset, SEEK_SET) != 0) {
            throw io_error("cannot read back the R-tree's boxes from their temporary file");
        }
        read_exactly(m_file, m_block.data(), n * sizeof(keyed_box));
        m_offset += static_cast<long>(n * sizeof(keyed_box));
        m_left -= n;
        m_at = 0;
    }
    std::FILE* m_file;
    long m_offset;
    std::size_t m_left;
    std::vector<keyed_box> m_block;
    std::size_t m_at = 0;
};

} // namespace

std::int64_t rebuild_rtree(database& db, std::string_view rtree_name, rtree_box_file& boxes,
                           std::size_t run_boxes) {
    const std::string rtree(rtree_name);
    const int bytes = node_bytes(db, rtree);
    const auto& e = boxes.m_extent;
    const auto keyed = [&](const rtree_box& b) {
        return keyed_box{hilbert_index((double{b.bounds[0]} + b.bounds[1]) / 2,
                                       (double{b.bounds[2]} + b.bounds[3]) / 2, e[0], e[2], e[1],
                                       e[3]),
                         b};
    };
    // Sorted runs of run_boxes each, written one after the other into a second file.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> runs(std::tmpfile(), &std::fclose);
    if (!runs || std::fflush(boxes.m_file) != 0 || std::fseek(boxes.m_file, 0, SEEK_SET) != 0) {
        throw io_error("cannot sort the R-tree's boxes in temporary files");
    }
    std::vector<std::pair<long, std::size_t>> run_spans;
    std::vector<rtree_box> read(
        std::max<std::size_t>(1, std::min(static_cast<std::size_t>(boxes.m_count), run_boxes)));
    std::vector<keyed_box> sorted;
    for (std::int64_t done = 0; done < boxes.m_count;) {
        const auto n = static_cast<std::size_t>(
            std::min<std::int64_t>(boxes.m_count - done, static_cast<std::int64_t>(read.size())));
        read_exactly(boxes.m_file, read.data(), n * sizeof(rtree_box));
        sorted.clear();
        for (std::size_t i = 0; i < n; ++i) {
            sorted.push_back(keyed(read[i]));
        }
        std::sort(sorted.begin(), sorted.end());
        run_spans.emplace_back(std::ftell(runs.get()), n);
        if (std::fwrite(sorted.data(), sizeof(keyed_box), n, runs.get()) != n) {
            throw io_error("cannot write the R-tree's boxes to a temporary file (disk full?)");
        }
        done += static_cast<std::int64_t>(n);
    }
    read = {};
    sorted = {};
    std::fflush(runs.get());
    std::vector<run_reader> readers;
    for (const auto& [offset, count] : run_spans) {
        readers.emplace_back(runs.get(), offset, count);
    }
    savepoint all_or_nothing(db, "rebuild_rtree");
    empty_shadow_tables(db, rtree);
    rtree_packer packer(db, rtree, bytes, boxes.m_count);
    // Merging: a few runs (four for a million boxes), so a linear pick of the least is enough.
    for (;;) {
        run_reader* least = nullptr;
        for (auto& r : readers) {
            if (!r.empty() && (!least || r.front() < least->front())) {
                least = &r;
            }
        }
        if (!least) {
            break;
        }
        packer.add_box(least->front().box);
        least->pop();
    }
    packer.finish();
    all_or_nothing.release();
    return boxes.m_count;
}

std::int64_t rebuild_rtree(database& db, std::string_view rtree_name, std::string_view boxes_sql) {
    const std::string rtree(rtree_name);
    const int bytes = node_bytes(db, rtree);
    const std::string boxes = fmt::format("(SELECT id, min_x, max_x, min_y, max_y FROM ({}) "
                                          "WHERE min_x IS NOT NULL)",
                                          boxes_sql);
    auto extent = db.prepare(fmt::format(
        "SELECT count(*), min(min_x), min(min_y), max(max_x), max(max_y) FROM {}", boxes));
    extent.step();
    const std::int64_t count = extent.get_int(0);
    std::array<double, 4> bounds{};
    for (size_t i = 0; i < bounds.size(); ++i) {
        bounds[i] = count > 0 ? extent.get_double(static_cast<int>(i) + 1) : 0.0;
    }
    extent.reset();
    // All or nothing, inside a caller's transaction or not (then one transaction of its own,
    // not one per box).
    savepoint all_or_nothing(db, "rebuild_rtree");
    empty_shadow_tables(db, rtree);
    rtree_packer packer(db, rtree, bytes, count);
    if (count > 0) {
        auto sorted = db.prepare(
            fmt::format("SELECT id, min_x, max_x, min_y, max_y FROM {} ORDER BY "
                        "geo_hilbert_index((min_x + max_x) / 2, (min_y + max_y) / 2, ?, ?, ?, ?)",
                        boxes));
        for (size_t i = 0; i < bounds.size(); ++i) {
            sorted.bind(static_cast<int>(i) + 1, bounds[i]);
        }
        while (sorted.step()) {
            packer.add_box(sorted.get_int(0), sorted.get_double(1), sorted.get_double(2),
                           sorted.get_double(3), sorted.get_double(4));
        }
    }
    packer.finish();
    all_or_nothing.release();
    return count;
}

std::optional<std::array<double, 4>> rtree_bounds(database& db, std::string_view rtree) {
    auto root = db.prepare(fmt::format("SELECT data FROM {} WHERE nodeno = 1",
                                       quote_identifier(std::string(rtree) + "_node")));
    if (!root.step()) {
        return std::nullopt;
    }
    const auto node = root.get_blob_view(0);
    const std::size_t count = node.size() < 4 ? 0 : (std::size_t{node[2]} << 8) | node[3];
    if (count == 0 || node.size() < 4 + count * static_cast<std::size_t>(cell_bytes)) {
        return std::nullopt;
    }
    std::array<double, 4> out{}; // min_x, max_x, min_y, max_y
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned char* cell = node.data() + 4 + i * static_cast<std::size_t>(cell_bytes) + 8;
        for (int k = 0; k < 4; ++k) {
            const double v = get_float(cell + 4 * k);
            const bool low = k % 2 == 0;
            if (i == 0 || (low ? v < out[k] : v > out[k])) {
                out[k] = v;
            }
        }
    }
    return out;
}

void clear_rtree(database& db, std::string_view rtree) {
    rebuild_rtree(db, rtree,
                  "SELECT NULL AS id, NULL AS min_x, NULL AS max_x, NULL AS min_y, NULL AS max_y "
                  "WHERE 0");
}

} // namespace allseason::geo
