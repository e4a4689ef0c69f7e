#pragma once
// From hydrology grids to vector data: cells near lines, masks as valid simplified polygons,
// stream cells as lines.
#include "geo/geos.hpp"
#include "geo/raster.hpp"

#include <cstdint>
#include <vector>

namespace allseason::terrain {

using polyline = std::vector<geo::xy>;

// 1 for every cell whose centre lies within `distance` of one of `lines` (a one-point line is
// a point), else 0.
std::vector<std::uint8_t> cells_near_lines(const geo::float_grid& grid,
                                           const std::vector<polyline>& lines, double distance);

// 1 for every cell whose centre lies inside `box`.
std::vector<std::uint8_t> cells_inside(const geo::float_grid& grid, const geo::envelope& box);

// The mask's areas as MultiPolygon WKB, one per connected area: polygonised by GDAL,
// simplified to the cell size (the DEM's resolution; finer vertices are staircase), made
// valid by GEOS; areas that simplify away are dropped.
std::vector<geo::blob> mask_to_multipolygons(const std::vector<std::uint8_t>& mask,
                                             const geo::float_grid& grid,
                                             const geo::geos_context& geos);

// The eligible stream cells as lines through the cell centres, from each head or confluence
// down to the next confluence, the last eligible cell or the outlet.
std::vector<polyline> stream_lines(const geo::float_grid& grid,
                                   const std::vector<std::uint8_t>& directions,
                                   const std::vector<std::uint8_t>& eligible);

} // namespace allseason::terrain
