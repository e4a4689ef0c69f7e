#pragma once
// The tag rules of `import PROJECT all` (contract §3) for the layers other than roads: which
// OSM elements are bridges, fords, waterways, facilities and villages, and with what values.
// Each rule reads tags through a lookup so the same rule serves every GDAL OSM layer.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace allseason::importers {

// A tag's value, nullopt when the element does not have the tag.
using osm_tag_lookup = std::function<std::optional<std::string>(std::string_view key)>;

// True when a tag is present with any value other than "no" (bridge=*, tunnel=*).
bool osm_tag_set(const std::optional<std::string>& value);

// structure of a road: "bridge", "tunnel" or nullopt (at grade).
std::optional<std::string_view> osm_structure(const osm_tag_lookup& tag);

// Whether a bridge carries vehicles: false for footway, path, steps, cycleway, pedestrian,
// bridleway and for motor_vehicle=no or access=no.
bool osm_bridge_vehicles(const osm_tag_lookup& tag);

// A node that is a ford: ford=yes or ford=stepping_stones.
bool osm_ford_node(const osm_tag_lookup& tag);

// waterway=river → river, stream → stream; nullopt for every other waterway.
std::optional<std::string_view> osm_waterway_kind(std::string_view waterway);

// The facility kind from amenity/man_made, else from a Vietnamese name prefix ("Trạm y tế",
// "UBND xã" ... in any case, with or without accents); nullopt when neither says one.
std::optional<std::string_view> osm_facility_kind(const osm_tag_lookup& tag);

// The facility kind a name alone says (its prefix), nullopt when none.
std::optional<std::string_view> facility_kind_of_name(std::string_view name);

// place=village, hamlet, isolated_dwelling, neighbourhood or town.
bool osm_village_place(std::string_view place);

} // namespace allseason::importers
