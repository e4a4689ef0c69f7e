#include "terrain/dem_files.hpp"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <stdexcept>
#include <vector>

namespace allseason::test {

geo::float_grid make_grid(int width, int height, double cell, double x0, double y0,
                          const std::function<double(int, int)>& height_at) {
    geo::float_grid g;
    g.width = width;
    g.height = height;
    g.cell = cell;
    g.origin_x = x0;
    g.origin_y = y0;
    g.values.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int row = 0; row < height; ++row)
        for (int col = 0; col < width; ++col)
            g.values[g.index(col, row)] = static_cast<float>(height_at(col, row));
    return g;
}

void write_geotiff(const std::filesystem::path& path, const geo::float_grid& grid,
                   const geotiff_options& options) {
    GDALAllRegister();
    auto* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds =
        driver->Create(path.c_str(), grid.width, grid.height, 1, GDT_Float32, nullptr);
    if (!ds)
        throw std::runtime_error("cannot create " + path.string());
    double gt[6] = {grid.origin_x, grid.cell, 0, grid.origin_y, 0, -grid.cell};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.SetFromUserInput(options.crs.c_str());
    ds->SetSpatialRef(&srs);
    auto* band = ds->GetRasterBand(1);
    band->SetNoDataValue(options.nodata);
    if (!options.unit.empty())
        band->SetUnitType(options.unit.c_str());
    std::vector<float> values = grid.values;
    for (auto& v : values)
        if (v != v)
            v = static_cast<float>(options.nodata);
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, values.data(), grid.width,
                       grid.height, GDT_Float32, 0, 0) != CE_None)
        throw std::runtime_error("cannot write " + path.string());
    GDALClose(ds);
}

void write_zip(const std::filesystem::path& zip, const std::string& member,
               const std::filesystem::path& file) {
    std::vector<char> bytes;
    {
        VSILFILE* in = VSIFOpenL(file.c_str(), "rb");
        VSIFSeekL(in, 0, SEEK_END);
        bytes.resize(VSIFTellL(in));
        VSIFSeekL(in, 0, SEEK_SET);
        VSIFReadL(bytes.data(), 1, bytes.size(), in);
        VSIFCloseL(in);
    }
    const std::string target = "/vsizip/" + zip.string() + "/" + member;
    VSILFILE* out = VSIFOpenL(target.c_str(), "wb");
    if (!out)
        throw std::runtime_error("cannot create " + target);
    VSIFWriteL(bytes.data(), 1, bytes.size(), out);
    VSIFCloseL(out);
}

} // namespace allseason::test
