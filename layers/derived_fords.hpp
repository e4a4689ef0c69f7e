#pragma once
// Writing the fords that `crossings --add-fords` derives from unmarked road × waterway
// crossings (contract §3): not surveyed, so `derived` is true and the depth unknown.
#include "geo/geos.hpp" // geo::xy

#include <string>
#include <vector>

namespace allseason::layers {

class project;

struct derived_ford {
    std::string code;
    geo::xy point; // in the project CRS
};

// Adds the fords (name, flood_depth_m null; derived 1) in one transaction. Throws data_error
// naming every code the fords layer already holds, and then writes nothing.
void add_derived_fords(project& p, const std::vector<derived_ford>& fords);

} // namespace allseason::layers
