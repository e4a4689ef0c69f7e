#pragma once
// The first half of `import all`: OSM elements sorted into the rows of each layer by the
// tag rules of contract §3, geometries still in the file's CRS (WGS 84). Internal to
// importers/ (osm_all.cpp places the fords and writes the rows).
#include "geo/geos.hpp"
#include "geo/sqlite.hpp"
#include "importers/osm_reader.hpp"
#include "layers/layer_writer.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace allseason::importers::detail {

struct osm_row {
    std::vector<std::pair<std::string_view, layers::field_value>> values; // column → value
    geo::blob wkb; // 2-D ISO WKB in the file's CRS
};

struct osm_layer_rows {
    std::string_view layer;
    std::vector<osm_row> rows;
    std::map<std::string, std::int64_t> skipped; // reason → count
};

struct osm_collection {
    osm_layer_rows roads{"roads", {}, {}};
    osm_layer_rows bridges{"bridges", {}, {}};
    osm_layer_rows waterways{"waterways", {}, {}};
    osm_layer_rows facilities{"facilities", {}, {}};
    osm_layer_rows villages{"villages", {}, {}};
    osm_layer_rows ford_nodes{"fords", {}, {}}; // kept where they lie on a road
    std::vector<osm_row> ford_ways;             // highway ways with ford=yes, placed later
    std::int64_t elements = 0;
    geo::envelope extent{1e300, 1e300, -1e300, -1e300};
};

class osm_collector {
public:
    void add(const osm_element& element);
    osm_collection& collection() { return m_rows; }

private:
    void add_node(const osm_element& element);
    void add_way(const osm_element& element);
    void add_area(const osm_element& element);
    void add_facility(const osm_element& element, const geo::blob& point);
    void add_village(const osm_element& element, const geo::blob& point);
    osm_row row(const osm_element& element, const geo::blob& wkb, bool with_code = true);

    osm_collection m_rows;
};

} // namespace allseason::importers::detail
