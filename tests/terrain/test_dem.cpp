// Reading DEMs (geo/raster): warped to the project CRS at their own ground resolution, inside a
// zip too; refused when they are not heights in metres or not a raster at all.
#include "geo/errors.hpp"
#include "geo/proj.hpp"
#include "support/temp_dir.hpp"
#include "terrain/dem_files.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace allseason;

namespace {

std::string utm48_wkt() {
    return geo::crs::from_user_text("EPSG:32648").to_wkt();
}

geo::float_grid slope_east(double cell, double x0, double y0) {
    return test::make_grid(40, 30, cell, x0, y0,
                           [](int col, int row) { return 300 + 1.5 * col + 0.5 * row; });
}

} // namespace

TEST_CASE("a GeoTIFF already in the project CRS comes back cell for cell", "[terrain]") {
    test::temp_dir dir;
    auto g = slope_east(30, 580000, 2330000);
    g.values[g.index(7, 9)] = geo::float_grid::nodata; // a void stays a void
    test::write_geotiff(dir / "dem.tif", g);
    const auto dem = geo::read_dem_warped(dir / "dem.tif", utm48_wkt());
    CHECK(dem.source.name == "dem.tif");
    CHECK(dem.grid.cell == Approx(30));
    REQUIRE(dem.grid.width == g.width);
    REQUIRE(dem.grid.height == g.height);
    CHECK(dem.grid.origin_x == Approx(g.origin_x));
    CHECK(dem.grid.origin_y == Approx(g.origin_y));
    CHECK(dem.grid.values[g.index(20, 15)] == Approx(g.values[g.index(20, 15)]));
    CHECK(std::isnan(dem.grid.values[g.index(7, 9)]));
}

TEST_CASE("a geographic DEM is warped at its ground resolution, from a zip too", "[terrain]") {
    test::temp_dir dir;
    // 1.8″ cells near Bắc Giang (106.2° E, 21.3° N).
    const double deg = 0.0005;
    const auto g =
        test::make_grid(60, 60, deg, 106.2, 21.3, [](int col, int) { return 20.0 + col; });
    test::write_geotiff(dir / "geo.tif", g, {"EPSG:4326", "metre"});
    test::write_zip(dir / "dem.zip", "tiles/geo.tif", dir / "geo.tif");
    const auto dem = geo::read_dem_warped(dir / "dem.zip", utm48_wkt());
    CHECK(dem.source.name == "dem.zip/tiles/geo.tif");
    // The ground size of the centre cell, measured by PROJ separately.
    const geo::transformation to_utm(geo::crs::from_user_text("EPSG:4326"),
                                     geo::crs::from_user_text("EPSG:32648"));
    const auto centre = to_utm.apply({106.2 + 30 * deg, 21.3 - 30 * deg});
    const auto east = to_utm.apply({106.2 + 31 * deg, 21.3 - 30 * deg});
    const auto south = to_utm.apply({106.2 + 30 * deg, 21.3 - 31 * deg});
    const double dx = std::hypot(east.x - centre.x, east.y - centre.y);
    const double dy = std::hypot(south.x - centre.x, south.y - centre.y);
    CHECK(dem.source.source_cell_x_m == Approx(dx).epsilon(1e-6));
    CHECK(dem.source.source_cell_y_m == Approx(dy).epsilon(1e-6));
    CHECK(dem.grid.cell == Approx(std::sqrt(dx * dy)).epsilon(1e-6));
    // About as many cells as the source (a rotated footprint adds nodata corners).
    const double cells = double(dem.grid.width) * dem.grid.height;
    CHECK(cells > 60 * 60 * 0.9);
    CHECK(cells < 60 * 60 * 1.3);
    int col = 0, row = 0;
    REQUIRE(dem.grid.locate(centre.x, centre.y, col, row));
    CHECK(dem.grid.values[dem.grid.index(col, row)] == Approx(20.0 + 30).margin(1.0));
}

TEST_CASE("DEMs that are not heights in metres are refused with the reason", "[terrain]") {
    test::temp_dir dir;
    const auto g = slope_east(30, 580000, 2330000);
    SECTION("feet") {
        test::write_geotiff(dir / "feet.tif", g, {"EPSG:32648", "ft"});
        CHECK_THROWS_AS(geo::read_dem_warped(dir / "feet.tif", utm48_wkt()), data_error);
        CHECK_THROWS_WITH(geo::read_dem_warped(dir / "feet.tif", utm48_wkt()),
                          Catch::Contains("feet.tif") && Catch::Contains("\"ft\"") &&
                              Catch::Contains("metres"));
    }
    SECTION("centimetres, no unit") {
        auto cm = g;
        for (auto& v : cm.values)
            v *= 100;
        test::write_geotiff(dir / "cm.tif", cm);
        CHECK_THROWS_WITH(geo::read_dem_warped(dir / "cm.tif", utm48_wkt()),
                          Catch::Contains("cm.tif") && Catch::Contains("not an elevation model "
                                                                       "in metres"));
    }
    SECTION("not a raster") {
        test::write_file(dir / "notes.tif", "đây không phải là ảnh\n");
        CHECK_THROWS_AS(geo::read_dem_warped(dir / "notes.tif", utm48_wkt()), io_error);
    }
    SECTION("a zip without a DEM") {
        test::write_file(dir / "readme.txt", "không có gì\n");
        test::write_zip(dir / "empty.zip", "readme.txt", dir / "readme.txt");
        CHECK_THROWS_WITH(geo::read_dem_warped(dir / "empty.zip", utm48_wkt()),
                          Catch::Contains("empty.zip") && Catch::Contains("no elevation model"));
    }
}
