// The bulk-built R-tree (geo::rebuild_rtree) against SQLite's own: same entries, a tree
// rtreecheck() accepts, the same answers to window queries, and one that SQLite keeps
// maintaining afterwards.
#include "geo/sqlite.hpp"
#include "geo/sqlite_rtree.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <random>
#include <set>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

// `n` boxes in a table `boxes` (some far apart, some negative, some degenerate points), and
// two empty R-trees: `built` for rebuild_rtree and `inserted` filled by SQLite row by row.
geo::database make_boxes(const temp_dir& dir, int n, unsigned seed) {
    auto db = geo::database::open(dir / fmt::format("r{}.sqlite", n), geo::open_mode::create);
    db.exec("CREATE TABLE boxes (id INTEGER PRIMARY KEY, min_x REAL, max_x REAL, min_y REAL, "
            "max_y REAL)");
    db.exec("CREATE VIRTUAL TABLE built USING rtree(pkid, xmin, xmax, ymin, ymax)");
    db.exec("CREATE VIRTUAL TABLE inserted USING rtree(pkid, xmin, xmax, ymin, ymax)");
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> x(-20000.0, 900000.0);
    std::uniform_real_distribution<double> y(2100000.0, 2400000.0);
    std::uniform_real_distribution<double> size(0.0, 350.0);
    geo::transaction tx(db); // one commit, not one per box
    auto insert = db.prepare("INSERT INTO boxes VALUES (?, ?, ?, ?, ?)");
    for (int i = 0; i < n; ++i) {
        const double x0 = x(random);
        const double y0 = y(random);
        const double w = i % 7 == 0 ? 0.0 : size(random);
        // Ids not in the order of the boxes, with gaps.
        insert.bind(1, std::int64_t{3} * ((i * 7919) % std::max(n, 1)) + 10)
            .bind(2, x0)
            .bind(3, x0 + w)
            .bind(4, y0)
            .bind(5, y0 + size(random))
            .run();
    }
    tx.commit();
    return db;
}

const char* boxes_sql = "SELECT id, min_x, max_x, min_y, max_y FROM boxes";

std::int64_t count(geo::database& db, const std::string& sql) {
    return db.query_int(sql).value_or(-1);
}

} // namespace

TEST_CASE("a bulk-built R-tree holds what SQLite's inserts hold, and stays valid",
          "[geo][sqlite][rtree]") {
    // Sizes around one node (51 cells of 24 bytes in 1228-byte nodes), two levels and three.
    for (const int n : {0, 1, 50, 51, 52, 2601, 2602, 7000}) {
        CAPTURE(n);
        temp_dir dir;
        auto db = make_boxes(dir, n, static_cast<unsigned>(n) + 1);
        db.exec("INSERT INTO inserted SELECT * FROM boxes");
        CHECK(geo::rebuild_rtree(db, "built", boxes_sql) == n);

        CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
        CHECK(count(db, "SELECT count(*) FROM built") == n);
        // The same float-rounded bounds, entry for entry.
        CHECK(count(db, "SELECT count(*) FROM (SELECT * FROM built EXCEPT SELECT * FROM "
                        "inserted)") == 0);
        CHECK(count(db, "SELECT count(*) FROM (SELECT * FROM inserted EXCEPT SELECT * FROM "
                        "built)") == 0);
        // Window queries answer as a scan of the table does.
        for (const double x0 : {0.0, 250000.0, 600000.0}) {
            const std::string window =
                fmt::format("xmin <= {0} + 50000 AND xmax >= {0} AND ymin <= 2250000 AND "
                            "ymax >= 2200000",
                            x0);
            const std::string scan =
                fmt::format("min_x <= {0} + 50000 AND max_x >= {0} AND min_y <= 2250000 AND "
                            "max_y >= 2200000",
                            x0);
            CHECK(count(db, "SELECT count(*) FROM built WHERE " + window) ==
                  count(db, "SELECT count(*) FROM boxes WHERE " + scan));
        }
        // SQLite goes on maintaining the tree: deletes (nodes emptying) and inserts (splits).
        db.exec("DELETE FROM built WHERE pkid % 3 = 1 OR pkid < 400");
        db.exec("INSERT INTO built SELECT id + 1, min_x, max_x, min_y, max_y FROM boxes "
                "WHERE id % 2 = 0");
        CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
        CHECK(count(db, "SELECT count(*) FROM built") ==
              count(db, "SELECT count(*) FROM boxes WHERE NOT (id % 3 = 1 OR id < 400)") +
                  count(db, "SELECT count(*) FROM boxes WHERE id % 2 = 0"));
    }
}

TEST_CASE("rebuilding replaces what the R-tree held; boxes without bounds are left out",
          "[geo][sqlite][rtree]") {
    temp_dir dir;
    auto db = make_boxes(dir, 3000, 7);
    db.exec("INSERT INTO built SELECT * FROM boxes WHERE id % 2 = 0");
    db.exec("UPDATE boxes SET min_x = NULL WHERE id % 5 = 0");
    const auto expected = count(db, "SELECT count(*) FROM boxes WHERE min_x IS NOT NULL");
    geo::transaction tx(db);
    CHECK(geo::rebuild_rtree(db, "built", boxes_sql) == expected);
    tx.commit();
    CHECK(count(db, "SELECT count(*) FROM built") == expected);
    CHECK(count(db, "SELECT count(*) FROM built WHERE pkid % 5 = 0") == 0);
    CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
    CHECK_THROWS(geo::rebuild_rtree(db, "boxes", boxes_sql)); // not an R-tree
}

TEST_CASE("boxes kept in a file and sorted in runs build the tree SQLite's inserts answer "
          "alike",
          "[geo][sqlite][rtree]") {
    temp_dir dir;
    auto db = make_boxes(dir, 3000, 23);
    db.exec("INSERT INTO inserted SELECT * FROM boxes"); // SQLite's own R*-tree inserts
    geo::rtree_box_file file;
    auto rows = db.prepare(boxes_sql);
    while (rows.step()) {
        file.add(geo::make_rtree_box(rows.get_int(0), {rows.get_double(1), rows.get_double(2),
                                                       rows.get_double(3), rows.get_double(4)}));
    }
    REQUIRE(file.size() == 3000);
    for (const std::size_t run : {std::size_t{128}, std::size_t{1} << 18}) { // 24 runs, one
        CAPTURE(run);
        geo::transaction tx(db);
        CHECK(geo::rebuild_rtree(db, "built", file, run) == 3000);
        tx.commit();
        CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
        // Every box as SQLite stores it, and every window answered alike.
        CHECK(count(db, "SELECT count(*) FROM built b JOIN inserted i USING (pkid) WHERE "
                        "b.xmin = i.xmin AND b.xmax = i.xmax AND b.ymin = i.ymin AND "
                        "b.ymax = i.ymax") == 3000);
        for (int w = 0; w < 6; ++w) {
            const double x = -20000 + w * 150000.0, y = 2100000 + w * 50000.0;
            const auto window = fmt::format(
                "WHERE xmax >= {} AND xmin <= {} AND ymax >= {} AND ymin <= {}", x, x + 120000,
                y, y + 40000);
            CHECK(count(db, "SELECT count(*) FROM built " + window) ==
                  count(db, "SELECT count(*) FROM inserted " + window));
            CHECK(count(db, "SELECT count(*) FROM built " + window) > 0);
        }
    }
}

TEST_CASE("a cleared R-tree is empty, valid, and takes boxes again", "[geo][sqlite][rtree]") {
    temp_dir dir;
    auto db = make_boxes(dir, 3000, 11);
    db.exec("INSERT INTO built SELECT * FROM boxes");
    REQUIRE(count(db, "SELECT count(*) FROM built") == 3000);
    {
        geo::transaction tx(db);
        geo::clear_rtree(db, "built");
        CHECK(count(db, "SELECT count(*) FROM built") == 0);
        tx.commit();
    }
    CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
    db.exec("INSERT INTO built SELECT * FROM boxes WHERE id % 3 = 0");
    CHECK(db.query_text("SELECT rtreecheck('built')") == "ok");
    // A window query answers from the tree as a scan of the boxes does.
    CHECK(count(db, "SELECT count(*) FROM built WHERE xmax >= 100000 AND xmin <= 300000 AND "
                    "ymax >= 2200000 AND ymin <= 2300000") ==
          count(db, "SELECT count(*) FROM boxes WHERE id % 3 = 0 AND max_x >= 100000 AND "
                    "min_x <= 300000 AND max_y >= 2200000 AND min_y <= 2300000"));
}

TEST_CASE("the Hilbert index visits the quadrants in curve order", "[geo][rtree]") {
    // Order 1 of the curve: lower left, upper left, upper right, lower right.
    const auto at = [](double x, double y) { return geo::hilbert_index(x, y, 0, 0, 100, 100); };
    CHECK(at(10, 10) < at(10, 90));
    CHECK(at(10, 90) < at(90, 90));
    CHECK(at(90, 90) < at(90, 10));
    CHECK(at(0, 0) == 0);
    CHECK(at(-50, -50) == 0); // clamped
    // The first four cells of the curve are the lowest 2 × 2 block, in some order.
    const double cell = 100.0 / 65536;
    std::set<std::int64_t> block;
    for (const double x : {cell * 0.5, cell * 1.5}) {
        for (const double y : {cell * 0.5, cell * 1.5}) {
            block.insert(at(x, y));
        }
    }
    CHECK(block == std::set<std::int64_t>{0, 1, 2, 3});
}

TEST_CASE("the bounds of an R-tree read from its root equal those of its entries",
          "[geo][sqlite][rtree]") {
    // One level, two and three; built in one pass and by SQLite's own inserts.
    for (const int n : {0, 1, 51, 2602, 7000}) {
        CAPTURE(n);
        temp_dir dir;
        auto db = make_boxes(dir, n, static_cast<unsigned>(n) + 3);
        db.exec("INSERT INTO inserted SELECT * FROM boxes");
        geo::rebuild_rtree(db, "built", boxes_sql);
        for (const char* tree : {"built", "inserted"}) {
            CAPTURE(tree);
            const auto bounds = geo::rtree_bounds(db, tree);
            if (n == 0) {
                CHECK_FALSE(bounds);
                continue;
            }
            REQUIRE(bounds);
            // The entries' own float-rounded bounds, by a scan of the tree.
            auto scan = db.prepare(fmt::format(
                "SELECT min(xmin), max(xmax), min(ymin), max(ymax) FROM {}", tree));
            REQUIRE(scan.step());
            for (int k = 0; k < 4; ++k) {
                CHECK((*bounds)[static_cast<std::size_t>(k)] == scan.get_double(k));
            }
        }
    }
}
