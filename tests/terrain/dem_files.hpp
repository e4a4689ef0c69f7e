#pragma once
// Synthetic elevation models for the terrain tests, built in memory and written with GDAL.
#include "geo/raster.hpp"

#include <filesystem>
#include <functional>
#include <string>

namespace allseason::test {

// A width × height grid of `cell` metres whose north-west corner is (x0, y0), each cell's
// height `height_at(col, row)` (NaN: nodata).
geo::float_grid make_grid(int width, int height, double cell, double x0, double y0,
                          const std::function<double(int, int)>& height_at);

struct geotiff_options {
    std::string crs = "EPSG:32648";
    std::string unit;       // the band's unit type; empty: none
    double nodata = -32768; // written where the grid has NaN
};

// Writes the grid as a Float32 GeoTIFF.
void write_geotiff(const std::filesystem::path& path, const geo::float_grid& grid,
                   const geotiff_options& options = {});

// Copies `file` into a new zip at `zip` under `member`.
void write_zip(const std::filesystem::path& zip, const std::string& member,
               const std::filesystem::path& file);

} // namespace allseason::test
