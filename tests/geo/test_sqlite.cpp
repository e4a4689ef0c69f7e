#include "geo/errors.hpp"
#include "geo/sqlite.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

geo::database make_table(const temp_dir& dir) {
    auto db = geo::database::open(dir / "t.sqlite", geo::open_mode::create);
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, depth REAL, "
            "kind TEXT CHECK (kind IN ('ford', 'bridge')))");
    return db;
}

} // namespace

TEST_CASE("statements bind and read every type", "[geo][sqlite]") {
    temp_dir dir;
    auto db = make_table(dir);
    auto insert = db.prepare("INSERT INTO t (name, depth, kind) VALUES (?, ?, ?)");
    insert.bind(1, "Ngầm Nà Trắng").bind(2, 0.8).bind(3, "ford").run();
    insert.bind(1, "Cầu Đồng Khao").bind_null(2).bind(3, "bridge").run();

    auto select = db.prepare("SELECT name, depth, kind FROM t ORDER BY id");
    REQUIRE(select.step());
    CHECK(select.get_text(0) == "Ngầm Nà Trắng");
    CHECK(select.get_double(1) == Approx(0.8));
    REQUIRE(select.step());
    CHECK(select.get_optional_double(1) == std::nullopt);
    CHECK_FALSE(select.step());
    CHECK(db.query_int("SELECT count(*) FROM t") == 2);
}

TEST_CASE("a CHECK violation is a data_error that names the constraint", "[geo][sqlite]") {
    temp_dir dir;
    auto db = make_table(dir);
    auto insert = db.prepare("INSERT INTO t (name, kind) VALUES (?, ?)");
    insert.bind(1, "x").bind(2, "tunnel");
    CHECK_THROWS_AS(insert.run(), data_error);
    CHECK_THROWS_WITH(db.exec("INSERT INTO t (name, kind) VALUES ('x', 'tunnel')"),
                      Catch::Contains("CHECK constraint failed"));
}

TEST_CASE("a transaction guard rolls back unless committed", "[geo][sqlite]") {
    temp_dir dir;
    auto db = make_table(dir);
    db.exec("INSERT INTO t (name) VALUES ('kept')");
    try {
        geo::transaction tx(db);
        db.exec("INSERT INTO t (name) VALUES ('lost')");
        db.exec("DELETE FROM t WHERE name = 'kept'");
        throw std::runtime_error("failure in the middle of an import");
    } catch (const std::runtime_error&) {
    }
    CHECK(db.query_text("SELECT group_concat(name) FROM t") == "kept");
    {
        geo::transaction tx(db);
        db.exec("INSERT INTO t (name) VALUES ('committed')");
        tx.commit();
    }
    CHECK(db.query_int("SELECT count(*) FROM t") == 2);
}

TEST_CASE("opening a missing or non-SQLite file fails with the file's name", "[geo][sqlite]") {
    temp_dir dir;
    CHECK_THROWS_WITH(geo::database::open(dir / "missing.sqlite", geo::open_mode::read_only),
                      Catch::Contains("missing.sqlite") && Catch::Contains("no such file"));
    test::write_file(dir / "text.sqlite", "this is not a database, just some planner's notes\n");
    CHECK_THROWS_WITH(geo::database::open(dir / "text.sqlite", geo::open_mode::read_write),
                      Catch::Contains("text.sqlite") && Catch::Contains("not a SQLite"));
}

TEST_CASE("SpatiaLite is loaded on every connection", "[geo][sqlite]") {
    temp_dir dir;
    auto db = geo::database::open(dir / "s.sqlite", geo::open_mode::create);
    CHECK(db.query_text("SELECT AsText(GeomFromText('POINT(1 2)', 0))") == "POINT(1 2)");
}

TEST_CASE("identifiers from users are quoted", "[geo][sqlite]") {
    CHECK(geo::quote_identifier("tên") == "\"tên\"");
    CHECK(geo::quote_identifier("a\"; DROP TABLE t; --") == "\"a\"\"; DROP TABLE t; --\"");
}
