#pragma once
// OpenStreetMap ways → roads (contract §3): `highway` gives the class (footways, paths, steps
// and cycleways are skipped), `surface` the surface, with a default per class when it is
// missing. GDAL's OSM driver reports tags it has no column for in `other_tags`, an hstore-like
// text ("surface"=>"asphalt","ref"=>"CG-2"), which other_tag() reads.
#include <optional>
#include <string>
#include <string_view>

namespace allseason::importers {

// The road class for a highway=* value; nullopt for ways that are not roads for vehicles
// (footway, path, steps, cycleway, bridleway, pedestrian, construction, proposed...).
std::optional<std::string_view> osm_road_class(std::string_view highway);

// The surface for a surface=* value and the road's class; a missing or unknown surface
// takes the class's default (asphalt for national/provincial, gravel for inter_commune and
// commune_axis, concrete for village_axis and alley, earth for track and field).
std::string_view osm_surface(std::optional<std::string_view> surface, std::string_view road_class);

// The value of `key` in GDAL's other_tags text, nullopt when absent. Handles \" and \\ escapes.
std::optional<std::string> other_tag(std::string_view other_tags, std::string_view key);

} // namespace allseason::importers
