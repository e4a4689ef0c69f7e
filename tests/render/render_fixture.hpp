#pragma once
// A small hand-made commune for the map and report tests: six villages with Vietnamese names
// (stacked diacritics included) on a 6 × 4 km grid, roads of every surface, a closed and an
// open ford, bridges, facilities, a reserve, a rainy hazard zone, a stream, three candidate
// projects, and cutoff_results as an analysis would write them.
#include "layers/project.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace allseason::test {

struct fixture_village {
    std::string code;
    std::string name;
    double x0, y0, x1, y1; // its square, in metres from the commune's origin
    std::string status;    // reachable, cut_off, no_road_access, unreachable_dry
    long households;
};

inline constexpr double origin_x = 430000;
inline constexpr double origin_y = 2360000;

const std::vector<fixture_village>& fixture_villages();

// Creates the project (EPSG:9214) with every source layer filled.
layers::project make_small_commune(const std::filesystem::path& path);
// Writes cutoff_results for rainy → commune_centre from fixture_villages().
void write_fixture_results(layers::project& project);

} // namespace allseason::test
