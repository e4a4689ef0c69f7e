#pragma once
// The map's cartography in one place: colours, line widths and type sizes, in points
// (1/72 inch) on paper. Status colours follow a traffic-light reading a council knows at a
// glance (green reachable, red cut off), chosen to stay distinct for red–green colour-blind
// readers by lightness as well as hue.
#include "layers/features.hpp"
#include "layers/render/map_data.hpp"

#include <string_view>

namespace allseason::render {

struct colour {
    double r = 0, g = 0, b = 0, a = 1;
    static constexpr colour hex(unsigned rgb, double alpha = 1) {
        return {static_cast<double>((rgb >> 16) & 0xff) / 255.0,
                static_cast<double>((rgb >> 8) & 0xff) / 255.0,
                static_cast<double>(rgb & 0xff) / 255.0, alpha};
    }
};

struct road_style {
    double width = 1;      // the road's own line
    colour stroke;         // by surface
    bool dashed = false;   // earth roads: unsealed, dashed as on topographic maps
};

namespace style {
inline constexpr colour paper = colour::hex(0xffffff);
inline constexpr colour land = colour::hex(0xf6f4ee);       // outside the villages
inline constexpr colour ink = colour::hex(0x222222);
inline constexpr colour muted_ink = colour::hex(0x555555);
inline constexpr colour frame = colour::hex(0x333333);
inline constexpr colour halo = colour::hex(0xffffff, 0.85);
inline constexpr colour village_outline = colour::hex(0x6d5a4a);
inline constexpr colour water = colour::hex(0x3f8fd2);
inline constexpr colour hazard_fill = colour::hex(0x3f8fd2, 0.22);
inline constexpr colour hazard_outline = colour::hex(0x2166ac, 0.8);
inline constexpr colour reserve = colour::hex(0x1b7837);
inline constexpr colour closed = colour::hex(0xd7191c);
inline constexpr colour ford_open = colour::hex(0x2c7fb8);
inline constexpr colour project = colour::hex(0x54278f);
inline constexpr colour road_casing = colour::hex(0xffffff);

inline constexpr double road_casing_extra = 1.2; // casing wider than the road, each side total
inline constexpr double village_outline_width = 0.8;
inline constexpr double symbol_size = 9;         // fords, bridges, facility icons
inline constexpr double project_radius = 6.5;

inline constexpr std::string_view font_family = "Noto Sans";
inline constexpr double title_size = 15;
inline constexpr double subtitle_size = 9;
inline constexpr double village_label_size = 8;
inline constexpr double detail_label_size = 6.5;
inline constexpr double legend_heading_size = 8;
inline constexpr double legend_size = 7;
inline constexpr double footer_size = 6.5;
} // namespace style

colour village_fill(village_status status);
// Isolation days a year in classes (map --theme isolation_days): 0 none counted, 1 open all
// year, 2 up to 15 days, 3 up to 45, 4 up to 90, 5 more.
inline constexpr int isolation_classes = 6;
int isolation_class(const std::optional<std::int64_t>& days);
colour isolation_fill(int isolation_class);
// The village's fill on this map: by isolation days when the theme is on, else by status.
colour village_colour(const map_data& data, const map_village& v);
road_style road_style_for(layers::road_class klass, layers::surface surf);
// Facility icon colour by kind.
colour facility_colour(std::string_view kind);

} // namespace allseason::render
