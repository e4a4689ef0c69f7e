#pragma once
// `terrain` (contract §4): a DEM turned into ford catchments and estimated flood depths, flood
// zones (HAND), landslide zones (slope near roads) and, on request, derived streams, written
// into a project in one transaction.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::terrain {

struct terrain_options {
    std::filesystem::path dem;
    double stream_area_km2 = 0.5;
    double slope_deg = 35;
    bool add_streams = false;
    std::string scenario = "flood"; // the flood zones' scenario
    // Called with a short line at each step (the CLI shows them on a terminal only).
    std::function<void(std::string_view)> progress;
};

inline constexpr std::string_view landslide_scenario = "landslide";
// Roads more than this share of their length off the DEM (outside it or on nodata) refuse.
inline constexpr double max_road_outside_share = 0.01;
inline constexpr double landslide_road_distance_m = 50;
inline constexpr double stream_waterway_distance_m = 50;
inline constexpr double flood_extent_margin_m = 1000;

// GFPLAIN (Nardi et al. 2006): flood depth at a stream cell from its contributing area in m².
double gfplain_depth_m(double area_m2);

struct terrain_summary {
    std::string dem;            // the file name (zip: "x.zip/x.hgt")
    double source_cell_x_m = 0; // the DEM's own ground cell size at its centre
    double source_cell_y_m = 0;
    double cell_m = 0; // the warped grid's square cell
    int width = 0;     // warped grid size in cells
    int height = 0;
    double road_outside_share = 0;   // of the road length, off the DEM
    std::size_t fords = 0;           // fords in the project
    std::size_t fords_estimated = 0; // fords given an estimate
    std::size_t flood_zones = 0;
    std::size_t landslide_zones = 0;
    std::size_t streams_added = 0; // derived waterways written (--add-streams)
    std::size_t stream_cells = 0;
    std::string flood_scenario;
    std::vector<std::string> scenarios_created;
    double stream_area_km2 = 0;
    double slope_deg = 0;
};

// Runs the whole command on an open, writable project. Throws io_error / data_error (naming the
// DEM and the reason) before anything is written; the writes are one transaction.
terrain_summary run_terrain(layers::project& p, const terrain_options& options);

} // namespace allseason::terrain
