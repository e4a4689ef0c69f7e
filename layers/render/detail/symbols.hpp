#pragma once
// Point symbols shared by the map and its legend, each centred on (x, y) in page points.
#include "layers/render/detail/canvas.hpp"

#include <string_view>

namespace allseason::render::detail {

void draw_facility_icon(const canvas& c, std::string_view kind, double x, double y, double size);
// A closed ford of unknown depth (nobody measured it) is hollow: the closure is an assumption.
void draw_ford(const canvas& c, double x, double y, double size, bool closed,
               bool depth_unknown = false);
// `angle` is the road's direction in radians (page space), so the bridge spans it.
void draw_bridge(const canvas& c, double x, double y, double size, double angle, bool vehicles);
// A numbered circle for a rank; a pill when the text is longer (an unranked project's code).
void draw_project_marker(const canvas& c, double x, double y, double radius,
                         std::string_view text);
// The width of that marker (its height is 2 × radius).
double project_marker_width(const canvas& c, double radius, std::string_view text);
// A road as a line from (x0, y) to (x1, y): casing, then the road.
void draw_road_sample(const canvas& c, double x0, double x1, double y, const road_style& s);
// The red overlay of a closed road part along the current path.
void stroke_closed(const canvas& c, double road_width);
// Diagonal hatching of the current clip region within `bounds`.
void hatch(const canvas& c, const rect& bounds, double spacing, double width, const colour& ink);

} // namespace allseason::render::detail
