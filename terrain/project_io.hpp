#pragma once
// What `terrain` reads from and writes to a project (contract §1, §4), through layers/.
#include "geo/geos.hpp"
#include "terrain/zones.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::terrain {

// The bounding box of every layer's features other than those `terrain` wrote (hazard zones
// with source terrain, derived waterways); nullopt for a project with no features.
std::optional<geo::envelope> project_extent(layers::project& p);

struct ford_estimate {
    std::int64_t fid = 0;
    std::optional<double> catchment_km2; // null: the ford lies off the DEM
    std::optional<double> depth_m;
};

struct terrain_writes {
    std::string flood_scenario;
    std::vector<ford_estimate> fords;
    std::vector<geo::blob> flood_zones; // MultiPolygon WKB in the project CRS
    std::vector<geo::blob> landslide_zones;
    bool replace_streams = false; // --add-streams: derived waterways are replaced
    std::vector<polyline> streams;
    std::string dem_name;
    double cell_m = 0;
    double stream_area_km2 = 0; // the thresholds used, for the report's method section
    double slope_deg = 0;
};

// Writes everything in one transaction: creates the missing scenarios (rainy plus their own
// zones), replaces the terrain rows of the two scenarios, the fords' estimates, the derived
// streams when asked, and the DEM's name and cell size in the metadata. Returns the scenarios
// it created.
std::vector<std::string> write_terrain(layers::project& p, const terrain_writes& w);

} // namespace allseason::terrain
