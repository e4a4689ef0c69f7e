#include "importers/osm_mapping.hpp"

#include <array>
#include <utility>

namespace allseason::importers {

namespace {

using namespace std::string_view_literals;
using pair = std::pair<std::string_view, std::string_view>;

// clang-format off
// highway=* → class. The *_link ramps take their road's class; `road` (type not yet known)
// is treated like unclassified. Anything not listed is not a vehicle road and is skipped.
constexpr std::array highway_classes{
    pair{"motorway", "national"},        pair{"motorway_link", "national"},
    pair{"trunk", "national"},           pair{"trunk_link", "national"},
    pair{"primary", "national"},         pair{"primary_link", "national"},
    pair{"secondary", "provincial"},     pair{"secondary_link", "provincial"},
    pair{"tertiary", "inter_commune"},   pair{"tertiary_link", "inter_commune"},
    pair{"unclassified", "commune_axis"}, pair{"road", "commune_axis"},
    pair{"residential", "village_axis"}, pair{"service", "alley"},
    pair{"living_street", "alley"},      pair{"track", "track"},
};

// surface=* → surface. concrete:* (concrete:plates, concrete:lanes) is matched by prefix. Hard
// paving (setts, paving stones, bricks) is all-season like concrete.
constexpr std::array surfaces{
    pair{"asphalt", "asphalt"},       pair{"paved", "asphalt"},
    pair{"concrete", "concrete"},     pair{"paving_stones", "concrete"},
    pair{"sett", "concrete"},         pair{"cobblestone", "concrete"},
    pair{"unhewn_cobblestone", "concrete"}, pair{"bricks", "concrete"},
    pair{"compacted", "gravel"},      pair{"fine_gravel", "gravel"},
    pair{"gravel", "gravel"},         pair{"pebblestone", "gravel"},
    pair{"unpaved", "earth"},         pair{"dirt", "earth"},
    pair{"earth", "earth"},           pair{"ground", "earth"},
    pair{"mud", "earth"},             pair{"sand", "earth"},
    pair{"grass", "earth"},
};

constexpr std::array class_default_surfaces{
    pair{"national", "asphalt"},     pair{"provincial", "asphalt"},
    pair{"inter_commune", "gravel"}, pair{"commune_axis", "gravel"},
    pair{"village_axis", "concrete"}, pair{"alley", "concrete"},
    pair{"track", "earth"},          pair{"field", "earth"},
};

// clang-format on

template <size_t N>
std::optional<std::string_view> lookup(const std::array<pair, N>& table, std::string_view key) {
    for (const auto& [from, to] : table) {
        if (from == key) {
            return to;
        }
    }
    return std::nullopt;
}

// Reads one "quoted" string starting at `pos` (at the opening quote); advances past it.
std::optional<std::string> read_quoted(std::string_view text, size_t& pos) {
    if (pos >= text.size() || text[pos] != '"') {
        return std::nullopt;
    }
    std::string out;
    for (++pos; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '\\' && pos + 1 < text.size()) {
            out += text[++pos];
        } else if (c == '"') {
            ++pos;
            return out;
        } else {
            out += c;
        }
    }
    return std::nullopt; // unterminated
}

} // namespace

std::optional<std::string_view> osm_road_class(std::string_view highway) {
    return lookup(highway_classes, highway);
}

std::string_view osm_surface(std::optional<std::string_view> surface, std::string_view road_class) {
    if (surface) {
        if (surface->starts_with("concrete")) {
            return "concrete";
        }
        if (auto mapped = lookup(surfaces, *surface)) {
            return *mapped;
        }
    }
    return lookup(class_default_surfaces, road_class).value_or("earth");
}

std::optional<std::string> other_tag(std::string_view other_tags, std::string_view key) {
    size_t pos = 0;
    while (pos < other_tags.size()) {
        auto k = read_quoted(other_tags, pos);
        if (!k || other_tags.substr(pos, 2) != "=>") {
            return std::nullopt;
        }
        pos += 2;
        auto v = read_quoted(other_tags, pos);
        if (!v) {
            return std::nullopt;
        }
        if (*k == key) {
            return v;
        }
        if (pos < other_tags.size() && other_tags[pos] == ',') {
            ++pos;
        }
    }
    return std::nullopt;
}

} // namespace allseason::importers
