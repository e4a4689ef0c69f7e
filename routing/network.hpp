#pragma once
// The road network of a project (contract §2): roads noded at shared vertices and at ends lying
// on another road, split at fords and bridges, at the points where villages, households and
// facilities join it, and at hazard polygon edges. Built once; scenarios only decide which
// edges are open (routing/scenario.hpp), so every scenario and destination is answered on the
// same nodes and edges.
//
// Storage is a plain struct of arrays (a million segments stay well under a gigabyte); the
// Boost.Graph view of it lives in routing/graph.cpp only.
#include "layers/features.hpp"

#include <array>
#include <compare>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

struct node_id {
    std::uint32_t value = no_index;
    auto operator<=>(const node_id&) const = default;
    bool valid() const { return value != no_index; }
};

struct edge_id {
    std::uint32_t value = no_index;
    auto operator<=>(const edge_id&) const = default;
    bool valid() const { return value != no_index; }
};

// A road edge is a part of one road between two nodes; a walk edge joins a place (village
// access point, household, facility) to the nearest point of the nearest road.
enum class edge_kind : std::uint8_t { road, walk };

struct edge {
    node_id a;
    node_id b;
    double length_m = 0;
    std::uint32_t road = no_index; // index into network::roads; no_index for walks
    edge_kind kind = edge_kind::road;
};

// Where a road edge lies along its road's line (walks: 0, 0). Kept apart from `edge` with the
// other geometry, which the searches never read (network::has_geometry).
struct edge_span {
    double from_m = 0;
    double to_m = 0;
};

struct road_info {
    std::int64_t fid = 0;
    std::uint32_t code = 0;            // index into network::road_codes
    std::uint32_t name = no_index;     // index into network::road_names
    layers::road_class klass = layers::road_class::track;
    layers::surface surf = layers::surface::earth;
    std::uint32_t project = no_index;  // a road_new project's line: index into network::projects
    std::uint64_t first_point = 0;     // into network::points
    std::uint32_t point_count = 0;
};

enum class crossing_layer : std::uint8_t { fords, bridges };

// A ford or bridge joined to the network: its node is closed when the crossing closes
// (a closed node passes nothing, whichever roads meet there).
struct crossing {
    crossing_layer layer = crossing_layer::fords;
    std::uint32_t index = 0; // into network::fords or network::bridges
    node_id node;            // invalid: further than snap_m_crossing from every road
    double distance_m = 0;   // from the ford or bridge to the road (or to the nearest road)
};

enum class place_kind : std::uint8_t { village, household, facility };

// Something that joins the network through a walk edge: a village's access point, a household
// point or a facility.
struct place {
    place_kind kind = place_kind::village;
    std::uint32_t index = 0; // into network::villages, households or facilities
    geo::xy point;
    node_id node;            // the place's own node; invalid: no road within access_m
    edge_id walk;            // its walk edge to the road
    double walk_m = 0;
};

// Problems noticed while building, reported by `check`.
struct dangle {
    std::uint32_t road = 0;
    bool at_start = true;
    geo::xy point;
    double distance_m = 0; // to the nearest other road's line
};

struct skipped_road {
    std::int64_t fid = 0;
    std::string code;
    std::optional<geo::xy> point;
};

struct network_options {
    double snap_m = 1.0;
    double snap_m_crossing = 25.0;
    double access_m = 2000.0;
    // Adds the lines of not-done road_new projects as closed edges (for ranking). Done ones
    // are always part of today's network.
    bool include_proposed_roads = false;
    // Distance within which a dangling road end is reported as a likely undershoot.
    double dangle_m = 3.0;
    // Travel speeds (contract §4), by layers::surface order, and on foot.
    std::array<double, 4> surface_kmh{40, 30, 20, 15};
    double walk_kmh = 4;
};

struct network {
    network_options options;

    // The layers the network was built from.
    std::vector<layers::village> villages;
    std::vector<layers::facility> facilities;
    std::vector<layers::household> households;
    std::vector<layers::ford> fords;
    std::vector<layers::bridge> bridges;
    std::vector<layers::hazard_zone> hazard_zones;
    std::vector<layers::candidate_project> projects;

    // Roads and their lines.
    std::vector<road_info> roads;
    std::vector<geo::xy> points;
    std::vector<std::string> road_codes;
    std::vector<std::string> road_names;
    std::vector<std::uint32_t> code_first_road; // per road code: its first road

    // The graph.
    std::vector<edge> edges;
    std::vector<crossing> crossings;
    std::vector<place> places;
    // Per edge: index into hazard_sets (0: the empty set).
    std::vector<std::uint32_t> edge_hazards;
    // Sorted sets of hazard scenario names (indices into hazard_scenarios) covering an edge.
    std::vector<std::vector<std::uint32_t>> hazard_sets;
    std::vector<std::string> hazard_scenarios;
    // Per edge: on a vehicle bridge's span (exempt from hazard zones).
    std::vector<bool> edge_on_bridge;
    // Per node: the first crossing there and the next one at the same node (no_index ends).
    std::vector<std::uint32_t> node_first_crossing;
    std::vector<std::uint32_t> crossing_next;

    // Findings for `check`.
    std::vector<dangle> dangles;
    std::vector<skipped_road> zero_length_roads; // left out of the network
    std::vector<std::pair<std::uint32_t, std::uint32_t>> duplicate_roads; // (road, its first twin)
    // Per village: index into places of its access point (no_index: households only).
    std::vector<std::uint32_t> village_access;

    // Geometry: where nodes and edges lie. A network read from the compiled store for an
    // answer without lines or points (cutoff, rank) leaves these empty.
    bool has_geometry = true;
    std::vector<geo::xy> node_points;
    std::vector<edge_span> edge_spans; // per edge
    std::size_t node_count_value = 0;

    std::size_t node_count() const { return node_count_value; }
    std::size_t edge_count() const { return edges.size(); }
    const std::string& road_code(std::uint32_t road) const { return road_codes[roads[road].code]; }
    std::optional<std::string> road_name(std::uint32_t road) const;
    // The edge's line (a road part, or the walk from the place to the road).
    std::vector<geo::xy> edge_line(edge_id e) const;
    // Throws std::logic_error when the geometry was not loaded.
    void require_geometry() const;
    // Road degree of a node (walk edges not counted).
    std::vector<std::uint32_t> road_degrees() const;
};

// Builds the network from already-read layers. `roads` are streamed by the caller through
// `add_road` so that a million segments are never held twice.
class network_builder {
public:
    explicit network_builder(network_options options);
    ~network_builder();
    network_builder(const network_builder&) = delete;
    network_builder& operator=(const network_builder&) = delete;

    void add_road(const layers::road& road);
    void reserve(std::size_t roads, std::size_t points);
    network build(std::vector<layers::village> villages,
                  std::vector<layers::facility> facilities,
                  std::vector<layers::household> households, std::vector<layers::ford> fords,
                  std::vector<layers::bridge> bridges,
                  std::vector<layers::hazard_zone> hazard_zones,
                  std::vector<layers::candidate_project> projects);

private:
    struct impl;
    std::unique_ptr<impl> m_impl;
};

struct network_load_report;

// The project's network (settings from read_settings): the compiled one stored in the project
// when it is current, else built from the layers and stored (routing/network_cache.hpp).
// `report`, when given, says which, with notes.
// Without `with_geometry` the network leaves out where nodes and edges lie (node_points,
// points, edge_spans): less to read and hold for answers that draw nothing.
network load_network(layers::project& project, bool include_proposed_roads = false,
                     network_load_report* report = nullptr, bool with_geometry = true);
// Reads every layer of the project and builds its network, never using or storing the cache.
network build_network(layers::project& project, bool include_proposed_roads = false);
network_options options_from(const layers::analysis_settings& settings);

} // namespace allseason::routing
