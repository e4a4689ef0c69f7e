#pragma once
// The bounding box of a WKB geometry, read straight off its bytes.
//
// Why by hand: an import writes a million geometries and needs each one's box for the layer's
// R-tree. Asking SpatiaLite afterwards (MbrMinX … over the table) was two more passes over
// every row; GEOS or OGR would parse each geometry into objects first. WKB's layout (ISO
// 19125 / SFA §8.2) is a few lines to walk.
#include <array>
#include <optional>
#include <span>

namespace allseason::geo {

// {min_x, max_x, min_y, max_y} of every coordinate of a WKB geometry (ISO or EWKB flags for Z
// and M, either byte order, nested collections); nullopt when it has no coordinate or the
// bytes are not WKB.
std::optional<std::array<double, 4>> wkb_bounds(std::span<const unsigned char> wkb);

} // namespace allseason::geo
