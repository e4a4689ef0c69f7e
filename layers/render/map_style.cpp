#include "layers/render/map_style.hpp"

namespace allseason::render {

colour village_fill(village_status status) {
    switch (status) {
    case village_status::reachable: return colour::hex(0xc2e3b4);       // light green
    case village_status::cut_off: return colour::hex(0xf28e6b);         // salmon red, darker
    case village_status::unreachable_dry: return colour::hex(0xc5b7dc); // lavender
    case village_status::no_road_access: return colour::hex(0xd4d4d4);  // grey
    case village_status::unknown: return colour::hex(0xfbf3d0);         // pale sand
    }
    return colour::hex(0xfbf3d0);
}

int isolation_class(const std::optional<std::int64_t>& days) {
    if (!days) return 0;
    if (*days <= 0) return 1;
    if (*days <= 15) return 2;
    if (*days <= 45) return 3;
    return *days <= 90 ? 4 : 5;
}

// Light green for all year, then a sequential yellow–red ramp that stays ordered in lightness.
colour isolation_fill(int isolation_class) {
    switch (isolation_class) {
    case 1: return colour::hex(0xc2e3b4);
    case 2: return colour::hex(0xfee391);
    case 3: return colour::hex(0xfdae61);
    case 4: return colour::hex(0xf46d43);
    case 5: return colour::hex(0xb2182b);
    default: return colour::hex(0xd4d4d4);
    }
}

colour village_colour(const map_data& data, const map_village& v) {
    return data.isolation_theme ? isolation_fill(isolation_class(v.isolation_days))
                                : village_fill(v.status);
}

road_style road_style_for(layers::road_class klass, layers::surface surf) {
    road_style s;
    switch (klass) {
    case layers::road_class::national: s.width = 3.4; break;
    case layers::road_class::provincial: s.width = 2.9; break;
    case layers::road_class::inter_commune: s.width = 2.4; break;
    case layers::road_class::commune_axis: s.width = 2.0; break;
    case layers::road_class::village_axis: s.width = 1.5; break;
    case layers::road_class::alley: s.width = 1.1; break;
    case layers::road_class::field: s.width = 1.0; break;
    case layers::road_class::track: s.width = 0.9; break;
    }
    switch (surf) {
    case layers::surface::asphalt: s.stroke = colour::hex(0x252525); break;
    case layers::surface::concrete: s.stroke = colour::hex(0x7b7b7b); break;
    case layers::surface::gravel: s.stroke = colour::hex(0xb8792a); break;
    case layers::surface::earth:
        s.stroke = colour::hex(0x8c5a2b);
        s.dashed = true;
        break;
    }
    return s;
}

colour facility_colour(std::string_view kind) {
    if (kind == "commune_centre") return colour::hex(0xc0142a);
    if (kind == "health_station") return colour::hex(0xe4262f);
    if (kind == "kindergarten") return colour::hex(0x5aa0d8);
    if (kind == "primary_school") return colour::hex(0x2a6fb5);
    if (kind == "secondary_school") return colour::hex(0x163f7a);
    if (kind == "culture_house") return colour::hex(0xc46a12);
    if (kind == "market") return colour::hex(0x8a6d00);
    if (kind == "water_station") return colour::hex(0x1f9bb0);
    return colour::hex(0x444444);
}

} // namespace allseason::render
