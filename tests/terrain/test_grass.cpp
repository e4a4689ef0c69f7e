// Contributing areas against GRASS r.watershed -s (single flow direction) on the SRTM tile
// N42E001 (Andorra), warped to UTM 31N as the terrain command warps it: within 5 % at 95 % of
// the cells that drain more than 1 km² and whose catchment touches neither nodata nor the
// DEM's edge (GRASS marks those negative). Skipped, with a message, where grass or the tile is
// missing.
#include "geo/proj.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "terrain/dem_files.hpp"
#include "terrain/hydrology.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <gdal_priv.h>

using namespace allseason;

namespace {

const std::filesystem::path tile =
    std::filesystem::path(ALLSEASON_SOURCE_DIR) / "../shared/data/dem/N42E001.hgt.zip";

// The grass launcher on PATH (run_program takes a path), empty when there is none.
std::string grass_program() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin";
    for (std::size_t start = 0; start <= dirs.size();) {
        const auto end = std::min(dirs.find(':', start), dirs.size());
        const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / "grass";
        if (!candidate.parent_path().empty() && std::filesystem::exists(candidate))
            return candidate.string();
        start = end + 1;
    }
    return {};
}

std::vector<double> read_band(const std::filesystem::path& path, int width, int height) {
    GDALAllRegister();
    auto* ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY);
    REQUIRE(ds);
    REQUIRE(ds->GetRasterXSize() == width);
    REQUIRE(ds->GetRasterYSize() == height);
    std::vector<double> values(static_cast<std::size_t>(width) * height);
    REQUIRE(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, height, values.data(), width,
                                           height, GDT_Float64, 0, 0) == CE_None);
    GDALClose(ds);
    return values;
}

} // namespace

TEST_CASE("contributing areas agree with GRASS r.watershed on the Andorra tile",
          "[terrain][grass]") {
    if (!std::filesystem::exists(tile)) {
        WARN("skipped: " << tile.string() << " is not on this machine");
        return;
    }
    const auto grass_path = grass_program();
    if (grass_path.empty()) {
        WARN("skipped: grass (Debian grass-core) is not installed");
        return;
    }
    test::temp_dir dir;
    const auto dem = geo::read_dem_warped(tile, geo::crs::from_user_text("EPSG:32631").to_wkt());
    const auto& g = dem.grid;
    test::write_geotiff(dir / "dem.tif", g, {"EPSG:32631", "metre"});
    const auto filled = terrain::fill_depressions(g);
    const auto acc = terrain::accumulate(g, terrain::d8_directions(g, filled));

    const auto script = "r.in.gdal --q input=" + (dir / "dem.tif").string() +
                        " output=dem && g.region raster=dem && r.watershed -s --q elevation=dem "
                        "accumulation=acc && r.out.gdal --q input=acc output=" +
                        (dir / "acc.tif").string() + " type=Float64";
    const auto r = test::run_program(
        grass_path, {"--tmp-location", (dir / "dem.tif").string(), "--exec", "bash", "-c", script});
    INFO(r.err);
    REQUIRE(std::filesystem::exists(dir / "acc.tif"));
    const auto grass = read_band(dir / "acc.tif", g.width, g.height);

    const double km2_cells = 1e6 / (g.cell * g.cell);
    std::size_t compared = 0, agreeing = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        // GRASS: negative where the catchment may reach beyond the region or into nulls.
        if (geo::float_grid::is_nodata(g.values[i]) || !(grass[i] > km2_cells))
            continue;
        ++compared;
        if (std::abs(acc.cells[i] - grass[i]) <= 0.05 * grass[i])
            ++agreeing;
    }
    const double share = double(agreeing) / double(compared);
    INFO(agreeing << " of " << compared << " cells draining > 1 km² agree within 5 %");
    CHECK(compared > 10000);
    CHECK(share >= 0.95);
}
