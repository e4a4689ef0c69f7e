#pragma once
// VN-2000, Vietnam's national datum: the provincial TM-3 zones by province name, and the
// sign check for the datum shift that many Vietnamese files carry with flipped rotations.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace allseason::geo {

struct vn2000_province {
    std::string_view slug;       // ASCII, e.g. "bac-giang"
    std::string_view name;       // e.g. "Bắc Giang"
    double central_meridian_deg; // Circular 973/2001/TT-TCĐC
    int epsg;                    // the EPSG TM-3 CRS with that meridian
};

// The 63 provinces and cities as they were before the 2025 mergers.
std::span<const vn2000_province> vn2000_provinces();

// For "VN2000:<slug>" (case-insensitive prefix) returns the definition PROJ should use
// ("EPSG:n"); nullopt for any other text. Throws crs_error for an unknown slug.
std::optional<std::string> resolve_vn2000_name(std::string_view text);

// The EPSG:6960 shift VN-2000 → WGS 84 as a +towgs84 (Position Vector) parameter list.
inline constexpr std::string_view vn2000_towgs84 =
    "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278";

enum class vn2000_shift_check { not_vn2000, correct, flipped_rotations };

// Looks for VN-2000's seven parameters in a PROJ string (+towgs84=) or WKT (TOWGS84[...]):
// `flipped_rotations` when the translations match and the three rotations have the
// opposite signs (Coordinate Frame values in a Position Vector slot, ~0.75 m off).
vn2000_shift_check check_vn2000_shift(std::string_view definition);

} // namespace allseason::geo
