#include "terrain/terrain.hpp"

#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "terrain/hydrology.hpp"
#include "terrain/project_io.hpp"
#include "terrain/zones.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace allseason::terrain {

double gfplain_depth_m(double area_m2) {
    return 0.01 * std::pow(area_m2, 0.30);
}

namespace {

using geo::float_grid;

void say(const terrain_options& o, std::string_view text) {
    if (o.progress)
        o.progress(text);
}

std::vector<polyline> road_lines(layers::project& p) {
    std::vector<polyline> lines;
    layers::for_each_road(p, [&](const layers::road& r) { lines.push_back(r.points); });
    return lines;
}

// The share of the road length that lies outside the grid or on nodata, sampled every half
// cell along each segment.
double share_off_dem(const float_grid& g, const std::vector<polyline>& roads, double& total_m) {
    double off = 0;
    total_m = 0;
    const double step = g.cell / 2;
    for (const auto& line : roads) {
        for (std::size_t k = 1; k < line.size(); ++k) {
            const auto a = line[k - 1], b = line[k];
            const double length = std::hypot(b.x - a.x, b.y - a.y);
            const int samples = std::max(1, static_cast<int>(std::ceil(length / step)));
            for (int s = 0; s < samples; ++s) {
                const double t = (s + 0.5) / samples;
                int col = 0, row = 0;
                const bool on = g.locate(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), col, row) &&
                                !float_grid::is_nodata(g.values[g.index(col, row)]);
                if (!on)
                    off += length / samples;
            }
            total_m += length;
        }
    }
    return total_m > 0 ? off / total_m : 0;
}

void check_coverage(const geo::warped_dem& dem, const std::vector<polyline>& roads,
                    terrain_summary& summary) {
    double total_m = 0;
    summary.road_outside_share = share_off_dem(dem.grid, roads, total_m);
    if (summary.road_outside_share > max_road_outside_share) {
        throw data_error(fmt::format(
            "{}: the DEM does not cover the project's roads — {:.1f} % of the road length "
            "({:.1f} of {:.1f} km) lies outside it or on its nodata cells (at most {:.0f} % may); "
            "use a DEM (or a mosaic, gdalbuildvrt) that covers every road; nothing was changed",
            dem.source.name, 100 * summary.road_outside_share,
            summary.road_outside_share * total_m / 1000, total_m / 1000,
            100 * max_road_outside_share));
    }
}

std::vector<ford_estimate> estimate_fords(layers::project& p, const float_grid& g,
                                          const accumulation& acc) {
    const double radius = std::max(layers::read_settings(p).snap_m_crossing, 1.5 * g.cell);
    const double cell_km2 = g.cell * g.cell / 1e6;
    std::vector<ford_estimate> out;
    const auto reach = static_cast<int>(std::ceil(radius / g.cell)) + 1;
    for (const auto& f : layers::read_fords(p)) {
        ford_estimate e{f.fid, std::nullopt, std::nullopt};
        int col = 0, row = 0;
        const bool inside = g.locate(f.point.x, f.point.y, col, row);
        std::uint32_t best = 0;
        for (int r = row - reach; inside && r <= row + reach; ++r) {
            for (int c = col - reach; c <= col + reach; ++c) {
                if (r < 0 || c < 0 || r >= g.height || c >= g.width)
                    continue;
                if (std::hypot(g.centre_x(c) - f.point.x, g.centre_y(r) - f.point.y) <= radius)
                    best = std::max(best, acc.cells[g.index(c, r)]);
            }
        }
        if (best > 0) {
            e.catchment_km2 = best * cell_km2;
            e.depth_m = gfplain_depth_m(best * g.cell * g.cell);
        }
        out.push_back(e);
    }
    return out;
}

struct hydrology {
    std::vector<float> filled;
    std::vector<std::uint8_t> directions;
    accumulation acc;
    std::vector<std::uint8_t> stream;
    std::vector<std::uint32_t> drains_to;
};

hydrology run_hydrology(const float_grid& g, double stream_area_km2, const terrain_options& o,
                        terrain_summary& summary) {
    hydrology h;
    say(o, "filling depressions");
    h.filled = fill_depressions(g);
    say(o, "flow directions and accumulation");
    h.directions = d8_directions(g, h.filled);
    h.acc = accumulate(g, h.directions);
    const double threshold_cells = stream_area_km2 * 1e6 / (g.cell * g.cell);
    h.stream.assign(g.size(), 0);
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (h.directions[i] != no_cell && h.acc.cells[i] >= threshold_cells) {
            h.stream[i] = 1;
            ++summary.stream_cells;
        }
    }
    say(o, "height above the nearest drainage");
    h.drains_to = drainage_stream(g, h.directions, h.acc, h.stream);
    return h;
}

std::vector<std::uint8_t> flood_mask(const float_grid& g, const hydrology& h,
                                     const std::vector<std::uint8_t>& inside) {
    std::vector<std::uint8_t> mask(g.size(), 0);
    const double cell_m2 = g.cell * g.cell;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const auto s = h.drains_to[i];
        if (!inside[i] || s == no_stream)
            continue;
        const double hand = static_cast<double>(h.filled[i]) - h.filled[s];
        if (hand <= gfplain_depth_m(h.acc.cells[s] * cell_m2))
            mask[i] = 1;
    }
    return mask;
}

std::vector<std::uint8_t> landslide_mask(const float_grid& g, const std::vector<polyline>& roads,
                                         double slope_deg) {
    auto mask = cells_near_lines(g, roads, landslide_road_distance_m);
    for (int row = 0; row < g.height; ++row) {
        for (int col = 0; col < g.width; ++col) {
            auto& m = mask[g.index(col, row)];
            if (m && !(horn_slope_deg(g, col, row) >= slope_deg))
                m = 0;
        }
    }
    return mask;
}

std::vector<polyline> derived_streams(layers::project& p, const float_grid& g, const hydrology& h,
                                      const std::vector<std::uint8_t>& inside) {
    std::vector<polyline> mapped;
    for (const auto& w : layers::read_waterways(p)) {
        if (!w.derived)
            mapped.push_back(w.points);
    }
    auto eligible = cells_near_lines(g, mapped, stream_waterway_distance_m);
    for (std::size_t i = 0; i < g.size(); ++i)
        eligible[i] = (h.stream[i] && inside[i] && !eligible[i]) ? 1 : 0;
    return stream_lines(g, h.directions, eligible);
}

void check_options(const terrain_options& o) {
    if (!(o.stream_area_km2 > 0))
        throw usage_error(
            fmt::format("--stream-area-km2 must be more than 0 (got {})", o.stream_area_km2));
    if (!(o.slope_deg > 0 && o.slope_deg < 90))
        throw usage_error(
            fmt::format("--slope-deg must lie between 0 and 90 (got {})", o.slope_deg));
    if (o.scenario.empty() || o.scenario == "dry" || o.scenario == landslide_scenario)
        throw usage_error(fmt::format("--scenario \"{}\": name a flood scenario other than dry "
                                      "and landslide (default flood)",
                                      o.scenario));
}

} // namespace

terrain_summary run_terrain(layers::project& p, const terrain_options& o) {
    check_options(o);
    terrain_summary summary;
    summary.flood_scenario = o.scenario;
    summary.stream_area_km2 = o.stream_area_km2;
    summary.slope_deg = o.slope_deg;
    say(o, "reading and warping the DEM");
    const auto dem = geo::read_dem_warped(o.dem, p.crs().to_wkt());
    const auto& g = dem.grid;
    // Cell indices are 32-bit (4 bytes a cell per index array); 4 billion cells is ~100 GB.
    if (g.size() >= no_stream)
        throw data_error(fmt::format("{}: {} × {} cells is too many; crop the DEM around the "
                                     "commune's catchments (gdalwarp -te)",
                                     dem.source.name, g.width, g.height));
    summary.dem = dem.source.name;
    summary.source_cell_x_m = dem.source.source_cell_x_m;
    summary.source_cell_y_m = dem.source.source_cell_y_m;
    summary.cell_m = g.cell;
    summary.width = g.width;
    summary.height = g.height;
    const auto roads = road_lines(p);
    check_coverage(dem, roads, summary);

    const auto h = run_hydrology(g, o.stream_area_km2, o, summary);
    terrain_writes w;
    w.flood_scenario = o.scenario;
    w.dem_name = dem.source.name;
    w.cell_m = g.cell;
    w.stream_area_km2 = o.stream_area_km2;
    w.slope_deg = o.slope_deg;
    w.fords = estimate_fords(p, g, h.acc);
    summary.fords = w.fords.size();
    summary.fords_estimated = static_cast<std::size_t>(std::count_if(
        w.fords.begin(), w.fords.end(), [](const auto& f) { return f.depth_m.has_value(); }));

    say(o, "flood and landslide zones");
    const geo::geos_context geos;
    std::vector<std::uint8_t> inside(g.size(), 0);
    if (const auto extent = project_extent(p)) {
        const geo::envelope box{
            extent->min_x - flood_extent_margin_m, extent->min_y - flood_extent_margin_m,
            extent->max_x + flood_extent_margin_m, extent->max_y + flood_extent_margin_m};
        inside = cells_inside(g, box);
    }
    w.flood_zones = mask_to_multipolygons(flood_mask(g, h, inside), g, geos);
    w.landslide_zones = mask_to_multipolygons(landslide_mask(g, roads, o.slope_deg), g, geos);
    summary.flood_zones = w.flood_zones.size();
    summary.landslide_zones = w.landslide_zones.size();
    if (o.add_streams) {
        w.replace_streams = true;
        w.streams = derived_streams(p, g, h, inside);
        summary.streams_added = w.streams.size();
    }
    say(o, "writing");
    summary.scenarios_created = write_terrain(p, w);
    return summary;
}

} // namespace allseason::terrain
