// The bad-input suite (issue 3, item 8): each case with the message a planner gets.
#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/geos.hpp"
#include "importers/import.hpp"
#include "importers/import_fixture.hpp"

#include <catch2/catch.hpp>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

source_spec villages_geojson(std::vector<source_row> rows) {
    return {"GeoJSON",      "thon", wkbPolygon, "EPSG:3405", {{"code"}, {"name"}, {"households"}},
            std::move(rows)};
}

std::string square(double x, double y) {
    const std::string a = std::to_string(x);
    const std::string b = std::to_string(x + 100);
    const std::string c = std::to_string(y);
    const std::string d = std::to_string(y + 100);
    return "POLYGON((" + a + " " + c + "," + b + " " + c + "," + b + " " + d + "," + a + " " + d +
           "," + a + " " + c + "))";
}

} // namespace

TEST_CASE("bad input: missing, empty, truncated and non-geodata files", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");

    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", dir / "khong_co.gpkg")),
                      Contains("khong_co.gpkg") && Contains("no such file"));

    write_file(dir / "rong.geojson", "");
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", dir / "rong.geojson")),
                      Contains("rong.geojson") && Contains("empty (0 bytes)"));

    write_file(dir / "ghi_chu.gpkg", "Danh sách thôn: Nà Trắng, Khuổi Nặm\n");
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", dir / "ghi_chu.gpkg")),
                      Contains("ghi_chu.gpkg") && Contains("not a vector data file"));

    // A GeoPackage cut off in the middle of its pages, as a failed copy leaves it.
    source_spec big = villages_geojson({});
    big.driver = "GPKG";
    for (int i = 0; i < 3000; ++i) {
        big.rows.push_back({square(600000 + 200.0 * i, 2330000),
                            {"V" + std::to_string(i), "Thôn số " + std::to_string(i), "10"}});
    }
    write_source(dir / "cut.gpkg", big);
    const std::string whole = read_file(dir / "cut.gpkg");
    write_file(dir / "cut.gpkg", whole.substr(0, whole.size() / 3));
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", dir / "cut.gpkg")),
                      Contains("cut.gpkg"));
    CHECK(query_one(project, "SELECT count(*) FROM villages") == "0");
}

TEST_CASE("bad input: unknown layer and unknown --field target are usage errors",
          "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon.geojson";
    write_source(source, villages_geojson({{square(600000, 2330000), {"NT", "Nà Trắng", "5"}}}));

    CHECK_THROWS_AS(importers::import_layer(options(project, "cong", source)), usage_error);
    CHECK_THROWS_WITH(importers::import_layer(options(project, "cong", source)),
                      "unknown layer \"cong\"; the layers are: villages, roads, fords, bridges, "
                      "facilities, households, forest_parcels, reserve_zones, hazard_zones, "
                      "waterways, boundary, projects");

    auto o = options(project, "villages", source);
    o.fields = {{"so_ho", "households"}};
    CHECK_THROWS_AS(importers::import_layer(o), usage_error);
    CHECK_THROWS_WITH(importers::import_layer(o),
                      StartsWith("--field so_ho=households: \"so_ho\" is not a field of villages; "
                                 "its fields are: code, name, households"));

    o.fields = {{"households", "so_ho"}};
    CHECK_THROWS_WITH(importers::import_layer(o),
                      Contains("thon.geojson has no field \"so_ho\"") &&
                          Contains("its fields are: code, name, households"));
}

TEST_CASE("bad input: negative households, text in a number field, unknown vocabulary",
          "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");

    const auto negative = dir / "villages.geojson";
    write_source(negative,
                 villages_geojson({{square(600000, 2330000), {"NT", "Nà Trắng", "12"}},
                                   {square(600200, 2330000), {"KN", "Khuổi Nặm", "-4"}}}));
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", negative)),
                      StartsWith("villages.geojson row 2 (feature id 1): field \"households\" is "
                                 "-4 — must be 0 or more"));

    const auto text = dir / "thon_chu.geojson";
    write_source(text, villages_geojson({{square(600000, 2330000), {"NT", "Nà Trắng", "12"}},
                                         {square(600200, 2330000), {"KN", "Khuổi Nặm", "mười"}}}));
    CHECK_THROWS_WITH(importers::import_layer(options(project, "villages", text)),
                      StartsWith("thon_chu.geojson row 2 (feature id 1): field \"households\" is "
                                 "\"mười\" — expected a whole number"));

    const auto roads = dir / "duong.gpkg";
    write_source(roads,
                 {"GPKG",
                  "duong",
                  wkbLineString,
                  "EPSG:3405",
                  {{"ma"}, {"cap"}, {"mat_duong"}},
                  {{"LINESTRING(600000 2330000,600100 2330000)", {"R1", "liên xã", "nhựa"}},
                   {"LINESTRING(600100 2330000,600200 2330000)", {"R2", "liên xã", "gỗ lim"}}}});
    try {
        importers::import_layer(options(project, "roads", roads));
        FAIL("an unknown surface was accepted");
    } catch (const data_error& e) {
        const std::string message = e.what();
        CHECK_THAT(message, StartsWith("duong.gpkg row 2: field \"mat_duong\" (surface) is "
                                       "\"gỗ lim\" — not a known roads surface; accepted values: "
                                       "asphalt (nhựa"));
        CHECK_THAT(message, Contains("concrete (bê tông") && Contains("gravel (cấp phối") &&
                                Contains("earth (đất"));
    }
}

TEST_CASE("bad input: a source without CRS, a .prj that does not match", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");

    const auto no_crs = dir / "ngam.shp";
    write_source(no_crs, {"ESRI Shapefile",
                          "ngam",
                          wkbPoint,
                          "",
                          {{"code"}, {"name"}, {"do_sau", 2}},
                          {{"POINT(600000 2330000)", {"F1", "Ngầm Nà Trắng", 0.5}}}});
    REQUIRE_FALSE(std::filesystem::exists(dir / "ngam.prj"));
    CHECK_THROWS_AS(importers::import_layer(options(project, "fords", no_crs)), crs_error);
    CHECK_THROWS_WITH(importers::import_layer(options(project, "fords", no_crs)),
                      StartsWith("ngam.shp: the file does not say its coordinate reference "
                                 "system") &&
                          Contains("--source-crs"));

    // A .prj claiming WGS 84 over VN-2000 / UTM metres, as a wrong copy of a .prj leaves it.
    const auto wrong = dir / "ngam_sai.shp";
    write_source(wrong, {"ESRI Shapefile",
                         "ngam_sai",
                         wkbPoint,
                         "EPSG:4326",
                         {{"code"}, {"name"}, {"do_sau", 2}},
                         {{"POINT(600000 2330000)", {"F1", "Ngầm Nà Trắng", 0.5}}}});
    CHECK_THROWS_WITH(importers::import_layer(options(project, "fords", wrong)),
                      StartsWith("ngam_sai.shp row 1 (feature id 0): coordinate (600000, "
                                 "2330000) is not longitude/latitude in degrees") &&
                          Contains("WGS 84") && Contains("--source-crs"));
    auto fixed = options(project, "fords", wrong);
    fixed.source_crs = "EPSG:3405";
    const auto summary = importers::import_layer(fixed);
    CHECK(summary.imported == 1);
    CHECK_THAT(summary.warnings.at(0), Contains("overrides the file's own CRS"));
}

TEST_CASE("bad input: a projected .prj over longitude/latitude degrees", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam_do.shp";
    write_source(source, {"ESRI Shapefile",
                          "ngam_do",
                          wkbPoint,
                          "EPSG:3405",
                          {{"code"}, {"name"}, {"do_sau", 2}},
                          {{"POINT(106.05 21.12)", {"F1", "Ngầm Nà Trắng", 0.5}},
                           {"POINT(106.06 21.13)", {"F2", "Ngầm Khuổi Nặm", 0.3}}}});
    CHECK_THROWS_WITH(importers::import_layer(options(project, "fords", source)),
                      StartsWith("ngam_do.shp: every coordinate looks like longitude/latitude "
                                 "degrees (106.0500, 21.1200 … 106.0600, 21.1300) but the source "
                                 "CRS, VN-2000 / UTM zone 48N, is projected") &&
                          Contains("--source-crs EPSG:4326"));
    CHECK(query_one(project, "SELECT count(*) FROM fords") == "0");
}

TEST_CASE("bad input: a file of several layers needs --source-layer", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ban_do.gpkg";
    {
        auto ds = geo::vector_dataset::create("GPKG", source);
        for (const char* name : {"ngam_a", "ngam_b"}) {
            auto layer = ds.create_layer(name, wkbPoint, "EPSG:3405");
            layer.create_field({"code", geo::field_kind::text});
            auto f = layer.new_feature();
            f.set_text("code", name);
            f.set_geometry_wkb(geo::geos_context().point({600000, 2330000}).to_wkb());
            layer.create_feature(f);
        }
        ds.close();
    }
    CHECK_THROWS_AS(importers::import_layer(options(project, "fords", source)), usage_error);
    CHECK_THROWS_WITH(importers::import_layer(options(project, "fords", source)),
                      "ban_do.gpkg has 2 layers (ngam_a, ngam_b); choose one with "
                      "--source-layer");
    auto o = options(project, "fords", source);
    o.source_layer = "ngam_c";
    CHECK_THROWS_WITH(importers::import_layer(o),
                      Contains("no layer \"ngam_c\"") && Contains("ngam_a, ngam_b"));
    o.source_layer = "ngam_b";
    o.fields = {{"name", "code"}, {"flood_depth_m", "=0.4"}};
    CHECK(importers::import_layer(o).imported == 1);
    CHECK(query_one(project, "SELECT code, flood_depth_m FROM fords") == "ngam_b|0.4");
}

TEST_CASE("bad input: a self-intersecting polygon is repaired and counted", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon_no.geojson";
    write_source(source,
                 villages_geojson({{square(600000, 2330000), {"NT", "Nà Trắng", "12"}},
                                   {"POLYGON((601000 2330000,601100 2330100,601100 2330000,601000 "
                                    "2330100,601000 2330000))",
                                    {"KN", "Khuổi Nặm", "30"}}}));
    const auto summary = importers::import_layer(options(project, "villages", source));
    CHECK(summary.imported == 2);
    CHECK(summary.repaired == 1);
    REQUIRE(summary.warnings.size() == 1);
    CHECK_THAT(summary.warnings[0],
               StartsWith("thon_no.geojson row 2 (feature id 1): geometry repaired "
                          "(Self-intersection"));
    CHECK(query_one(project, "SELECT NumGeometries(geom), ST_IsValid(geom), Area(geom) FROM "
                             "villages WHERE code = 'KN'") == "2|1|5000.0");
}

TEST_CASE("bad input: empty and missing geometries are rejected with their rows",
          "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon_rong.gpkg";
    source_spec spec = villages_geojson({{square(600000, 2330000), {"NT", "Nà Trắng", "12"}},
                                         {"POLYGON EMPTY", {"KN", "Khuổi Nặm", "30"}},
                                         {square(600400, 2330000), {"DM", "Đồng Mỏ", "7"}},
                                         {"", {"BS", "Bãi Sậy", "9"}}});
    spec.driver = "GPKG";
    write_source(source, spec);
    try {
        importers::import_layer(options(project, "villages", source));
        FAIL("empty geometries were accepted");
    } catch (const data_error& e) {
        const std::string message = e.what();
        CHECK_THAT(message, StartsWith("thon_rong.gpkg row 2: the geometry is empty"));
        CHECK_THAT(message, Contains("thon_rong.gpkg row 4: the feature has no geometry"));
        CHECK_THAT(message, Contains("nothing was imported"));
    }
    CHECK(query_one(project, "SELECT count(*) FROM villages") == "0");
}

TEST_CASE("bad input: a geometry type that does not fit the layer", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "diem.geojson";
    write_source(source, {"GeoJSON",
                          "diem",
                          wkbPoint,
                          "EPSG:3405",
                          {{"code"}, {"class"}, {"surface"}},
                          {{"POINT(600000 2330000)", {"R1", "liên xã", "nhựa"}}}});
    CHECK_THROWS_WITH(importers::import_layer(options(project, "roads", source)),
                      StartsWith("diem.geojson row 1 (feature id 0): the geometry is a Point; "
                                 "roads holds lines"));
}

TEST_CASE("bad input: coordinates far outside the CRS's area of use are warned about",
          "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam_xa.geojson";
    // Andorra, not Vietnam: a planner picked the wrong file or the wrong CRS.
    write_source(source, {"GeoJSON",
                          "ngam",
                          wkbPoint,
                          "EPSG:4326",
                          {{"code"}, {"name"}, {"flood_depth_m", 2}},
                          {{"POINT(1.52 42.51)", {"F1", "Ngầm xa", 0.5}}}});
    const auto summary = importers::import_layer(options(project, "fords", source));
    CHECK(summary.imported == 1);
    REQUIRE(summary.warnings.size() == 1);
    CHECK_THAT(summary.warnings[0], StartsWith("ngam_xa.geojson: the data (lon 1.5…1.5°, lat "
                                               "42.5…42.5°) lies far outside the area of use of "
                                               "VN-2000 / UTM zone 48N"));
}

TEST_CASE("bad input: field names with quotes and SQL in them are only data", "[importers][bad]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon_sql.geojson";
    const std::string evil = "tên\"; DROP TABLE villages; --";
    write_source(source, {"GeoJSON",
                          "thon",
                          wkbPolygon,
                          "EPSG:3405",
                          {{"code"}, {evil}, {"households", 1}},
                          {{square(600000, 2330000), {"NT", "Nà Trắng", std::int64_t{5}}}}});
    auto o = options(project, "villages", source);
    o.fields = {{"name", evil}};
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 1);
    CHECK(query_one(project, "SELECT code, name FROM villages") == "NT|Nà Trắng");

    o.fields = {{"name'); DROP TABLE villages; --", "x"}};
    CHECK_THROWS_AS(importers::import_layer(o), usage_error);
    CHECK(query_one(project, "SELECT count(*) FROM villages") == "1");
}
