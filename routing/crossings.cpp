#include "routing/crossings.hpp"

#include "routing/detail/segment_grid.hpp"

#include "geo/geos.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace allseason::routing {

namespace {

// Points of one road closer than this are one crossing: the same crossing found on both road
// parts that meet there, or on both waterway parts that meet there.
constexpr double same_point_m = 0.01;

double round_cm(double v) {
    return std::round(v * 100.0) / 100.0;
}

// One crossing of one road code while it is being gathered: the road and waterway rows whose
// intersection gave it.
struct gathered {
    geo::xy point;
    std::set<std::size_t> roads;     // indices into input.roads
    std::set<std::size_t> waterways; // indices into input.waterways
};

// The points where the road's line meets the waterway's: crossing points as they are, and for
// a stretch they share, the point of the stretch that comes first along the road.
std::vector<geo::xy> meeting_points(const geo::geometry& road, const geo::geometry& water) {
    std::vector<geo::xy> out;
    const auto common = road.intersection(water);
    if (common.is_empty())
        return out;
    for (int i = 0; i < common.num_parts(); ++i) {
        const auto part = common.part(i);
        if (part.is_empty())
            continue;
        if (part.type() == geo::geometry_type::point) {
            out.push_back(part.as_xy());
            continue;
        }
        const auto line = part.coordinates();
        if (line.empty())
            continue;
        const auto& ctx = road.context();
        const bool first =
            road.project(ctx.point(line.front())) <= road.project(ctx.point(line.back()));
        out.push_back(first ? line.front() : line.back());
    }
    return out;
}

double distance_to(geo::xy p, const std::vector<geo::xy>& points) {
    if (points.size() == 1)
        return detail::distance(p, points.front());
    double best = std::numeric_limits<double>::max();
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        best = std::min(best, detail::nearest_on_segment(p, points[i], points[i + 1]).distance);
    }
    return best;
}

// The nearest of the features the tree holds within `radius` of p, ties to the lower code.
std::optional<std::size_t>
nearest_within(const geo::strtree& tree, geo::xy p, double radius,
               const std::function<double(std::size_t)>& distance_of,
               const std::function<std::string_view(std::size_t)>& code_of) {
    std::optional<std::size_t> best;
    double best_d = 0;
    tree.query({p.x - radius, p.y - radius, p.x + radius, p.y + radius}, [&](std::size_t i) {
        const double d = distance_of(i);
        if (d > radius)
            return;
        if (!best || d < best_d || (d == best_d && code_of(i) < code_of(*best))) {
            best = i;
            best_d = d;
        }
    });
    return best;
}

class crossing_finder {
public:
    explicit crossing_finder(const crossings_input& input)
        : m_in(input), m_waterway_tree(m_geos), m_bridge_tree(m_geos), m_ford_tree(m_geos) {
        for (std::size_t i = 0; i < input.waterways.size(); ++i) {
            m_waterway_lines.push_back(line_of(input.waterways[i].points));
            if (!input.waterways[i].points.empty())
                m_waterway_tree.insert(geo::bounds_of(input.waterways[i].points), i);
        }
        for (std::size_t i = 0; i < input.bridges.size(); ++i) {
            if (!input.bridges[i].points.empty())
                m_bridge_tree.insert(geo::bounds_of(input.bridges[i].points), i);
        }
        for (std::size_t i = 0; i < input.fords.size(); ++i)
            m_ford_tree.insert(geo::bounds_of({input.fords[i].point}), i);
    }

    crossings_answer run() {
        std::map<std::string, std::vector<gathered>> by_code;
        for (std::size_t r = 0; r < m_in.roads.size(); ++r)
            gather_road(r, by_code[m_in.roads[r].code]);
        crossings_answer answer;
        for (auto& [code, points] : by_code) {
            for (const auto& g : points) {
                answer.crossings.push_back(judge(g));
                answer.counts[static_cast<std::size_t>(answer.crossings.back().status)] += 1;
            }
        }
        std::sort(answer.crossings.begin(), answer.crossings.end(),
                  [](const road_crossing& a, const road_crossing& b) {
                      return std::tie(a.road_code, a.point.x, a.point.y) <
                             std::tie(b.road_code, b.point.x, b.point.y);
                  });
        return answer;
    }

private:
    // No line for a degenerate part (the importer rejects them; a hand-edited row may not).
    std::optional<geo::geometry> line_of(const std::vector<geo::xy>& points) const {
        if (points.size() < 2)
            return std::nullopt;
        return m_geos.line(points);
    }

    void gather_road(std::size_t r, std::vector<gathered>& found) const {
        const auto& road = m_in.roads[r];
        const auto road_line = line_of(road.points);
        if (!road_line)
            return;
        m_waterway_tree.query(geo::bounds_of(road.points), [&](std::size_t w) {
            if (!m_waterway_lines[w])
                return;
            for (const auto& p : meeting_points(*road_line, *m_waterway_lines[w]))
                add_point(found, p, r, w);
        });
    }

    static void add_point(std::vector<gathered>& found, geo::xy p, std::size_t road,
                          std::size_t water) {
        for (auto& g : found) {
            if (detail::distance(g.point, p) <= same_point_m) {
                g.roads.insert(road);
                g.waterways.insert(water);
                return;
            }
        }
        found.push_back({p, {road}, {water}});
    }

    bool road_structure(const gathered& g, std::string_view word) const {
        return std::any_of(g.roads.begin(), g.roads.end(),
                           [&](std::size_t r) { return m_in.roads[r].structure == word; });
    }

    road_crossing judge(const gathered& g) const {
        const auto& road = m_in.roads[*g.roads.begin()];
        const auto& water = m_in.waterways[*g.waterways.begin()];
        road_crossing c;
        c.road_code = road.code;
        c.road_name = road.code;
        for (auto r : g.roads) { // the first part with a name names the road
            if (m_in.roads[r].name) {
                c.road_name = *m_in.roads[r].name;
                break;
            }
        }
        c.waterway_name = water.name;
        c.waterway_kind = water.kind;
        c.point = {round_cm(g.point.x), round_cm(g.point.y)};
        const double snap = m_in.snap_m_crossing;
        const auto bridge = nearest_bridge(g.point, snap);
        if (bridge || road_structure(g, "bridge")) {
            c.status = crossing_status::bridge;
            if (bridge)
                c.element = crossing_element{"bridges", m_in.bridges[*bridge].code};
            return c;
        }
        if (road_structure(g, "tunnel")) {
            c.status = crossing_status::tunnel;
            return c;
        }
        if (const auto ford = nearest_ford(g.point, snap)) {
            c.status = crossing_status::ford;
            c.element = crossing_element{"fords", m_in.fords[*ford].code};
            return c;
        }
        const bool culvert = std::any_of(g.waterways.begin(), g.waterways.end(),
                                         [&](std::size_t w) { return m_in.waterways[w].culvert; });
        c.status = culvert ? crossing_status::culvert : crossing_status::unmarked;
        return c;
    }

    std::optional<std::size_t> nearest_bridge(geo::xy p, double radius) const {
        return nearest_within(
            m_bridge_tree, p, radius,
            [&](std::size_t i) { return distance_to(p, m_in.bridges[i].points); },
            [&](std::size_t i) -> std::string_view { return m_in.bridges[i].code; });
    }

    std::optional<std::size_t> nearest_ford(geo::xy p, double radius) const {
        return nearest_within(
            m_ford_tree, p, radius,
            [&](std::size_t i) { return detail::distance(p, m_in.fords[i].point); },
            [&](std::size_t i) -> std::string_view { return m_in.fords[i].code; });
    }

    const crossings_input& m_in;
    geo::geos_context m_geos;
    std::vector<std::optional<geo::geometry>> m_waterway_lines;
    geo::strtree m_waterway_tree;
    geo::strtree m_bridge_tree;
    geo::strtree m_ford_tree;
};

} // namespace

std::string_view to_string(crossing_status status) {
    switch (status) {
    case crossing_status::bridge:
        return "bridge";
    case crossing_status::tunnel:
        return "tunnel";
    case crossing_status::ford:
        return "ford";
    case crossing_status::culvert:
        return "culvert";
    case crossing_status::unmarked:
        return "unmarked";
    }
    return "unmarked";
}

crossings_answer find_crossings(const crossings_input& input) {
    return crossing_finder(input).run();
}

crossings_answer find_crossings(layers::project& project) {
    crossings_input input;
    input.roads = layers::read_roads(project);
    input.waterways = layers::read_waterways(project);
    input.fords = layers::read_fords(project);
    input.bridges = layers::read_bridges(project);
    input.snap_m_crossing = layers::read_settings(project).snap_m_crossing;
    return find_crossings(input);
}

std::vector<layers::derived_ford> fords_for_unmarked(const crossings_answer& answer) {
    std::vector<layers::derived_ford> out;
    std::map<std::string, int> per_road;
    for (const auto& c : answer.crossings) {
        if (c.status != crossing_status::unmarked)
            continue;
        const int n = ++per_road[c.road_code];
        out.push_back({fmt::format("X{}-{}", c.road_code, n), c.point});
    }
    return out;
}

} // namespace allseason::routing
