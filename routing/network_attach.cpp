// What joins the roads at a point (contract §2): fords and bridges within snap_m_crossing,
// village access points, households and facilities within access_m, each at the nearest point
// of the nearest road; and the edges of hazard polygons, where roads are split so that the
// parts inside can close.
#include "routing/detail/build_state.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace allseason::routing::detail {

polyline_point build_state::nearest_on_road(std::uint32_t road, geo::xy p) const {
    const auto& r = net.roads[road];
    polyline_point best{INFINITY, 0, {}};
    for (std::uint64_t v = r.first_point; v + 1 < r.first_point + r.point_count; ++v) {
        auto q = nearest_on_segment(p, net.points[v], net.points[v + 1]);
        if (q.distance < best.distance) {
            best = q;
            best.along = vertex_measure[v] + q.along;
        }
    }
    return best;
}

geo::xy point_at(const network& net, std::uint32_t road, double measure) {
    const auto& r = net.roads[road];
    double m = 0;
    for (std::uint64_t v = r.first_point; v + 1 < r.first_point + r.point_count; ++v) {
        const geo::xy a = net.points[v], b = net.points[v + 1];
        const double len = distance(a, b);
        if (m + len >= measure && len > 0) {
            const double t = std::clamp((measure - m) / len, 0.0, 1.0);
            return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
        }
        m += len;
    }
    return net.points[r.first_point + r.point_count - 1];
}

namespace {

geo::xy midpoint_of_line(const std::vector<geo::xy>& pts) {
    double total = 0;
    for (std::size_t i = 1; i < pts.size(); ++i) total += distance(pts[i - 1], pts[i]);
    double half = total / 2;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const double len = distance(pts[i - 1], pts[i]);
        if (len >= half && len > 0) {
            const double t = half / len;
            return {pts[i - 1].x + t * (pts[i].x - pts[i - 1].x),
                    pts[i - 1].y + t * (pts[i].y - pts[i - 1].y)};
        }
        half -= len;
    }
    return pts.front();
}

// Splits today's nearest road within `reach` of p at its nearest point; returns the new
// candidate (no_index when no road is that close) and the distance.
std::uint32_t join_nearest(build_state& s, geo::xy p, double reach, double snap, double& dist,
                           std::uint32_t* road_out = nullptr) {
    segment_grid::hit hit;
    if (!s.grid->nearest(p, reach, hit, [&](std::uint64_t seg) { return s.segment_in_today(seg); })) {
        dist = INFINITY;
        return no_index;
    }
    dist = hit.nearest.distance;
    const std::uint32_t road = s.vertex_road[hit.segment];
    const std::uint32_t c = s.add_extra(hit.nearest.point);
    s.splits.push_back({road, s.measure_at(hit.segment, hit.nearest.along), c, snap});
    if (road_out) *road_out = road;
    return c;
}

} // namespace

void attach_crossings(build_state& s) {
    auto& net = s.net;
    const double reach = net.options.snap_m_crossing;
    const double snap = net.options.snap_m;
    for (std::uint32_t i = 0; i < net.fords.size(); ++i) {
        crossing c{crossing_layer::fords, i, {}, 0};
        const std::uint32_t cand = join_nearest(s, net.fords[i].point, reach, snap, c.distance_m);
        c.node = node_id{cand};
        net.crossings.push_back(c);
    }
    for (std::uint32_t i = 0; i < net.bridges.size(); ++i) {
        const auto& b = net.bridges[i];
        if (b.points.empty()) continue;
        const geo::xy at = b.points.size() == 1 ? b.points.front() : midpoint_of_line(b.points);
        crossing c{crossing_layer::bridges, i, {}, 0};
        std::uint32_t road = no_index;
        c.node = node_id{join_nearest(s, at, reach, snap, c.distance_m, &road)};
        net.crossings.push_back(c);
        if (road == no_index || !b.vehicles || b.points.size() < 2) continue;
        // A vehicle bridge drawn as a line keeps the road along its span open in hazard zones.
        const auto from = s.nearest_on_road(road, b.points.front());
        const auto to = s.nearest_on_road(road, b.points.back());
        if (from.distance > reach || to.distance > reach) continue;
        const double lo = std::min(from.along, to.along), hi = std::max(from.along, to.along);
        s.splits.push_back({road, lo, s.add_extra(from.point), 1e-6});
        s.splits.push_back({road, hi, s.add_extra(to.point), 1e-6});
        s.bridge_spans[road].emplace_back(lo, hi);
    }
}

namespace {

// The access point of a village: its culture house (by village_code, else inside the
// polygon), else GEOS PointOnSurface.
geo::xy access_point(const network& net, const layers::village& v, const geo::geometry& polygon) {
    for (const auto& f : net.facilities) {
        if (f.kind == "culture_house" && f.village_code && *f.village_code == v.code) {
            return f.point;
        }
    }
    const geo::prepared_geometry prepared(polygon);
    for (const auto& f : net.facilities) {
        if (f.kind == "culture_house" && !f.village_code && prepared.contains_xy(f.point)) {
            return f.point;
        }
    }
    return polygon.point_on_surface().as_xy();
}

void add_place(build_state& s, place_kind kind, std::uint32_t index, geo::xy p) {
    place pl;
    pl.kind = kind;
    pl.index = index;
    pl.point = p;
    const std::uint32_t c = join_nearest(s, p, s.net.options.access_m, s.net.options.snap_m,
                                         pl.walk_m);
    pl.node = node_id{c}; // the road candidate until make_place_edges gives the place its node
    if (c == no_index) pl.walk_m = 0;
    s.net.places.push_back(pl);
}

} // namespace

void attach_places(build_state& s) {
    auto& net = s.net;
    geo::geos_context geos;
    std::map<std::string, std::vector<std::uint32_t>> households_of;
    for (std::uint32_t h = 0; h < net.households.size(); ++h) {
        households_of[net.households[h].village_code].push_back(h);
    }
    net.village_access.assign(net.villages.size(), no_index);
    for (std::uint32_t v = 0; v < net.villages.size(); ++v) {
        const auto& village = net.villages[v];
        if (households_of.count(village.code)) continue; // its households join instead
        geo::xy p;
        try {
            p = access_point(net, village, geos.from_wkb(village.geom));
        } catch (const data_error& e) {
            throw data_error(fmt::format("village {} (fid {}): {}", village.code, village.fid,
                                         e.what()));
        }
        net.village_access[v] = static_cast<std::uint32_t>(net.places.size());
        add_place(s, place_kind::village, v, p);
    }
    for (std::uint32_t h = 0; h < net.households.size(); ++h) {
        add_place(s, place_kind::household, h, net.households[h].point);
    }
    for (std::uint32_t f = 0; f < net.facilities.size(); ++f) {
        add_place(s, place_kind::facility, f, net.facilities[f].point);
    }
}

void split_at_hazards(build_state& s) {
    auto& net = s.net;
    geo::geos_context geos;
    s.hazard_roads.assign(net.hazard_zones.size(), {});
    for (std::uint32_t z = 0; z < net.hazard_zones.size(); ++z) {
        const auto polygon = geos.from_wkb(net.hazard_zones[z].geom);
        const geo::prepared_geometry prepared(polygon);
        const auto box = polygon.bounds();
        const geo::xy centre{(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2};
        const double radius = std::hypot(box.max_x - box.min_x, box.max_y - box.min_y) / 2;
        std::vector<std::uint32_t> roads;
        s.grid->query(centre, radius, [&](std::uint64_t seg) { roads.push_back(s.vertex_road[seg]); });
        std::sort(roads.begin(), roads.end());
        roads.erase(std::unique(roads.begin(), roads.end()), roads.end());
        for (std::uint32_t r : roads) {
            const auto& road = net.roads[r];
            std::vector<geo::xy> pts(
                net.points.begin() + static_cast<std::ptrdiff_t>(road.first_point),
                net.points.begin() + static_cast<std::ptrdiff_t>(road.first_point + road.point_count));
            const auto line = geos.line(pts);
            if (!prepared.intersects(line)) continue;
            s.hazard_roads[z].push_back(r);
            // The inside parts' ends are where the road crosses the polygon's edge.
            const auto inside = line.intersection(polygon);
            for (int i = 0; i < inside.num_parts(); ++i) {
                const auto coords = inside.part(i).coordinates();
                if (coords.empty()) continue;
                for (const auto& q : {coords.front(), coords.back()}) {
                    const auto at = s.nearest_on_road(r, q);
                    s.splits.push_back({r, at.along, s.add_extra(at.point), 1e-6});
                }
            }
        }
    }
}

void mark_hazard_edges(build_state& s, const std::vector<std::uint32_t>& road_first_edge) {
    auto& net = s.net;
    geo::geos_context geos;
    std::map<std::string, std::uint32_t> scenario_ids;
    std::map<std::uint32_t, std::vector<std::uint32_t>> edge_sets;
    for (std::uint32_t z = 0; z < net.hazard_zones.size(); ++z) {
        if (s.hazard_roads[z].empty()) continue;
        const auto& zone = net.hazard_zones[z];
        auto [it, added] = scenario_ids.try_emplace(zone.scenario,
                                                    static_cast<std::uint32_t>(scenario_ids.size()));
        if (added) net.hazard_scenarios.push_back(zone.scenario);
        const auto polygon = geos.from_wkb(zone.geom);
        const geo::prepared_geometry prepared(polygon);
        for (std::uint32_t r : s.hazard_roads[z]) {
            for (auto e = road_first_edge[r]; e < road_first_edge[r + 1]; ++e) {
                const auto& span = net.edge_spans[e];
                const geo::xy mid = point_at(net, r, (span.from_m + span.to_m) / 2);
                if (prepared.contains_xy(mid)) edge_sets[e].push_back(it->second);
            }
        }
    }
    net.edge_hazards.assign(net.edges.size(), 0);
    net.hazard_sets.assign(1, {});
    std::map<std::vector<std::uint32_t>, std::uint32_t> set_ids;
    for (auto& [e, set] : edge_sets) {
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        auto [it, added] = set_ids.try_emplace(set, static_cast<std::uint32_t>(net.hazard_sets.size()));
        if (added) net.hazard_sets.push_back(set);
        net.edge_hazards[e] = it->second;
    }
}

} // namespace allseason::routing::detail
