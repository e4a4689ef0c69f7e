// The rules every import follows: one transaction, replace or append, unique codes, the
// project's CRS, geometry shapes.
#include "geo/errors.hpp"
#include "importers/import.hpp"
#include "importers/import_fixture.hpp"

#include <catch2/catch.hpp>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

source_spec villages_spec(const std::vector<source_row>& rows) {
    return {"GPKG", "thon", wkbPolygon, "EPSG:3405", {{"code"}, {"name"}, {"households"}},
            rows}; // text: a survey may hold "mười"
}

source_row village(const std::string& code, const std::string& name, std::int64_t households,
                   double x) {
    const std::string a = std::to_string(x);
    const std::string b = std::to_string(x + 500);
    return {"POLYGON((" + a + " 2330000," + b + " 2330000," + b + " 2330500," + a + " 2330500," +
                a + " 2330000))",
            {code, name, households}};
}

source_spec fords_spec(const std::vector<std::pair<std::string, double>>& codes_x) {
    source_spec spec{
        "GeoJSON", "ngam", wkbPoint, "EPSG:3405", {{"code"}, {"name"}, {"flood_depth_m", 2}}, {}};
    for (const auto& [code, x] : codes_x) {
        spec.rows.push_back(
            {"POINT(" + std::to_string(x) + " 2330000)", {code, "Ngầm " + code, 0.5}});
    }
    return spec;
}

} // namespace

TEST_CASE("a failed import leaves every layer exactly as it was", "[importers][atomic]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto good = dir / "thon.gpkg";
    write_source(good, villages_spec({village("NT", "Nà Trắng", 124, 600000),
                                      village("KN", "Khuổi Nặm", 58, 601000)}));
    importers::import_layer(options(project, "villages", good));
    const auto fords = dir / "ngam.geojson";
    write_source(fords, fords_spec({{"F01", 600100}, {"F02", 600900}}));
    importers::import_layer(options(project, "fords", fords));
    const std::string before = dump_layers(project);
    const std::string log_before = query_one(project, "SELECT count(*) FROM import_log");

    // 300 good rows, then a bad last one: nothing may stay behind, in replace or append mode.
    std::vector<source_row> rows;
    for (int i = 0; i < 300; ++i) {
        rows.push_back(village("V" + std::to_string(i), "Thôn số " + std::to_string(i), 10,
                               602000 + 600.0 * i));
    }
    rows.push_back(village("BAD", "Thôn Cuối", 0, 800000));
    rows.back().cells[2] = std::string("mười");
    const auto bad = dir / "thon_loi.gpkg";
    write_source(bad, villages_spec(rows));
    for (bool append : {false, true}) {
        auto o = options(project, "villages", bad);
        o.append = append;
        CHECK_THROWS_WITH(importers::import_layer(o),
                          Contains("thon_loi.gpkg row 301") && Contains("\"mười\""));
        CHECK(dump_layers(project) == before);
    }
    // The failed attempts are logged, after the rollback.
    CHECK(std::stoi(query_one(project, "SELECT count(*) FROM import_log")) ==
          std::stoi(log_before) + 2);
    CHECK_THAT(query_one(project, "SELECT status || ': ' || message FROM import_log "
                                  "ORDER BY id DESC LIMIT 1"),
               Contains("failed: thon_loi.gpkg row 301"));
}

TEST_CASE("a failed first import leaves a project without CRS without one", "[importers][atomic]") {
    temp_dir dir;
    const auto project = make_project(dir, "");
    const std::string before = dump_layers(project);
    const auto bad = dir / "thon.gpkg";
    write_source(bad, villages_spec({village("NT", "Nà Trắng", -3, 600000)}));
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", bad)),
                      Contains("is -3 — must be 0 or more"));
    CHECK(dump_layers(project) == before);
    CHECK(query_one(project, "SELECT value FROM allseason_metadata WHERE key = 'crs'").empty());
}

TEST_CASE("import replaces a layer by default and adds to it with --append",
          "[importers][append]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto first = dir / "ngam1.geojson";
    const auto second = dir / "ngam2.geojson";
    write_source(first, fords_spec({{"F01", 600000}, {"F02", 600100}}));
    write_source(second, fords_spec({{"F03", 600200}}));
    importers::import_layer(options(project, "fords", first));
    importers::import_layer(options(project, "fords", second));
    CHECK(query(project, "SELECT code FROM fords") == std::vector<std::string>{"F03"});

    importers::import_layer(options(project, "fords", first));
    auto o = options(project, "fords", second);
    o.append = true;
    const auto summary = importers::import_layer(o);
    CHECK(summary.append);
    CHECK(query(project, "SELECT code FROM fords ORDER BY fid") ==
          std::vector<std::string>{"F01", "F02", "F03"});
    CHECK(query(project, "SELECT mode, status FROM import_log ORDER BY id") ==
          std::vector<std::string>{"replace|ok", "replace|ok", "replace|ok", "append|ok"});
}

TEST_CASE("duplicate codes are refused where codes are unique, allowed in roads",
          "[importers][codes]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto dup = dir / "ngam_trung.geojson";
    write_source(dup, fords_spec({{"F01", 600000}, {"F02", 600100}, {"F01", 600200}}));
    CHECK_THROWS_WITH(importers::import_layer(options(project, "fords", dup)),
                      Contains("ngam_trung.geojson row 3") &&
                          Contains("code \"F01\" is already used by row 1"));

    const auto first = dir / "ngam.geojson";
    write_source(first, fords_spec({{"F01", 600000}}));
    importers::import_layer(options(project, "fords", first));
    auto again = options(project, "fords", first);
    again.append = true;
    CHECK_THROWS_WITH(importers::import_layer(again),
                      Contains("code \"F01\" is already in the project's fords"));
    CHECK(query_one(project, "SELECT count(*) FROM fords") == "1");

    const auto roads = dir / "duong.gpkg";
    write_source(roads,
                 {"GPKG",
                  "duong",
                  wkbLineString,
                  "EPSG:3405",
                  {{"code"}, {"class"}, {"surface"}},
                  {{"LINESTRING(600000 2330000,600100 2330000)", {"R01", "liên xã", "nhựa"}},
                   {"LINESTRING(600100 2330000,600200 2330000)", {"R01", "liên xã", "cấp phối"}}}});
    importers::import_layer(options(project, "roads", roads));
    CHECK(query(project, "SELECT code, surface FROM roads ORDER BY fid") ==
          std::vector<std::string>{"R01|asphalt", "R01|gravel"});
}

TEST_CASE("a geographic first import gives the project the UTM zone of the data",
          "[importers][crs]") {
    temp_dir dir;
    const auto project = make_project(dir, "");
    const auto source = dir / "ngam.geojson";
    write_source(source, {"GeoJSON",
                          "ngam",
                          wkbPoint,
                          "EPSG:4326",
                          {{"code"}, {"name"}, {"flood_depth_m", 2}},
                          {{"POINT(106.05 21.12)", {"F01", "Ngầm Nà Trắng", 0.4}},
                           {"POINT(106.25 21.30)", {"F02", "Ngầm Khuổi Nặm", 0.2}}}});
    const auto summary = importers::import_layer(options(project, "fords", source));
    CHECK_THAT(summary.crs_note, Contains("EPSG:32648") && Contains("UTM zone 48N"));
    CHECK(query_one(project, "SELECT value FROM allseason_metadata WHERE key = 'crs'") ==
          "EPSG:32648");
    const auto [x, y] = gdal_transform("EPSG:4326", "EPSG:32648", 106.05, 21.12);
    CHECK(std::stod(query_one(project, "SELECT X(geom) FROM fords WHERE code = 'F01'")) ==
          Approx(x).margin(0.001));
    CHECK(std::stod(query_one(project, "SELECT Y(geom) FROM fords WHERE code = 'F01'")) ==
          Approx(y).margin(0.001));
}

TEST_CASE("a --source-crs supplies VN2000 province zones and warns on flipped rotations",
          "[importers][crs]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam.geojson";
    // Written in EPSG:3405, then declared to be in Bắc Ninh's TM-3 zone (the override wins).
    write_source(source, fords_spec({{"F01", 530000}}));
    auto o = options(project, "fords", source);
    o.source_crs = "VN2000:bac-ninh";
    auto summary = importers::import_layer(o);
    const auto [x, y] = gdal_transform("EPSG:9209", "EPSG:3405", 530000, 2330000);
    CHECK(std::stod(query_one(project, "SELECT X(geom) FROM fords")) == Approx(x).margin(0.001));
    CHECK(std::stod(query_one(project, "SELECT Y(geom) FROM fords")) == Approx(y).margin(0.001));

    o.source_crs = "+proj=tmerc +lat_0=0 +lon_0=105.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
                   "+towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,"
                   "-0.00427372,0.252906278 +units=m +no_defs";
    summary = importers::import_layer(o);
    bool warned = false;
    for (const auto& w : summary.warnings) {
        warned = warned || w.find("flipped") != std::string::npos;
    }
    CHECK(warned);
}

TEST_CASE("a file whose CRS carries flipped VN-2000 rotations is imported with a warning",
          "[importers][crs]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam_vn2000.gpkg";
    // The Coordinate Frame signs in a Position Vector +towgs84, as many Vietnamese files have.
    const std::string flipped =
        "+proj=utm +zone=48 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,"
        "-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs";
    write_source(source, {"GPKG",
                          "ngam",
                          wkbPoint,
                          flipped,
                          {{"code"}, {"name"}, {"flood_depth_m", 2}},
                          {{"POINT(600000 2330000)", {"F01", "Ngầm Nà Trắng", 0.5}}}});
    const auto summary = importers::import_layer(options(project, "fords", source));
    CHECK(summary.imported == 1);
    bool warned = false;
    for (const auto& w : summary.warnings) {
        warned = warned || (w.find("ngam_vn2000.gpkg") != std::string::npos &&
                            w.find("flipped") != std::string::npos);
    }
    CHECK(warned);
}

TEST_CASE("Z and M are dropped, polygons stored as MultiPolygon", "[importers][geometry]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto roads = dir / "duong_3d.gpkg";
    write_source(roads, {"GPKG",
                         "duong",
                         static_cast<int>(wkbLineString25D),
                         "EPSG:3405",
                         {{"code"}, {"class"}, {"surface"}},
                         {{"LINESTRING Z (600000 2330000 12.5,600100 2330000 13.0)",
                           {"R01", "trục xã", "BTXM"}}}});
    importers::import_layer(options(project, "roads", roads));
    CHECK(query_one(project, "SELECT CoordDimension(geom), AsText(geom) FROM roads") ==
          "XY|LINESTRING(600000 2330000, 600100 2330000)");

    const auto zones = dir / "vung.geojson";
    write_source(zones, {"GeoJSON",
                         "vung",
                         wkbPolygon,
                         "EPSG:3405",
                         {{"zone"}, {"name"}},
                         {{"POLYGON((600000 2330000,600100 2330000,600100 2330100,600000 "
                           "2330000))",
                           {"vùng lõi", "Khu bảo tồn Tây Yên Tử"}}}});
    importers::import_layer(options(project, "reserve_zones", zones));
    CHECK(query_one(project, "SELECT zone, GeometryType(geom), NumGeometries(geom) FROM "
                             "reserve_zones") == "core|MULTIPOLYGON|1");
}

TEST_CASE("progress is reported while reading", "[importers][progress]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam.gpkg";
    source_spec spec{
        "GPKG", "ngam", wkbPoint, "EPSG:3405", {{"code"}, {"name"}, {"flood_depth_m", 2}}, {}};
    for (int i = 0; i < 10000; ++i) {
        spec.rows.push_back({"POINT(" + std::to_string(600000 + i) + " 2330000)",
                             {"F" + std::to_string(i), "Ngầm", 0.1}});
    }
    write_source(source, spec);
    auto o = options(project, "fords", source);
    std::vector<std::int64_t> seen;
    o.progress = [&](std::int64_t read, std::int64_t total) {
        seen.push_back(read);
        CHECK(total == 10000);
    };
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 10000);
    REQUIRE(seen.size() >= 2);
    CHECK(seen.back() == 10000);
    CHECK(std::is_sorted(seen.begin(), seen.end()));
}

TEST_CASE("an empty source empties the layer, with a warning", "[importers][append]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto full = dir / "ngam.geojson";
    write_source(full, fords_spec({{"F01", 600000}}));
    importers::import_layer(options(project, "fords", full));
    const auto empty = dir / "ngam_rong.gpkg";
    write_source(empty, {"GPKG", "ngam", wkbPoint, "EPSG:3405",
                         {{"code"}, {"name"}, {"flood_depth_m", 2}}, {}});
    const auto summary = importers::import_layer(options(project, "fords", empty));
    CHECK(summary.rows_read == 0);
    REQUIRE(summary.warnings.size() == 1);
    CHECK(summary.warnings[0] == "ngam_rong.gpkg: no feature was imported; fords is now empty");
    CHECK(query_one(project, "SELECT count(*) FROM fords") == "0");
}
