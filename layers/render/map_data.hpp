#pragma once
// What the map shows, read from a project's layers and the result tables that the analyses
// write into it (cutoff_results, project_ranking): plain structs in the project CRS, so that
// the drawing code sees neither SQLite nor the routing engine.
#include "geo/geos.hpp"
#include "layers/features.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::render {

using ring = std::vector<geo::xy>;
using polygon = std::vector<ring>; // exterior ring, then holes
using multipolygon = std::vector<polygon>;
using line = std::vector<geo::xy>;

enum class village_status { reachable, cut_off, unreachable_dry, no_road_access, unknown };
std::string_view to_string(village_status status);

struct map_village {
    std::string code;
    std::string name;
    std::optional<std::int64_t> households; // null: not known yet (drawn with a "?")
    std::int64_t households_cut_off = 0;
    village_status status = village_status::unknown;
    multipolygon area;            // empty for a Point village
    std::optional<geo::xy> point; // a Point village: drawn as a circle
    // Isolation days a year from risk_results (map --theme isolation_days); null: not counted.
    std::optional<std::int64_t> isolation_days;
    geo::xy anchor; // where its label goes: the centre of the widest part, or the point
};

struct map_road {
    std::string code;
    std::optional<std::string> name;
    layers::road_class klass = layers::road_class::track;
    layers::surface surf = layers::surface::earth;
    line points;
    bool closed_by_surface = false; // the whole road closes in the scenario
};

struct map_ford {
    std::string code;
    std::string name;
    double flood_depth_m = 0;
    bool closed = false;   // deeper than the scenario's threshold, no done bridge replaces it
    bool replaced = false; // a done bridge project replaces it
    geo::xy point;
    bool depth_unknown = false; // neither measured nor estimated (closed only by assumption)
    bool derived = false;       // added by `crossings --add-fords`, not surveyed
};

struct map_bridge {
    std::string code;
    std::string name;
    bool vehicles = true;
    line points; // one point, or a line
};

// A part of a road that the scenario's hazard zones close.
struct map_closed_part {
    std::size_t road = 0; // index into map_data::roads
    line points;
};

struct map_facility {
    std::string code;
    std::string name;
    std::string kind;
    geo::xy point;
};

struct map_area {
    std::string name;
    std::string kind; // reserve: core, buffer; hazard: flood, landslide
    multipolygon area;
    bool from_terrain = false; // hazard zones drawn by `terrain` from a DEM, not surveyed
};

struct map_waterway {
    std::string name;
    std::string kind; // river, stream
    line points;
};

struct map_project {
    std::string code;
    std::string name;
    std::string kind;
    std::string status;
    double cost_million_vnd = 0;
    std::optional<std::int64_t> rank;                 // from project_ranking
    std::optional<std::int64_t> households_unflooded; // from project_ranking
    std::vector<std::string> needs; // projects it counts only with (project_ranking)
    line points;
};

struct map_summary {
    std::int64_t villages = 0;
    std::int64_t villages_cut_off = 0;
    std::int64_t households = 0;
    std::int64_t households_cut_off = 0;
    std::int64_t households_without_road = 0;
    std::int64_t villages_households_unknown = 0;
    std::vector<std::string> households_unknown; // their names, for the summary sentence
};

struct map_data {
    std::string project_name;
    std::string project_file; // the file name, for the data-source line
    std::string crs_label;    // "EPSG:9214 · VN-2000 / TM-3 107-00"
    std::string scenario;
    std::string destination;
    std::optional<double> ford_depth_m; // the scenario's threshold
    double access_km = 2;               // walking distance to a road (settings)
    bool has_results = false;           // cutoff_results has rows for scenario + destination
    bool has_ranking = false;           // project_ranking has rows for them
    bool isolation_theme = false;       // villages coloured by isolation days (add_isolation_days)
    std::string computed;               // when the results were computed
    std::vector<std::string> sources;   // imported source files (import_log), file names only
    map_summary summary;

    std::vector<map_village> villages;
    std::vector<map_road> roads;
    std::vector<map_closed_part> closed_parts;
    std::vector<map_ford> fords;
    std::vector<map_bridge> bridges;
    std::vector<map_facility> facilities;
    std::vector<map_area> reserve_zones;
    std::vector<map_area> hazard_zones; // the scenario's only
    std::vector<map_waterway> waterways;
    std::vector<map_project> projects; // not-done candidate projects, best rank first

    // The area to show: the villages' extent (every feature's when there are no villages).
    std::optional<geo::envelope> extent;
};

// Whether cutoff_results holds rows for this scenario and destination.
bool has_cutoff_results(layers::project& p, const std::string& scenario,
                        const std::string& destination);

// Reads the map of `scenario` (a row of the scenarios table; usage_error otherwise) and
// `destination`. Without cutoff_results for the pair the villages' status is unknown.
map_data load_map_data(layers::project& p, const std::string& scenario,
                       const std::string& destination);

// Colours the villages by their isolation days a year: the risk_results rows of `risk_key`
// ("rainy+car") and the map's destination.
void add_isolation_days(layers::project& p, map_data& d, const std::string& risk_key);

// The polygons of 2-D WKB Polygon or MultiPolygon.
multipolygon wkb_polygons(const geo::geos_context& ctx, const geo::blob& wkb);

} // namespace allseason::render
