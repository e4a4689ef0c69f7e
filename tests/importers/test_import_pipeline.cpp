// The import's two threads (issue 12, item 5): reading on one thread and writing on the other
// give the very project a one-thread import gives, and an error on either side, in the middle
// of a large source, stops both, names the row and leaves the project as it was.
#include "geo/errors.hpp"
#include "geo/sqlite.hpp"
#include "importers/import.hpp"
#include "importers/import_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

constexpr int large = 20000;

// `n` road segments on a grid, three per road, Vietnamese names and words; row `bad_row`
// (1-based, 0: none) gets `bad_class` as its class. Multi-lines every 97th row (split into
// two stored rows each), so stored fids and source rows differ.
std::filesystem::path write_roads(const temp_dir& dir, const std::string& name, int n,
                                  int bad_row = 0, const std::string& bad_class = {}) {
    source_spec spec{
        "GPKG", "duong", wkbUnknown, "EPSG:3405", {{"ma"}, {"ten"}, {"cap"}, {"mat"}, {"rong", 2}},
        {}};
    const char* classes[] = {"đường trục xã", "trục thôn", "liên xã", "ngõ xóm", "nội đồng"};
    const char* surfaces[] = {"Bê tông", "nhựa", "cấp phối", "đất"};
    for (int i = 0; i < n; ++i) {
        const double x = 500000.0 + 100.0 * (i % 500);
        const double y = 2200000.0 + 100.0 * (i / 500);
        std::string wkt =
            i % 97 == 5
                ? fmt::format("MULTILINESTRING(({0} {1},{2} {1}),({0} {3},{2} {3}))", x, y, x + 60,
                              y + 30)
                : fmt::format("LINESTRING({} {},{} {},{} {})", x, y, x + 50, y + 7.5, x + 100, y);
        const std::string road_class = i + 1 == bad_row ? bad_class : classes[i % 5];
        spec.rows.push_back(
            {std::move(wkt),
             {"R" + std::to_string(i / 3), "Đường thôn Nà Trắng " + std::to_string(i), road_class,
              std::string(surfaces[i % 4]), 3.0 + i % 3}});
    }
    const auto path = dir / name;
    write_source(path, spec);
    return path;
}

importers::import_options roads_options(const std::filesystem::path& project,
                                        const std::filesystem::path& source, bool pipelined) {
    auto o = options(project, "roads", source);
    o.pipelined = pipelined;
    return o;
}

// The roads layer, every column and the geometry's bytes, in fid order.
std::vector<std::string> roads_rows(const std::filesystem::path& project) {
    return query(project, "SELECT *, hex(geom) FROM roads ORDER BY fid");
}

std::string rtree_check(const std::filesystem::path& project) {
    return query_one(project, "SELECT rtreecheck('idx_roads_geom')");
}

} // namespace

TEST_CASE("two threads import exactly what one thread imports", "[importers][pipeline]") {
    temp_dir dir;
    const auto source = write_roads(dir, "duong.gpkg", large);
    const auto one = make_project(dir, "EPSG:3405", "one.sqlite");
    const auto two = make_project(dir, "EPSG:3405", "two.sqlite");

    const auto s1 = importers::import_layer(roads_options(one, source, false));
    const auto s2 = importers::import_layer(roads_options(two, source, true));
    CHECK(s1.rows_read == large);
    CHECK(s2.rows_read == large);
    const std::int64_t multi = (large - 5 + 96) / 97; // rows with i % 97 == 5
    CHECK(s2.imported == large + multi);
    CHECK(s1.imported == s2.imported);
    CHECK(roads_rows(one) == roads_rows(two)); // every row and geometry, byte for byte
    CHECK(query(one, "SELECT * FROM idx_roads_geom ORDER BY pkid") ==
          query(two, "SELECT * FROM idx_roads_geom ORDER BY pkid"));
    CHECK(rtree_check(two) == "ok");
    // The index, built from the boxes kept while writing, holds each row's SpatiaLite MBR
    // rounded outwards to 32-bit floats (at most 1/16 m here), and nothing else.
    CHECK(query_one(two, "SELECT count(*) FROM idx_roads_geom") ==
          query_one(two, "SELECT count(*) FROM roads WHERE geom IS NOT NULL"));
    CHECK(query_one(two, "SELECT count(*) FROM roads r JOIN idx_roads_geom i ON i.pkid = r.fid "
                         "WHERE i.xmin > MbrMinX(r.geom) OR i.xmax < MbrMaxX(r.geom) OR "
                         "i.ymin > MbrMinY(r.geom) OR i.ymax < MbrMaxY(r.geom) OR "
                         "MbrMinX(r.geom) - i.xmin > 0.0625 OR i.xmax - MbrMaxX(r.geom) > 0.0625 "
                         "OR MbrMinY(r.geom) - i.ymin > 0.25 OR i.ymax - MbrMaxY(r.geom) > 0.25") ==
          "0");

    // Appending the file again (codes repeat in roads) doubles the layer, both ways alike.
    auto again1 = roads_options(one, source, false);
    auto again2 = roads_options(two, source, true);
    again1.append = again2.append = true;
    importers::import_layer(again1);
    importers::import_layer(again2);
    CHECK(roads_rows(one) == roads_rows(two));
    CHECK(query_one(two, "SELECT count(*) FROM roads") == std::to_string(2 * (large + multi)));
    CHECK(query_one(two, "SELECT count(*) FROM idx_roads_geom") ==
          std::to_string(2 * (large + multi)));
    CHECK(rtree_check(two) == "ok");
}

TEST_CASE("a bad row in the middle of a large source names the row and changes nothing",
          "[importers][pipeline][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    importers::import_layer(roads_options(project, write_roads(dir, "cu.gpkg", 300), true));
    const std::string before = dump_layers(project);
    const std::string log_before = query_one(project, "SELECT count(*) FROM import_log");

    const int bad_row = 12345;
    const auto source = write_roads(dir, "duong_loi.gpkg", large, bad_row, "đường bay");
    for (const bool append : {false, true}) {
        for (const bool pipelined : {true, false}) {
            CAPTURE(append, pipelined);
            auto o = roads_options(project, source, pipelined);
            o.append = append;
            try {
                importers::import_layer(o);
                FAIL("the import should have failed");
            } catch (const data_error& e) {
                const std::string message = e.what();
                CHECK_THAT(message, Contains(fmt::format("duong_loi.gpkg row {}", bad_row)) &&
                                        Contains("đường bay") &&
                                        Contains("nothing was imported: roads is unchanged"));
            }
            CHECK(dump_layers(project) == before);
            CHECK(rtree_check(project) == "ok");
        }
    }
    // Each failed attempt is logged; nothing else changed.
    CHECK(query_one(project, "SELECT count(*) FROM import_log") ==
          std::to_string(std::stoi(log_before) + 4));
}

TEST_CASE("a write that fails in the middle stops the reader and rolls everything back",
          "[importers][pipeline][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    importers::import_layer(roads_options(project, write_roads(dir, "cu.gpkg", 300), true));
    const std::string before = dump_layers(project);
    {
        // A rule of the planner's own that the 15,001st segment breaks (SQLite refuses it).
        auto db = geo::database::open(project, geo::open_mode::read_write);
        db.exec("CREATE UNIQUE INDEX one_name ON roads (name) WHERE name LIKE 'Ngõ %'");
    }
    // Names repeat from row 15,001 on: the writer fails with the reader far from done.
    source_spec spec{
        "GPKG", "duong", wkbLineString, "EPSG:3405", {{"ma"}, {"ten"}, {"cap"}, {"mat"}}, {}};
    for (int i = 0; i < large; ++i) {
        const double x = 500000.0 + 100.0 * (i % 500);
        const double y = 2200000.0 + 100.0 * (i / 500);
        spec.rows.push_back({fmt::format("LINESTRING({} {},{} {})", x, y, x + 100, y),
                             {"R" + std::to_string(i), "Ngõ " + std::to_string(i % 15000),
                              std::string("ngõ xóm"), std::string("đất")}});
    }
    write_source(dir / "ngo.gpkg", spec);
    auto o = roads_options(project, dir / "ngo.gpkg", true);
    o.append = true;
    CHECK_THROWS_WITH(importers::import_layer(o), Contains("UNIQUE") && Contains("roads.name"));
    CHECK(dump_layers(project) == before);
    CHECK(query_one(project, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                             "tbl_name = 'roads'") != "0"); // SpatiaLite's triggers are back
    CHECK(rtree_check(project) == "ok");
}
