#pragma once
// Raster access for elevation models: any DEM GDAL reads (GeoTIFF, SRTM .hgt, either inside a
// .zip) warped to a metric CRS at about its own ground resolution into a plain float grid, and
// masks of such a grid turned into polygons. gdal_priv.h stays out of this header.
#include "geo/sqlite.hpp" // geo::blob

#include <array>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace allseason::geo {

// Row-major cells, north-up: cell (col, row) covers x in [x0 + col·cell, x0 + (col+1)·cell)
// and y in (y0 − (row+1)·cell, y0 − row·cell]. NaN is nodata.
struct float_grid {
    int width = 0;
    int height = 0;
    double origin_x = 0; // west edge
    double origin_y = 0; // north edge
    double cell = 0;     // metres, square cells
    std::vector<float> values;

    std::size_t size() const { return values.size(); }
    std::size_t index(int col, int row) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(width) +
               static_cast<std::size_t>(col);
    }
    double centre_x(int col) const { return origin_x + (col + 0.5) * cell; }
    double centre_y(int row) const { return origin_y - (row + 0.5) * cell; }
    // The column and row holding (x, y); false when outside the grid.
    bool locate(double x, double y, int& col, int& row) const;
    static bool is_nodata(float v) { return v != v; }
    static constexpr float nodata = std::numeric_limits<float>::quiet_NaN();
};

struct dem_source {
    std::string name;           // the file name as given (zip: "x.zip/x.hgt")
    std::string gdal_path;      // what GDAL opened (/vsizip/... for a zip)
    double source_cell_x_m = 0; // the source's cell size on the ground at its centre
    double source_cell_y_m = 0;
};

struct warped_dem {
    dem_source source;
    float_grid grid;
};

// Opens `path` (a .zip: the first .hgt/.tif/.tiff/.dem/.asc inside), checks that heights are
// metres (the band's unit type, when set, must be metres; values must lie in −500…9,000 m),
// and warps it bilinearly to `target_crs_wkt` with square cells of the geometric mean of the
// source's ground cell sizes at its centre. Nodata stays nodata (NaN). Throws io_error when
// GDAL cannot read it, data_error when it is not an elevation model in metres.
warped_dem read_dem_warped(const std::filesystem::path& path, const std::string& target_crs_wkt);

// Polygons (2-D WKB) of the 4-connected areas of nonzero cells of `mask` (width × height bytes
// on `grid`'s cells), by GDALPolygonize.
std::vector<blob> polygonize_mask(const std::vector<unsigned char>& mask, const float_grid& grid);

} // namespace allseason::geo
