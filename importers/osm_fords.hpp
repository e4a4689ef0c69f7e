#pragma once
// Where the fords of an OSM file lie (contract §3), in the project CRS: a ford node counts
// only where it lies on an imported road (within snap_m_crossing of one); a highway way with
// ford=yes gives the point where it meets a waterway, else its middle.
#include "importers/osm_collect.hpp"

#include <vector>

namespace allseason::importers::detail {

// Drops the ford nodes further than `reach` metres from every road (counted as skipped).
void keep_fords_on_roads(osm_layer_rows& fords, const osm_layer_rows& roads, double reach);

// Adds one ford per way to `fords`, at its first crossing with a waterway along the way, else
// at its middle.
void place_ford_ways(const std::vector<osm_row>& ways, const osm_layer_rows& waterways,
                     osm_layer_rows& fords);

} // namespace allseason::importers::detail
