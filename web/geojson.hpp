#pragma once
// The public layers as GeoJSON in WGS 84 (contract §6). Each layer's columns are listed here
// one by one: a column that is not named (household points, poverty counts, anything added
// later) is never served.
#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::web {

// roads, villages, fords, bridges, projects, facilities, waterways, boundary, hazard_zones.
const std::vector<std::string>& public_layers();
bool is_public_layer(const std::string& name);

// A FeatureCollection of the layer (empty when the project has no such table yet), longitude
// and latitude to 7 decimals (about a centimetre). Call only for a public layer.
std::string layer_geojson(layers::project& project, const std::string& layer);

} // namespace allseason::web
