#include "importers/osm_rules.hpp"

#include "geo/text.hpp"

#include <array>
#include <utility>

namespace allseason::importers {

namespace {

using pair = std::pair<std::string_view, std::string_view>;

// clang-format off
constexpr std::array amenity_kinds{
    pair{"townhall", "commune_centre"},      pair{"clinic", "health_station"},
    pair{"doctors", "health_station"},       pair{"hospital", "health_station"},
    pair{"kindergarten", "kindergarten"},    pair{"community_centre", "culture_house"},
    pair{"marketplace", "market"},
};

// Name prefixes, folded (fold_for_match: lower case, no accents, đ → d). The longer "truong
// thcs" comes before any shorter prefix it could share a beginning with.
constexpr std::array name_prefixes{
    pair{"ubnd xa", "commune_centre"},       pair{"tram y te", "health_station"},
    pair{"truong mam non", "kindergarten"},  pair{"truong tieu hoc", "primary_school"},
    pair{"truong thcs", "secondary_school"}, pair{"nha van hoa", "culture_house"},
    pair{"cho", "market"},
};
// clang-format on

constexpr std::array secondary_words{"thcs", "thpt", "trung hoc", "secondary"};

constexpr std::array foot_highways{"footway",  "path",       "steps",
                                   "cycleway", "pedestrian", "bridleway"};

constexpr std::array village_places{"village", "hamlet", "isolated_dwelling", "neighbourhood",
                                    "town"};

// "cho" begins "cho ba" but not "chom": the prefix must end at a word boundary.
bool begins_with_words(std::string_view folded, std::string_view prefix) {
    if (!folded.starts_with(prefix)) {
        return false;
    }
    if (folded.size() == prefix.size()) {
        return true;
    }
    const auto next = static_cast<unsigned char>(folded[prefix.size()]);
    return !(std::isalnum(next) || next >= 0x80);
}

std::string_view school_kind(const std::optional<std::string>& name) {
    if (name) {
        const std::string folded = geo::fold_for_match(*name);
        for (const auto* word : secondary_words) {
            if (folded.find(word) != std::string::npos) {
                return "secondary_school";
            }
        }
    }
    return "primary_school";
}

} // namespace

bool osm_tag_set(const std::optional<std::string>& value) {
    return value && *value != "no";
}

std::optional<std::string_view> osm_structure(const osm_tag_lookup& tag) {
    if (osm_tag_set(tag("bridge"))) {
        return "bridge";
    }
    if (osm_tag_set(tag("tunnel"))) {
        return "tunnel";
    }
    return std::nullopt;
}

bool osm_bridge_vehicles(const osm_tag_lookup& tag) {
    if (const auto highway = tag("highway")) {
        for (const auto* foot : foot_highways) {
            if (*highway == foot) {
                return false;
            }
        }
    }
    return tag("motor_vehicle") != "no" && tag("access") != "no";
}

bool osm_ford_node(const osm_tag_lookup& tag) {
    const auto ford = tag("ford");
    return ford == "yes" || ford == "stepping_stones";
}

std::optional<std::string_view> osm_waterway_kind(std::string_view waterway) {
    if (waterway == "river" || waterway == "stream") {
        return waterway == "river" ? "river" : "stream";
    }
    return std::nullopt;
}

std::optional<std::string_view> facility_kind_of_name(std::string_view name) {
    const std::string folded = geo::fold_for_match(name);
    for (const auto& [prefix, kind] : name_prefixes) {
        if (begins_with_words(folded, prefix)) {
            return kind;
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> osm_facility_kind(const osm_tag_lookup& tag) {
    if (const auto amenity = tag("amenity")) {
        if (*amenity == "school") {
            return school_kind(tag("name"));
        }
        for (const auto& [value, kind] : amenity_kinds) {
            if (*amenity == value) {
                return kind;
            }
        }
    }
    if (tag("man_made") == "water_works") {
        return "water_station";
    }
    // A place, a bus stop or a road named after a market is not the market itself.
    for (const char* key : {"place", "highway", "public_transport", "railway"}) {
        if (tag(key)) {
            return std::nullopt;
        }
    }
    if (const auto name = tag("name")) {
        return facility_kind_of_name(*name);
    }
    return std::nullopt;
}

bool osm_village_place(std::string_view place) {
    for (const auto* p : village_places) {
        if (place == p) {
            return true;
        }
    }
    return false;
}

} // namespace allseason::importers
