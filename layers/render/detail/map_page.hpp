#pragma once
// Private to the render library: the pieces of one map page, drawn in this order by
// map_renderer.cpp — features inside the frame, then labels, then the frame furniture (scale
// bar, north arrow), the side panel (legend, summary, priorities), title and footer.
#include "layers/render/detail/canvas.hpp"
#include "layers/render/map_renderer.hpp"

#include <vector>

namespace allseason::render::detail {

struct page {
    const map_data& data;
    const map_options& options;
    const canvas& c;
    page_transform t;
    map_layout& layout;
    rect panel;  // the side panel: legend, summary, priorities
    rect footer; // the data-source and CRS lines
};

// map_features.cpp: everything inside the frame; returns the boxes of point symbols, which
// labels must keep clear of.
std::vector<rect> draw_features(const page& p);
// map_labels.cpp: village names and counts, closed fords, the commune centre.
void draw_labels(const page& p, label_placer& placer);
// map_road_labels.cpp: names along the main roads, where room is left.
void draw_road_labels(const page& p, label_placer& placer);
// map_furniture.cpp
rect draw_scale_bar(const page& p);   // returns its box
rect draw_north_arrow(const page& p); // returns its box
void draw_frame(const page& p);
void draw_title(const page& p); // and the summary above the legend column
void draw_summary(const page& p);
void draw_footer(const page& p);
void draw_panel(const page& p); // legend, summary, priority list; sets layout.legend

// A point village's circle radius in points: area ∝ households among the map's point
// villages, clamped so that a tiny village stays visible and a large one hides no road.
// Unknown households get a middle-sized hollow ring.
double village_radius(const map_data& d, const map_village& v);
inline constexpr double village_radius_min = 3.5;
inline constexpr double village_radius_max = 12;

// The project's label for the map: its rank, or empty when not ranked.
std::string marker_text(const map_project& project);
// Where a project's marker goes: its point, or the middle of its line.
geo::xy marker_point(const map_project& project);

} // namespace allseason::render::detail
