#pragma once
// Plain domain structs read from a project's layers (contract §1), for the analyses that must
// not see SQLite: routing, indicators, maps. Points and lines come as coordinates in the project
// CRS; polygons as 2-D WKB (`geo::blob`) for GEOS. Readers throw data_error naming the row.
#include "geo/geos.hpp"   // geo::xy
#include "geo/sqlite.hpp" // geo::blob

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers {

class project;

// Stored as the words of layers::words; enums keep a million road segments small.
enum class road_class : std::uint8_t {
    national,
    provincial,
    inter_commune,
    commune_axis,
    village_axis,
    alley,
    field,
    track
};
enum class surface : std::uint8_t { asphalt, concrete, gravel, earth };

std::string_view to_string(road_class value);
std::string_view to_string(surface value);
// Throws data_error for a word that is not one of the stored enumeration words.
road_class parse_road_class(std::string_view word);
surface parse_surface(std::string_view word);

struct village {
    std::int64_t fid = 0;
    std::string code;
    std::string name; // the code where the layer's name is null (contract §1)
    std::optional<std::int64_t> households; // null: not known yet, not in household sums
    std::optional<std::int64_t> population;
    std::int64_t ethnic_minority_households = 0;
    std::int64_t poor_households = 0;
    std::int64_t near_poor_households = 0;
    bool especially_difficult = false;
    geo::blob geom; // MultiPolygon WKB, or Point WKB where only the centre is known
    bool is_point() const;
};

struct road {
    std::int64_t fid = 0;
    std::string code;
    std::optional<std::string> name;
    road_class klass = road_class::track;
    surface surf = surface::earth;
    std::optional<double> width_m;
    std::optional<std::string> condition;
    std::optional<std::string> structure; // bridge, tunnel; null: at grade
    std::vector<geo::xy> points;          // consecutive duplicate vertices removed
};

struct ford {
    std::int64_t fid = 0;
    std::string code;
    std::string name;                              // the code where the layer's name is null
    std::optional<double> flood_depth_m;           // as measured; null: not measured
    std::optional<double> flood_depth_estimated_m; // from the terrain
    std::optional<std::int64_t> flooded_days_per_year;
    geo::xy point;
    std::optional<double> catchment_km2;
    bool derived = false; // added by `crossings --add-fords`, not surveyed
    // The depth the scenarios judge the ford by: measured, else estimated (contract §2).
    std::optional<double> depth() const {
        return flood_depth_m ? flood_depth_m : flood_depth_estimated_m;
    }
};

struct bridge {
    std::int64_t fid = 0;
    std::string code;
    std::string name;
    bool vehicles = true;        // false: a footbridge, which passes no vehicle
    std::vector<geo::xy> points; // one point, or the vertices of a line
};

struct waterway {
    std::int64_t fid = 0;
    std::optional<std::string> name; // waterways have no code, so no stand-in for a null name
    std::string kind;                // river, stream
    bool culvert = false;            // this part passes under a road in a culvert or pipe
    bool derived = false;            // drawn by `terrain --add-streams`
    std::vector<geo::xy> points;
};

struct facility {
    std::int64_t fid = 0;
    std::string code;
    std::string name;
    std::string kind; // one of layers::words::facility_kind
    std::optional<std::string> village_code;
    std::optional<std::int64_t> standard_level;
    std::optional<std::int64_t> beds;
    geo::xy point;
};

struct household {
    std::int64_t fid = 0;
    std::string village_code;
    std::int64_t members = 1;
    bool ethnic_minority = false;
    std::string poverty; // none, near_poor, poor
    geo::xy point;
};

struct hazard_zone {
    std::int64_t fid = 0;
    std::string kind; // flood, landslide
    std::string scenario;
    geo::blob geom; // MultiPolygon WKB
    std::optional<std::int64_t> days_per_year;
    std::string source = "surveyed"; // surveyed, terrain
};

struct reserve_zone {
    std::int64_t fid = 0;
    std::string name;
    std::string zone; // core, buffer
    geo::blob geom;
};

struct candidate_project {
    std::int64_t fid = 0;
    std::string code;
    std::string name;
    std::string kind; // bridge, road_new, road_upgrade
    std::optional<std::string> ford_code;
    std::optional<std::string> road_code;
    double cost_million_vnd = 0;
    std::optional<std::string> funding;
    std::string status; // proposed, approved, building, done
    std::int64_t progress_pct = 0;
    std::optional<std::int64_t> year;
    std::vector<geo::xy> points; // one point, or the vertices of a line
    bool is_line() const { return points.size() >= 2; }
    bool done() const { return status == "done"; }
};

// How a ford's depth is known: "measured", "estimated" (from the terrain) or "unknown".
std::string_view depth_basis(const ford& f);

// A row of the `scenarios` table.
struct scenario_row {
    std::string name;
    std::optional<double> ford_depth_m; // null: no ford closes
    std::vector<std::string> closed_surfaces;
    std::optional<std::string> hazard_scenario; // comma-separated hazard scenario names
    std::string description;
    bool unknown_fords_open = false; // fords of unknown depth stay open (default: closed)
    // Whether the scenario closes this ford by its depth (measured, else estimated; a ford of
    // unknown depth closes unless unknown_fords is open). Done bridge projects are the caller's.
    bool closes(const ford& f) const;
    // The hazard_zones.scenario names whose zones close roads in this scenario.
    std::vector<std::string> hazard_scenarios() const;
};

// A comma-separated list, each item trimmed, empty items dropped.
std::vector<std::string> split_list(const std::string& text);

// Tolerances and speeds of the analysis (contract §2, §4). A project may override each in
// allseason_metadata under the key named in the comment.
struct analysis_settings {
    double snap_m = 1.0;            // snap_m
    double snap_m_crossing = 25.0;  // snap_m_crossing
    double access_m = 2000.0;       // access_m
    double speed_asphalt_kmh = 40;  // speed_asphalt_kmh
    double speed_concrete_kmh = 30; // speed_concrete_kmh
    double speed_gravel_kmh = 20;   // speed_gravel_kmh
    double speed_earth_kmh = 15;    // speed_earth_kmh
    double speed_walk_kmh = 4;      // speed_walk_kmh
    // Closure days a year (contract §2, `risk`) where the element's own row says nothing.
    double default_ford_days = 15;  // default_ford_days
    double rainy_season_days = 120; // rainy_season_days: a road closed by its surface
    double default_hazard_days = 5; // default_hazard_days
};

analysis_settings read_settings(project& p);

// Streams the roads in fid order without holding them all (a million segments stay lean).
void for_each_road(project& p, const std::function<void(const road&)>& visit);
std::vector<road> read_roads(project& p);
std::vector<village> read_villages(project& p);
std::vector<ford> read_fords(project& p);
std::vector<bridge> read_bridges(project& p);
std::vector<waterway> read_waterways(project& p);
std::vector<facility> read_facilities(project& p);
std::vector<household> read_households(project& p);
std::vector<hazard_zone> read_hazard_zones(project& p);
std::vector<reserve_zone> read_reserve_zones(project& p);
std::vector<candidate_project> read_candidate_projects(project& p);
std::vector<scenario_row> read_scenarios(project& p);
// Throws usage_error listing the scenarios there are when `name` is not one of them.
scenario_row read_scenario(project& p, std::string_view name);

// A row of the `vehicles` table (contract §2): the ford depth and the surfaces that stop it.
struct vehicle_row {
    std::string name;
    double ford_depth_m = 0.3;
    std::vector<std::string> closed_surfaces;
    std::string description;
};
std::vector<vehicle_row> read_vehicles(project& p);
// Throws usage_error listing the vehicles there are when `name` is not one of them.
vehicle_row read_vehicle(project& p, std::string_view name);

// What a command's --scenario, --vehicle and --ford-depth ask for (contract §2): a vehicle
// overrides the scenario's ford depth and closed surfaces (hazard zones still apply);
// --ford-depth overrides the depth alone, after the vehicle.
struct scenario_choice {
    std::string scenario = "rainy";
    std::string vehicle; // empty: none
    std::optional<double> ford_depth_m;
    bool overridden() const { return !vehicle.empty() || ford_depth_m.has_value(); }
    // The key results are stored under: the scenario's name, with the overrides appended
    // ("rainy+motorbike", "rainy@0.6m") so that they never replace the plain scenario's.
    std::string result_key() const;
};
// The scenario row with the choice's overrides applied; `name` stays the scenario's.
scenario_row resolve_scenario(project& p, const scenario_choice& choice);
// The choice a result key names ("rainy+motorbike@0.6m" → rainy, motorbike, 0.6; a plain
// scenario name → itself), so that maps and exports of stored results judge as the run did.
scenario_choice parse_result_key(std::string_view key);
scenario_row resolve_result_key(project& p, std::string_view key);

// Decodes 2-D WKB of a Point, LineString or a one-part Multi* of them into coordinates.
std::vector<geo::xy> wkb_coordinates(const geo::blob& wkb);

} // namespace allseason::layers
