#pragma once
// Small OpenStreetMap XML files written by the tests: nodes, ways and multipolygon
// relations with their tags, in the order OSM files keep (nodes, ways, relations).
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace allseason::test {

using osm_tags = std::vector<std::pair<std::string, std::string>>;

class osm_xml {
public:
    // A node at lon/lat; returns its id.
    long node(double lon, double lat, const osm_tags& tags = {});
    // A way through `nodes`; returns its id.
    long way(const std::vector<long>& nodes, const osm_tags& tags);
    // A way through new untagged nodes at the given lon/lat points.
    long way_at(const std::vector<std::pair<double, double>>& points, const osm_tags& tags);
    // A closed way (an area) through new nodes at the given ring points, the first repeated
    // at the end by id (the last point is not given again).
    long closed_way_at(const std::vector<std::pair<double, double>>& ring, const osm_tags& tags);
    // A multipolygon relation with one outer way.
    long multipolygon(long outer_way, const osm_tags& tags);
    std::string text() const;
    void write(const std::filesystem::path& path) const;

private:
    std::string m_nodes;
    std::string m_ways;
    std::string m_relations;
    long m_next_node = 1;
    long m_next_way = 1000;
    long m_next_relation = 5000;
};

} // namespace allseason::test
