#pragma once
// `crossings` (contract §3): every point where a road line crosses a waterway line, whatever
// the noding, and what carries the road over the water there — bridge, tunnel, ford, culvert —
// or nothing recorded (`unmarked`, a likely ford nobody surveyed).
//
// It lives in routing/ beside `check` because it judges the road layer against the same
// tolerance the network uses for fords and bridges (snap_m_crossing), but it needs no graph:
// only the layers' geometry, intersected with GEOS over an STRtree of the waterways.
#include "layers/derived_fords.hpp"
#include "layers/features.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::routing {

// Checked in this order; the first that holds is the crossing's status.
enum class crossing_status : std::uint8_t { bridge, tunnel, ford, culvert, unmarked };
inline constexpr std::array all_crossing_statuses{crossing_status::bridge, crossing_status::tunnel,
                                                  crossing_status::ford, crossing_status::culvert,
                                                  crossing_status::unmarked};
std::string_view to_string(crossing_status status);

// The bridge or ford found at a crossing.
struct crossing_element {
    std::string layer; // bridges, fords
    std::string code;
};

struct road_crossing {
    std::string road_code;
    std::string road_name; // the road code where the name is null
    std::optional<std::string> waterway_name;
    std::string waterway_kind;
    geo::xy point; // project CRS, rounded to the centimetre
    crossing_status status = crossing_status::unmarked;
    std::optional<crossing_element> element; // null: culvert, unmarked, structure-only
};

struct crossings_answer {
    std::vector<road_crossing> crossings; // by road code, then x, then y
    std::array<std::int64_t, 5> counts{}; // by crossing_status
    std::int64_t count(crossing_status s) const { return counts[static_cast<std::size_t>(s)]; }
};

struct crossings_input {
    std::vector<layers::road> roads;
    std::vector<layers::waterway> waterways;
    std::vector<layers::ford> fords;
    std::vector<layers::bridge> bridges;
    double snap_m_crossing = 25.0;
};

crossings_answer find_crossings(const crossings_input& input);
// Reads the layers and settings of the project.
crossings_answer find_crossings(layers::project& project);

// The unmarked crossings as fords to add: code X<road code>-<n>, n from 1 per road in the
// answer's order.
std::vector<layers::derived_ford> fords_for_unmarked(const crossings_answer& answer);

} // namespace allseason::routing
