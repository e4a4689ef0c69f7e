#pragma once
// Internal to the network build: the state shared by its steps (routing/network_build.cpp for
// the noding, routing/network_attach.cpp for crossings, places and hazard zones).
#include "routing/detail/segment_grid.hpp"
#include "routing/detail/union_find.hpp"
#include "routing/network.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace allseason::routing::detail {

// A point where a road is split. `candidate` is a union-find id: a vertex index (below
// vertex_count) or an extra point made by the build (crossings, access points, hazard edges).
struct split {
    std::uint32_t road = 0;
    double measure = 0;
    std::uint32_t candidate = 0;
    double snap = 0; // joins an existing split of the road this close along it
};

struct build_state {
    network& net;
    std::vector<std::uint32_t> vertex_road;  // per vertex
    std::vector<double> vertex_measure;      // per vertex: distance along its road
    std::vector<bool> segment_valid;         // per vertex: v, v + 1 on one road
    std::vector<bool> vertex_is_node;
    union_find candidates;                   // vertices, then extra points
    std::vector<geo::xy> extra_points;       // per extra candidate (id - vertex_count)
    std::vector<split> splits;
    std::unique_ptr<segment_grid> grid;
    // Per road: [from, to] measure spans of vehicle bridges (exempt from hazard zones).
    std::vector<std::vector<std::pair<double, double>>> bridge_spans;
    std::vector<std::uint32_t> candidate_node; // per candidate root: node id
    std::vector<std::vector<std::uint32_t>> hazard_roads; // per hazard zone: roads it meets

    std::size_t vertex_count() const { return net.points.size(); }
    std::uint32_t add_extra(geo::xy p) {
        extra_points.push_back(p);
        return candidates.add();
    }
    geo::xy candidate_point(std::uint32_t c) const {
        return c < vertex_count() ? net.points[c] : extra_points[c - vertex_count()];
    }
    // Whether a segment belongs to today's network (not a proposed project's line).
    bool segment_in_today(std::uint64_t s) const {
        return net.roads[vertex_road[s]].project == no_index ||
               net.projects[net.roads[vertex_road[s]].project].done();
    }
    // The nearest point of one road to p: (distance, measure, point).
    polyline_point nearest_on_road(std::uint32_t road, geo::xy p) const;
    double measure_at(std::uint64_t segment, double along) const {
        return vertex_measure[segment] + along;
    }
};

void attach_crossings(build_state& s);
void attach_places(build_state& s);
void split_at_hazards(build_state& s);
// After the edges exist: which edges each hazard zone covers.
void mark_hazard_edges(build_state& s, const std::vector<std::uint32_t>& road_first_edge);
geo::xy point_at(const network& net, std::uint32_t road, double measure);

} // namespace allseason::routing::detail
