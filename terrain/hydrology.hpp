#pragma once
// Hydrology on a plain float grid with nodata (NaN): depression filling by priority-flood with
// an epsilon (Barnes, Lehman & Mulla 2014), D8 flow directions, contributing area in
// topological order, the stream cell each cell drains to (for HAND), and Horn's slope. Every
// step is linear in the cells except the fill's priority queue (n log n); memory is a few
// bytes per cell per array.
#include "geo/raster.hpp"

#include <cstdint>
#include <vector>

namespace allseason::terrain {

// D8 neighbour k = 0..7: east, south-east, south, south-west, west, north-west, north,
// north-east (rows grow southwards).
inline constexpr int d8_dcol[8] = {1, 1, 0, -1, -1, -1, 0, 1};
inline constexpr int d8_drow[8] = {0, 1, 1, 1, 0, -1, -1, -1};
inline constexpr std::uint8_t drains_out = 8; // an outlet: the edge, or beside nodata
inline constexpr std::uint8_t no_cell = 9;    // nodata: no water, no direction

inline constexpr std::uint32_t no_stream = UINT32_MAX;

// Whether a valid cell is an outlet: on the grid's edge or beside a nodata cell (contract §4:
// water that reaches them leaves).
bool is_outlet(const geo::float_grid& dem, int col, int row);

// The DEM with every depression filled so that each valid cell has a strictly lower neighbour
// on a path to an outlet (ties broken by the next representable float above, Priority-Flood+ε).
std::vector<float> fill_depressions(const geo::float_grid& dem);

// Steepest-descent D8 directions on the filled heights: 0..7, drains_out or no_cell.
std::vector<std::uint8_t> d8_directions(const geo::float_grid& dem,
                                        const std::vector<float>& filled);

struct accumulation {
    std::vector<std::uint32_t> cells; // contributing cells, the cell itself included
    std::vector<std::uint32_t> order; // valid cells, every cell before the cell it drains to
};

// Contributing cells by topological order: a queue of cells nothing drains into (Kahn).
accumulation accumulate(const geo::float_grid& dem, const std::vector<std::uint8_t>& directions);

// The index of the cell `direction` points to from `i`.
std::size_t downstream(const geo::float_grid& dem, std::size_t i, std::uint8_t direction);

// For each cell, the first stream cell on its flow path (itself when it is one), or no_stream
// when the path leaves the grid first: one pass over the order, downstream first.
std::vector<std::uint32_t> drainage_stream(const geo::float_grid& dem,
                                           const std::vector<std::uint8_t>& directions,
                                           const accumulation& acc,
                                           const std::vector<std::uint8_t>& is_stream);

// Slope in degrees by Horn's 3×3 method on the DEM as given; a missing neighbour (edge,
// nodata) takes the centre's height. NaN on a nodata cell.
double horn_slope_deg(const geo::float_grid& dem, int col, int row);

} // namespace allseason::terrain
