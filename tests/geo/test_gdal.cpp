#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/geos.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <ogr_core.h>

using namespace allseason;
using allseason::test::temp_dir;

TEST_CASE("a GeoPackage written through the wrapper reads back the same", "[geo][gdal]") {
    temp_dir dir;
    geo::geos_context ctx;
    const auto path = dir / "villages.gpkg";
    {
        auto ds = geo::vector_dataset::create("GPKG", path);
        auto layer = ds.create_layer("thon", wkbPoint, "EPSG:9214");
        layer.create_field({"ten", geo::field_kind::text});
        layer.create_field({"so_ho", geo::field_kind::integer});
        auto f = layer.new_feature();
        f.set_text("ten", "Đồng Khao");
        f.set_int("so_ho", 96);
        f.set_geometry_wkb(ctx.point({530000, 2360000}).to_wkb());
        layer.create_feature(f);
        ds.close();
    }
    auto ds = geo::vector_dataset::open(path);
    CHECK(ds.driver_name() == "GPKG");
    auto layer = ds.layer("thon");
    CHECK(layer.crs_authority() == "EPSG:9214");
    auto f = layer.next_feature();
    REQUIRE(f);
    CHECK(f->get_text(f->field_index("ten")) == "Đồng Khao");
    CHECK(f->get_int(f->field_index("so_ho")) == 96);
    CHECK(ctx.from_wkb(*f->geometry_wkb()).as_xy() == geo::xy{530000, 2360000});
    CHECK_FALSE(layer.next_feature());
}

TEST_CASE("GDAL's failures carry the file name and GDAL's reason", "[geo][gdal]") {
    temp_dir dir;
    CHECK_THROWS_WITH(geo::vector_dataset::open(dir / "none.gpkg"),
                      Catch::Contains("none.gpkg") && Catch::Contains("no such file"));
    test::write_file(dir / "empty.geojson", "");
    CHECK_THROWS_WITH(geo::vector_dataset::open(dir / "empty.geojson"),
                      Catch::Contains("empty.geojson") && Catch::Contains("0 bytes"));
    test::write_file(dir / "notes.txt", "\x01\x02 not geodata at all \x03");
    CHECK_THROWS_WITH(geo::vector_dataset::open(dir / "notes.txt"),
                      Catch::Contains("notes.txt") && Catch::Contains("not a vector data file"));
    auto ds = geo::vector_dataset::create("GPKG", dir / "x.gpkg");
    ds.create_layer("roads", wkbLineString, "EPSG:3405");
    CHECK_THROWS_WITH(ds.layer("duong"), Catch::Contains("no layer \"duong\"") &&
                                             Catch::Contains("roads"));
}
