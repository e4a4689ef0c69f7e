#include "geo/raster.hpp"

#include "geo/errors.hpp"
#include "geo/gdal.hpp"

#include <algorithm>
#include <cmath>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <memory>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace allseason::geo {

bool float_grid::locate(double x, double y, int& col, int& row) const {
    const double c = std::floor((x - origin_x) / cell);
    const double r = std::floor((origin_y - y) / cell);
    if (c < 0 || r < 0 || c >= width || r >= height)
        return false;
    col = static_cast<int>(c);
    row = static_cast<int>(r);
    return true;
}

namespace {

struct dataset_closer {
    void operator()(GDALDataset* ds) const noexcept { GDALClose(ds); }
};
using dataset_ptr = std::unique_ptr<GDALDataset, dataset_closer>;

constexpr double lowest_plausible_m = -500;  // below the Dead Sea shore
constexpr double highest_plausible_m = 9000; // above Everest

bool raster_extension(const std::string& name) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* ext : {".hgt", ".tif", ".tiff", ".dem", ".asc", ".img", ".bil"}) {
        const std::string e = ext;
        if (lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0)
            return true;
    }
    return false;
}

// What GDAL should open for `path`: a zip's first raster member through /vsizip/.
dem_source locate_source(const std::filesystem::path& path) {
    dem_source s{path.filename().string(), path.string(), 0, 0};
    if (path.extension() != ".zip" && path.extension() != ".ZIP")
        return s;
    const std::string zip = "/vsizip/" + path.string();
    char** entries = VSIReadDirRecursive(zip.c_str());
    std::string member;
    for (int i = 0; entries && entries[i]; ++i) {
        if (raster_extension(entries[i])) {
            member = entries[i];
            break;
        }
    }
    CSLDestroy(entries);
    if (member.empty()) {
        throw io_error(fmt::format("{}: the zip holds no elevation model (.hgt, .tif, .tiff, "
                                   ".dem, .asc, .img, .bil)",
                                   path.string()));
    }
    s.name += "/" + member;
    s.gdal_path = zip + "/" + member;
    return s;
}

dataset_ptr open_raster(const dem_source& s) {
    gdal_initialise();
    gdal_error_capture capture;
    dataset_ptr ds(GDALDataset::Open(s.gdal_path.c_str(),
                                     GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR));
    if (!ds) {
        const auto why = capture.errors();
        throw io_error(fmt::format("{}: cannot read as a raster elevation model{}{}", s.name,
                                   why.empty() ? "" : ": ", why));
    }
    if (ds->GetRasterCount() < 1)
        throw io_error(fmt::format("{}: the file has no raster band", s.name));
    return ds;
}

void check_metres(GDALDataset& ds, const std::string& name) {
    auto* band = ds.GetRasterBand(1);
    std::string unit = band->GetUnitType() ? band->GetUnitType() : "";
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!unit.empty() && unit != "m" && unit != "metre" && unit != "meter" && unit != "metres" &&
        unit != "meters") {
        throw data_error(fmt::format("{}: heights are in \"{}\" — terrain needs an elevation "
                                     "model in metres (convert it with gdal_translate -scale)",
                                     name, unit));
    }
    double minmax[2] = {0, 0};
    gdal_error_capture capture;
    if (band->ComputeRasterMinMax(FALSE, minmax) != CE_None) {
        throw data_error(fmt::format("{}: every cell is nodata — no heights to use", name));
    }
    const double scale = band->GetScale();
    const double offset = band->GetOffset();
    const double low = std::min(minmax[0], minmax[1]) * scale + offset;
    const double high = std::max(minmax[0], minmax[1]) * scale + offset;
    if (low < lowest_plausible_m || high > highest_plausible_m) {
        throw data_error(fmt::format(
            "{}: heights run from {:.0f} to {:.0f} — not an elevation model in metres (heights "
            "on Earth lie between {:.0f} and {:.0f} m; feet or centimetres must be converted)",
            name, low, high, lowest_plausible_m, highest_plausible_m));
    }
}

// The ground size of one source cell at the DEM's centre, measured in the target CRS.
void measure_source_cell(GDALDataset& ds, const OGRSpatialReference& target, dem_source& s) {
    double gt[6];
    if (ds.GetGeoTransform(gt) != CE_None || !ds.GetSpatialRef())
        throw data_error(fmt::format("{}: the raster is not georeferenced (no geotransform or "
                                     "no CRS)",
                                     s.name));
    OGRSpatialReference source(*ds.GetSpatialRef());
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> to_target(
        OGRCreateCoordinateTransformation(&source, &target));
    if (!to_target)
        throw data_error(fmt::format("{}: cannot transform its CRS to the project's", s.name));
    const double col = ds.GetRasterXSize() / 2.0;
    const double row = ds.GetRasterYSize() / 2.0;
    double x[3], y[3];
    const double cols[3] = {col, col + 1, col};
    const double rows[3] = {row, row, row + 1};
    for (int i = 0; i < 3; ++i) {
        x[i] = gt[0] + cols[i] * gt[1] + rows[i] * gt[2];
        y[i] = gt[3] + cols[i] * gt[4] + rows[i] * gt[5];
    }
    if (!to_target->Transform(3, x, y))
        throw data_error(
            fmt::format("{}: its centre does not transform to the project CRS", s.name));
    s.source_cell_x_m = std::hypot(x[1] - x[0], y[1] - y[0]);
    s.source_cell_y_m = std::hypot(x[2] - x[0], y[2] - y[0]);
}

constexpr double warp_nodata = -32768;

dataset_ptr warp(GDALDataset& source, const std::string& target_wkt, double cell,
                 const std::string& name) {
    const std::string tr = fmt::format("{:.6f}", cell);
    const std::string nodata = fmt::format("{}", warp_nodata);
    const char* args[] = {"-of",          "MEM",      "-ot",      "Float32",
                          "-r",           "bilinear", "-t_srs",   target_wkt.c_str(),
                          "-tr",          tr.c_str(), tr.c_str(), "-dstnodata",
                          nodata.c_str(), nullptr};
    std::unique_ptr<GDALWarpAppOptions, decltype(&GDALWarpAppOptionsFree)> options(
        GDALWarpAppOptionsNew(const_cast<char**>(args), nullptr), &GDALWarpAppOptionsFree);
    gdal_error_capture capture;
    GDALDatasetH sources[] = {GDALDataset::ToHandle(&source)};
    int usage_error_flag = 0;
    dataset_ptr out(GDALDataset::FromHandle(
        GDALWarp("", nullptr, 1, sources, options.get(), &usage_error_flag)));
    if (!out)
        throw io_error(
            fmt::format("{}: warping to the project CRS failed: {}", name, capture.errors()));
    return out;
}

float_grid read_grid(GDALDataset& warped, double cell, double scale, double offset,
                     const std::string& name) {
    float_grid g;
    g.width = warped.GetRasterXSize();
    g.height = warped.GetRasterYSize();
    double gt[6];
    warped.GetGeoTransform(gt);
    g.origin_x = gt[0];
    g.origin_y = gt[3];
    g.cell = cell;
    g.values.resize(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height));
    gdal_error_capture capture;
    if (warped.GetRasterBand(1)->RasterIO(GF_Read, 0, 0, g.width, g.height, g.values.data(),
                                          g.width, g.height, GDT_Float32, 0, 0) != CE_None)
        throw io_error(
            fmt::format("{}: reading the warped heights failed: {}", name, capture.errors()));
    for (auto& v : g.values) {
        v = (v == static_cast<float>(warp_nodata)) ? float_grid::nodata
                                                   : static_cast<float>(v * scale + offset);
    }
    return g;
}

} // namespace

warped_dem read_dem_warped(const std::filesystem::path& path, const std::string& target_crs_wkt) {
    warped_dem out;
    out.source = locate_source(path);
    auto source = open_raster(out.source);
    check_metres(*source, out.source.name);
    OGRSpatialReference target;
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (target.importFromWkt(target_crs_wkt.c_str()) != OGRERR_NONE)
        throw crs_error(fmt::format("the project CRS is not usable by GDAL: {}", target_crs_wkt));
    measure_source_cell(*source, target, out.source);
    const double cell = std::sqrt(out.source.source_cell_x_m * out.source.source_cell_y_m);
    if (!(cell > 0.01))
        throw data_error(
            fmt::format("{}: its cells have no ground size in the project CRS", out.source.name));
    auto warped = warp(*source, target_crs_wkt, cell, out.source.name);
    auto* band = source->GetRasterBand(1);
    out.grid = read_grid(*warped, cell, band->GetScale(), band->GetOffset(), out.source.name);
    return out;
}

std::vector<blob> polygonize_mask(const std::vector<unsigned char>& mask, const float_grid& grid) {
    gdal_initialise();
    gdal_error_capture capture;
    auto* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    dataset_ptr raster(mem->Create("", grid.width, grid.height, 1, GDT_Byte, nullptr));
    double gt[6] = {grid.origin_x, grid.cell, 0, grid.origin_y, 0, -grid.cell};
    raster->SetGeoTransform(gt);
    auto* band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height,
                       const_cast<unsigned char*>(mask.data()), grid.width, grid.height, GDT_Byte,
                       0, 0) != CE_None)
        throw io_error("writing a mask raster failed: " + capture.errors());
    auto* vector_driver = GetGDALDriverManager()->GetDriverByName("Memory");
    dataset_ptr vectors(vector_driver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    auto* layer = vectors->CreateLayer("mask", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn field("value", OFTInteger);
    layer->CreateField(&field);
    // The band is its own mask: zero cells make no polygon.
    if (GDALPolygonize(band, band, layer, 0, nullptr, nullptr, nullptr) != CE_None)
        throw io_error("GDALPolygonize failed: " + capture.errors());
    std::vector<blob> polygons;
    layer->ResetReading();
    while (std::unique_ptr<OGRFeature> f{layer->GetNextFeature()}) {
        const auto* g = f->GetGeometryRef();
        if (!g)
            continue;
        blob wkb(static_cast<std::size_t>(g->WkbSize()));
        g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        polygons.push_back(std::move(wkb));
    }
    return polygons;
}

} // namespace allseason::geo
