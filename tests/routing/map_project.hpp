#pragma once
// Small networks drawn as ASCII maps, turned into real SpatiaLite projects (layers::project +
// SQL inserts with GeomFromText; no mocks). Every letter or digit of the drawing is a named
// point; one character is `cell_m` metres (100 m unless told), rows go down the page
// (north at the top). Dashes and bars are only for the reader: roads are listed explicitly
// through the letters they pass.
//
//     A---B---C          map.at('B') is (400, 200) with 100 m cells
//         |
//         D
#include "geo/geos.hpp"
#include "layers/project.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace allseason::test {

class ascii_map {
public:
    explicit ascii_map(const std::string& drawing, double cell_m = 100.0);
    geo::xy at(char name) const;
    // A point between two named points, `t` of the way from a to b.
    geo::xy between(char a, char b, double t) const;

private:
    std::map<char, geo::xy> m_points;
};

// A project in EPSG:32648 (UTM 48N) that the tests fill layer by layer.
class map_project {
public:
    map_project(const std::filesystem::path& path, const ascii_map& map);

    const std::filesystem::path& path() const { return m_path; }
    const ascii_map& map() const { return m_map; }
    layers::project& project() { return m_project; }

    // A road through the named points, e.g. road("R1", "ABC").
    map_project& road(const std::string& code, const std::string& through,
                      const std::string& surface = "asphalt",
                      const std::string& klass = "commune_axis",
                      const std::optional<std::string>& name = std::nullopt);
    map_project& road_points(const std::string& code, const std::vector<geo::xy>& points,
                             const std::string& surface = "asphalt",
                             const std::string& klass = "commune_axis");
    // A waterway through the named points (null name when empty).
    map_project& waterway(const std::string& name, const std::string& through,
                          const std::string& kind = "stream", bool culvert = false);
    map_project& waterway_points(const std::string& name, const std::vector<geo::xy>& points,
                                 const std::string& kind = "stream", bool culvert = false);
    // Sets roads.structure (bridge, tunnel) on every part of the road.
    map_project& road_structure(const std::string& code, const std::string& structure);
    map_project& ford(const std::string& code, geo::xy at, double depth_m,
                      const std::string& name = "");
    map_project& bridge(const std::string& code, geo::xy at, bool vehicles = true);
    map_project& facility(const std::string& code, const std::string& kind, geo::xy at,
                          const std::optional<std::string>& village_code = std::nullopt);
    // A square village of side 2 * half_m around `centre`; its culture house sits at `access`
    // when given (else the access point is the square's PointOnSurface).
    map_project& village(const std::string& code, const std::string& name, int households,
                         geo::xy centre, std::optional<geo::xy> access = std::nullopt,
                         double half_m = 20.0, int ethnic_minority_households = 0);
    // A village known only by its centre (contract §1: a Point); name and households may be
    // null (households null: not known yet).
    map_project& point_village(const std::string& code, const std::optional<std::string>& name,
                               std::optional<std::int64_t> households, geo::xy at);
    map_project& household(const std::string& village_code, geo::xy at, bool ethnic = false);
    map_project& hazard(const std::string& scenario, const std::string& polygon_wkt,
                        const std::string& kind = "flood");
    map_project& project_row(const std::string& code, const std::string& kind,
                             const std::string& status, const std::string& geometry_wkt,
                             double cost_million_vnd = 1000,
                             const std::optional<std::string>& ford_code = std::nullopt,
                             const std::optional<std::string>& road_code = std::nullopt);
    map_project& setting(const std::string& key, double value);
    map_project& scenario(const std::string& name, std::optional<double> ford_depth_m,
                          const std::string& closed_surfaces,
                          const std::optional<std::string>& hazard_scenario);

private:
    std::string line_wkt(const std::vector<geo::xy>& points) const;
    std::filesystem::path m_path;
    ascii_map m_map;
    layers::project m_project;
};

std::string point_wkt(geo::xy p);
// An axis-aligned rectangle polygon.
std::string box_wkt(double min_x, double min_y, double max_x, double max_y);

} // namespace allseason::test

#include "routing/critical.hpp"
#include "routing/cutoff.hpp"

#include <vector>

namespace allseason::test {

// The cutoff answer keyed by village code, computed through the library as the CLI does.
struct cutoff_by_code {
    std::map<std::string, routing::village_cutoff> villages;
    routing::cutoff_summary summary;
    // "fords:F1", "roads:R2", ... in the answer's order.
    std::vector<std::string> blocked(const std::string& village) const;
    const routing::village_cutoff& operator[](const std::string& village) const;
};

cutoff_by_code cutoff_of(map_project& p, const std::string& scenario = "rainy",
                         routing::destination to = routing::destination::commune_centre);

// "fords:F1 isolates 30 [NT TH]" lines, in the answer's order.
std::vector<std::string>
critical_of(map_project& p, routing::destination to = routing::destination::commune_centre);

} // namespace allseason::test
