// Public layers as GeoJSON, reprojected with PROJ from the project CRS to WGS 84.
#include "web/geojson.hpp"

#include "geo/proj.hpp"
#include "geo/sqlite.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace allseason::web {

namespace {

// The columns each public layer shows. Villages show their household count (the cut-off
// answer does too) but never their poor / near-poor counts.
const std::map<std::string, std::vector<std::string>>& public_columns() {
    static const std::map<std::string, std::vector<std::string>> columns = {
        {"roads", {"code", "name", "class", "surface", "condition", "structure"}},
        {"villages", {"code", "name", "households"}},
        {"fords", {"code", "name", "flood_depth_m", "flood_depth_estimated_m", "derived"}},
        {"bridges", {"code", "name", "vehicles"}},
        {"projects",
         {"code", "name", "kind", "cost_million_vnd", "funding", "status", "progress_pct", "year"}},
        {"facilities", {"code", "name", "kind"}},
        {"waterways", {"name", "kind"}},
        {"boundary", {"code", "name"}},
        {"hazard_zones", {"kind", "scenario", "days_per_year", "source"}},
    };
    return columns;
}

double rounded(double degrees) {
    return std::round(degrees * 1e7) / 1e7;
}

// Reprojects every position of a GeoJSON geometry's coordinates in place.
void reproject(nlohmann::json& coordinates, const geo::transformation& to_wgs84) {
    if (coordinates.is_array() && coordinates.size() >= 2 && coordinates[0].is_number()) {
        const auto p = to_wgs84.apply({coordinates[0].get<double>(), coordinates[1].get<double>()});
        coordinates = nlohmann::json::array({rounded(p.x), rounded(p.y)});
        return;
    }
    for (auto& item : coordinates) {
        reproject(item, to_wgs84);
    }
}

// Column `2i` holds typeof(value), column `2i + 1` the value: numbers stay numbers.
nlohmann::json column_value(geo::statement& s, int i) {
    const auto type = s.get_text(2 * i);
    if (type == "integer")
        return s.get_int(2 * i + 1);
    if (type == "real")
        return s.get_double(2 * i + 1);
    if (type == "null")
        return nullptr;
    return s.get_text(2 * i + 1);
}

} // namespace

const std::vector<std::string>& public_layers() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& [name, columns] : public_columns())
            out.push_back(name);
        return out;
    }();
    return names;
}

bool is_public_layer(const std::string& name) {
    return public_columns().count(name) != 0;
}

std::string layer_geojson(layers::project& project, const std::string& layer) {
    nlohmann::json features = nlohmann::json::array();
    auto& db = project.db();
    if (db.table_exists(layer) && project.has_crs()) {
        const auto& columns = public_columns().at(layer);
        std::string select;
        for (const auto& c : columns) {
            select += fmt::format("typeof({0}), {0}, ", geo::quote_identifier(c));
        }
        auto s = db.prepare(fmt::format("SELECT {}AsGeoJSON(geom, 3) FROM {} WHERE geom IS NOT "
                                        "NULL ORDER BY fid",
                                        select, geo::quote_identifier(layer)));
        const geo::transformation to_wgs84(project.crs(), geo::crs::from_user_text("EPSG:4326"));
        const int count = static_cast<int>(columns.size());
        const int geometry_column = 2 * count;
        while (s.step()) {
            if (s.is_null(geometry_column))
                continue;
            auto geometry = nlohmann::json::parse(s.get_text(geometry_column));
            reproject(geometry["coordinates"], to_wgs84);
            nlohmann::json properties = nlohmann::json::object();
            for (int i = 0; i < count; ++i) {
                properties[columns[static_cast<std::size_t>(i)]] = column_value(s, i);
            }
            features.push_back(
                {{"type", "Feature"}, {"properties", properties}, {"geometry", geometry}});
        }
    }
    const nlohmann::json out = {{"type", "FeatureCollection"}, {"features", features}};
    return out.dump();
}

} // namespace allseason::web
