// `allseason terrain`: ford catchments and estimated depths, flood and landslide zones and,
// with --add-streams, derived streams from a DEM (contract §4).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "terrain/terrain.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

nlohmann::json summary_json(const terrain::terrain_summary& s) {
    return {{"dem", s.dem},
            {"resolution_m", s.cell_m},
            {"source_resolution_m", {s.source_cell_x_m, s.source_cell_y_m}},
            {"cells", {{"width", s.width}, {"height", s.height}}},
            {"road_length_outside_dem_pct", 100 * s.road_outside_share},
            {"stream_area_km2", s.stream_area_km2},
            {"slope_deg", s.slope_deg},
            {"stream_cells", s.stream_cells},
            {"fords", s.fords},
            {"fords_estimated", s.fords_estimated},
            {"flood_scenario", s.flood_scenario},
            {"flood_zones", s.flood_zones},
            {"landslide_zones", s.landslide_zones},
            {"streams_added", s.streams_added},
            {"scenarios_created", s.scenarios_created}};
}

void print_table(const terrain::terrain_summary& s, bool add_streams, output_format format) {
    text_table table({"item", "value"});
    table.add_row({"DEM", s.dem});
    table.add_row(
        {"resolution", fmt::format("{:.1f} m (source {:.1f} × {:.1f} m), {} × {} cells", s.cell_m,
                                   s.source_cell_x_m, s.source_cell_y_m, s.width, s.height)});
    table.add_row({"road length off the DEM", fmt::format("{:.2f} %", 100 * s.road_outside_share)});
    table.add_row(
        {"streams", fmt::format("{} cells draining ≥ {} km²", s.stream_cells, s.stream_area_km2)});
    table.add_row({"fords estimated", fmt::format("{} of {}", s.fords_estimated, s.fords)});
    table.add_row(
        {"flood zones", fmt::format("{} (scenario {})", s.flood_zones, s.flood_scenario)});
    table.add_row(
        {"landslide zones", fmt::format("{} (slope ≥ {}°, scenario {})", s.landslide_zones,
                                        s.slope_deg, terrain::landslide_scenario)});
    if (add_streams)
        table.add_row({"derived streams", std::to_string(s.streams_added)});
    if (!s.scenarios_created.empty())
        table.add_row(
            {"scenarios created", fmt::format("{}", fmt::join(s.scenarios_created, ", "))});
    if (format == output_format::csv)
        table.print_csv(std::cout);
    else
        table.print(std::cout);
}

} // namespace

int run_terrain(const terrain_options& options) {
    auto project = layers::project::open(options.project, true);
    terrain::terrain_options o;
    o.dem = options.dem;
    o.stream_area_km2 = options.stream_area_km2;
    o.slope_deg = options.slope_deg;
    o.add_streams = options.add_streams;
    o.scenario = options.scenario;
    if (stderr_is_terminal())
        o.progress = [](std::string_view step) { std::cerr << "terrain: " << step << "…\n"; };
    const auto summary = terrain::run_terrain(project, o);
    if (options.format == output_format::json)
        std::cout << summary_json(summary).dump(2) << '\n';
    else
        print_table(summary, options.add_streams, options.format);
    return 0;
}

} // namespace allseason::cli
