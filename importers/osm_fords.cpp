#include "importers/osm_fords.hpp"

#include "layers/features.hpp"

#include <algorithm>
#include <limits>

namespace allseason::importers::detail {

namespace {

// The points where `way` meets `other` (an intersection may be points or shared stretches).
void crossing_points(const geo::geometry& meeting, std::vector<geo::xy>& out) {
    if (meeting.is_empty()) {
        return;
    }
    for (int i = 0; i < meeting.num_parts(); ++i) {
        const auto part = meeting.num_parts() == 1 ? meeting.clone() : meeting.part(i);
        const auto coordinates = part.coordinates();
        if (!coordinates.empty()) {
            out.push_back(coordinates.front());
        }
    }
}

} // namespace

void keep_fords_on_roads(osm_layer_rows& fords, const osm_layer_rows& roads, double reach) {
    if (fords.rows.empty()) {
        return;
    }
    geo::geos_context geos;
    geo::strtree tree(geos);
    std::vector<geo::geometry> points;
    for (size_t i = 0; i < fords.rows.size(); ++i) {
        points.push_back(geos.from_wkb(fords.rows[i].wkb));
        const auto p = points.back().as_xy();
        tree.insert({p.x, p.y, p.x, p.y}, i);
    }
    std::vector<bool> on_road(fords.rows.size(), false);
    for (const auto& road : roads.rows) {
        const auto box = geo::bounds_of(layers::wkb_coordinates(road.wkb), reach);
        std::optional<geo::geometry> line;
        tree.query(box, [&](size_t i) {
            if (on_road[i]) {
                return;
            }
            if (!line) {
                line = geos.from_wkb(road.wkb);
            }
            on_road[i] = line->distance(points[i]) <= reach;
        });
    }
    std::vector<osm_row> kept;
    for (size_t i = 0; i < fords.rows.size(); ++i) {
        if (on_road[i]) {
            kept.push_back(std::move(fords.rows[i]));
        } else {
            ++fords.skipped["ford nodes on no imported road"];
        }
    }
    fords.rows = std::move(kept);
}

void place_ford_ways(const std::vector<osm_row>& ways, const osm_layer_rows& waterways,
                     osm_layer_rows& fords) {
    if (ways.empty()) {
        return;
    }
    geo::geos_context geos;
    geo::strtree tree(geos);
    for (size_t i = 0; i < waterways.rows.size(); ++i) {
        tree.insert(geo::bounds_of(layers::wkb_coordinates(waterways.rows[i].wkb), 0), i);
    }
    for (const auto& way : ways) {
        const auto line = geos.from_wkb(way.wkb);
        std::vector<geo::xy> crossings;
        tree.query(line.bounds(), [&](size_t i) {
            const auto water = geos.from_wkb(waterways.rows[i].wkb);
            if (line.intersects(water)) {
                crossing_points(line.intersection(water), crossings);
            }
        });
        geo::xy at = line.interpolate(line.length() / 2);
        double first = std::numeric_limits<double>::max();
        for (const auto& p : crossings) {
            const double along = line.project(geos.point(p));
            if (along < first) {
                first = along;
                at = p;
            }
        }
        fords.rows.push_back({way.values, geos.point(at).to_wkb()});
    }
}

} // namespace allseason::importers::detail
