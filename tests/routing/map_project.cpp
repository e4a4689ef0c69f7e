#include "routing/map_project.hpp"

#include "geo/proj.hpp"

#include <fmt/format.h>
#include <sstream>
#include <stdexcept>

namespace allseason::test {

ascii_map::ascii_map(const std::string& drawing, double cell_m) {
    std::vector<std::string> rows;
    std::istringstream in(drawing);
    for (std::string line; std::getline(in, line);)
        rows.push_back(line);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const char ch = rows[r][c];
            if (std::isalnum(static_cast<unsigned char>(ch))) {
                if (m_points.count(ch))
                    throw std::logic_error(fmt::format("'{}' twice", ch));
                m_points[ch] = {static_cast<double>(c) * cell_m,
                                static_cast<double>(rows.size() - r) * cell_m};
            }
        }
    }
}

geo::xy ascii_map::at(char name) const {
    auto it = m_points.find(name);
    if (it == m_points.end())
        throw std::logic_error(fmt::format("no '{}' on the map", name));
    return it->second;
}

geo::xy ascii_map::between(char a, char b, double t) const {
    const auto p = at(a), q = at(b);
    return {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
}

// The shortest form that reads back exactly (the pgRouting sample has 1.999999999999).
std::string point_wkt(geo::xy p) {
    return fmt::format("POINT({} {})", p.x, p.y);
}

std::string box_wkt(double min_x, double min_y, double max_x, double max_y) {
    return fmt::format("MULTIPOLYGON((({0} {1}, {2} {1}, {2} {3}, {0} {3}, {0} {1})))", min_x,
                       min_y, max_x, max_y);
}

map_project::map_project(const std::filesystem::path& path, const ascii_map& map)
    : m_path(path), m_map(map),
      m_project(layers::project::create(path, geo::crs::from_user_text("EPSG:32648"),
                                        {"thử nghiệm", true})) {}

std::string map_project::line_wkt(const std::vector<geo::xy>& points) const {
    std::string wkt = "LINESTRING(";
    for (std::size_t i = 0; i < points.size(); ++i) {
        wkt += fmt::format("{}{} {}", i ? ", " : "", points[i].x, points[i].y);
    }
    return wkt + ")";
}

map_project& map_project::road(const std::string& code, const std::string& through,
                               const std::string& surface, const std::string& klass,
                               const std::optional<std::string>& name) {
    std::vector<geo::xy> points;
    for (char c : through)
        points.push_back(m_map.at(c));
    road_points(code, points, surface, klass);
    if (name) {
        m_project.db()
            .prepare("UPDATE roads SET name = ? WHERE code = ?")
            .bind(1, *name)
            .bind(2, code)
            .run();
    }
    return *this;
}

map_project& map_project::road_points(const std::string& code, const std::vector<geo::xy>& points,
                                      const std::string& surface, const std::string& klass) {
    m_project.db()
        .prepare("INSERT INTO roads (code, class, surface, geom) "
                 "VALUES (?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, klass)
        .bind(3, surface)
        .bind(4, line_wkt(points))
        .run();
    return *this;
}

map_project& map_project::waterway(const std::string& name, const std::string& through,
                                   const std::string& kind, bool culvert) {
    std::vector<geo::xy> points;
    for (char c : through) points.push_back(m_map.at(c));
    return waterway_points(name, points, kind, culvert);
}

map_project& map_project::waterway_points(const std::string& name,
                                          const std::vector<geo::xy>& points,
                                          const std::string& kind, bool culvert) {
    m_project.db()
        .prepare("INSERT INTO waterways (name, kind, culvert, geom) "
                 "VALUES (?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, name.empty() ? std::optional<std::string>() : std::optional<std::string>(name))
        .bind(2, kind)
        .bind(3, culvert)
        .bind(4, line_wkt(points))
        .run();
    return *this;
}

map_project& map_project::road_structure(const std::string& code, const std::string& structure) {
    m_project.db()
        .prepare("UPDATE roads SET structure = ? WHERE code = ?")
        .bind(1, structure)
        .bind(2, code)
        .run();
    return *this;
}

map_project& map_project::ford(const std::string& code, geo::xy at, double depth_m,
                               const std::string& name) {
    m_project.db()
        .prepare("INSERT INTO fords (code, name, flood_depth_m, geom) "
                 "VALUES (?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, name.empty() ? "Ngầm " + code : name)
        .bind(3, depth_m)
        .bind(4, point_wkt(at))
        .run();
    return *this;
}

map_project& map_project::bridge(const std::string& code, geo::xy at, bool vehicles) {
    m_project.db()
        .prepare("INSERT INTO bridges (code, name, vehicles, geom) "
                 "VALUES (?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, "Cầu " + code)
        .bind(3, vehicles)
        .bind(4, point_wkt(at))
        .run();
    return *this;
}

map_project& map_project::facility(const std::string& code, const std::string& kind, geo::xy at,
                                   const std::optional<std::string>& village_code) {
    m_project.db()
        .prepare("INSERT INTO facilities (code, name, kind, village_code, geom) "
                 "VALUES (?, ?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, "Nhà " + code)
        .bind(3, kind)
        .bind(4, village_code)
        .bind(5, point_wkt(at))
        .run();
    return *this;
}

map_project& map_project::village(const std::string& code, const std::string& name, int households,
                                  geo::xy centre, std::optional<geo::xy> access, double half_m,
                                  int ethnic_minority_households) {
    m_project.db()
        .prepare("INSERT INTO villages (code, name, households, ethnic_minority_households, geom) "
                 "VALUES (?, ?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, name)
        .bind(3, households)
        .bind(4, ethnic_minority_households)
        .bind(5,
              box_wkt(centre.x - half_m, centre.y - half_m, centre.x + half_m, centre.y + half_m))
        .run();
    if (access)
        facility("NVH-" + code, "culture_house", *access, code);
    return *this;
}

map_project& map_project::point_village(const std::string& code,
                                        const std::optional<std::string>& name,
                                        std::optional<std::int64_t> households, geo::xy at) {
    m_project.db()
        .prepare("INSERT INTO villages (code, name, households, geom) "
                 "VALUES (?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, name)
        .bind(3, households)
        .bind(4, point_wkt(at))
        .run();
    return *this;
}

map_project& map_project::household(const std::string& village_code, geo::xy at, bool ethnic) {
    m_project.db()
        .prepare("INSERT INTO households (village_code, ethnic_minority, geom) "
                 "VALUES (?, ?, GeomFromText(?, 32648))")
        .bind(1, village_code)
        .bind(2, ethnic)
        .bind(3, point_wkt(at))
        .run();
    return *this;
}

map_project& map_project::hazard(const std::string& scenario, const std::string& polygon_wkt,
                                 const std::string& kind) {
    m_project.db()
        .prepare("INSERT INTO hazard_zones (kind, scenario, geom) "
                 "VALUES (?, ?, CastToMultiPolygon(GeomFromText(?, 32648)))")
        .bind(1, kind)
        .bind(2, scenario)
        .bind(3, polygon_wkt)
        .run();
    return *this;
}

map_project& map_project::project_row(const std::string& code, const std::string& kind,
                                      const std::string& status, const std::string& geometry_wkt,
                                      double cost_million_vnd,
                                      const std::optional<std::string>& ford_code,
                                      const std::optional<std::string>& road_code) {
    m_project.db()
        .prepare("INSERT INTO projects (code, name, kind, ford_code, road_code, cost_million_vnd, "
                 "status, geom) VALUES (?, ?, ?, ?, ?, ?, ?, GeomFromText(?, 32648))")
        .bind(1, code)
        .bind(2, "Dự án " + code)
        .bind(3, kind)
        .bind(4, ford_code)
        .bind(5, road_code)
        .bind(6, cost_million_vnd)
        .bind(7, status)
        .bind(8, geometry_wkt)
        .run();
    return *this;
}

map_project& map_project::setting(const std::string& key, double value) {
    m_project.db()
        .prepare("INSERT INTO allseason_metadata (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, fmt::format("{}", value))
        .run();
    return *this;
}

map_project& map_project::scenario(const std::string& name, std::optional<double> ford_depth_m,
                                   const std::string& closed_surfaces,
                                   const std::optional<std::string>& hazard_scenario) {
    m_project.db()
        .prepare("INSERT INTO scenarios (name, ford_depth_m, closed_surfaces, hazard_scenario) "
                 "VALUES (?, ?, ?, ?)")
        .bind(1, name)
        .bind(2, ford_depth_m)
        .bind(3, closed_surfaces)
        .bind(4, hazard_scenario)
        .run();
    return *this;
}

} // namespace allseason::test

namespace allseason::test {

std::vector<std::string> cutoff_by_code::blocked(const std::string& village) const {
    std::vector<std::string> out;
    for (const auto& b : (*this)[village].blocked_by) {
        out.push_back(std::string(routing::to_string(b.layer)) + ":" + b.code);
    }
    return out;
}

const routing::village_cutoff& cutoff_by_code::operator[](const std::string& village) const {
    auto it = villages.find(village);
    if (it == villages.end())
        throw std::logic_error("no village " + village + " in the answer");
    return it->second;
}

cutoff_by_code cutoff_of(map_project& p, const std::string& scenario, routing::destination to) {
    const auto net = routing::load_network(p.project());
    const routing::routing_graph graph(net);
    const auto rules = routing::scenario_rules::from(layers::read_scenario(p.project(), scenario));
    const auto answer = routing::compute_cutoff(graph, rules, to);
    cutoff_by_code out;
    for (const auto& v : answer.villages)
        out.villages[net.villages[v.village].code] = v;
    out.summary = answer.summary;
    return out;
}

std::vector<std::string> critical_of(map_project& p, routing::destination to) {
    const auto net = routing::load_network(p.project());
    const routing::routing_graph graph(net);
    std::vector<std::string> out;
    for (const auto& el : routing::compute_critical(graph, to).elements) {
        std::string villages;
        for (const auto& v : el.villages)
            villages += (villages.empty() ? "" : " ") + v;
        out.push_back(fmt::format("{}:{} isolates {} [{}]", routing::to_string(el.layer), el.code,
                                  el.households_isolated, villages));
    }
    return out;
}

} // namespace allseason::test
