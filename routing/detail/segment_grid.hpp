#pragma once
// Internal: a uniform grid over road segments, stored as one CSR array (cell → segments), for
// the network build's "which segments lie near this point" questions. A GEOS STRtree would
// allocate a box geometry per segment; at a million roads the flat grid is several times
// smaller and faster, and its cells are sized so that there are about as many cells as
// segments.
#include "geo/geos.hpp" // geo::xy

#include <cstdint>
#include <functional>
#include <vector>

namespace allseason::routing::detail {

struct polyline_point {
    double distance = 0; // from the query point
    double along = 0;    // distance along the segment from its first vertex
    geo::xy point;       // the nearest point on the segment
};

// Nearest point of segment a-b to p.
polyline_point nearest_on_segment(geo::xy p, geo::xy a, geo::xy b);
double distance(geo::xy a, geo::xy b);

// Segments are named by the index of their first vertex in `points`; `segment_valid[v]` says
// whether v and v + 1 belong to one line.
class segment_grid {
public:
    segment_grid(const std::vector<geo::xy>& points, const std::vector<bool>& segment_valid);

    // Calls visit(segment) for every segment whose box comes within `radius` of p's cell range
    // (a superset: callers measure the true distance).
    void query(geo::xy p, double radius, const std::function<void(std::uint64_t)>& visit) const;

    struct hit {
        std::uint64_t segment = 0;
        polyline_point nearest;
    };
    // The nearest segment within max_distance whose `accept(segment)` is true.
    bool nearest(geo::xy p, double max_distance, hit& out,
                 const std::function<bool(std::uint64_t)>& accept = {}) const;

private:
    std::int64_t cell_x(double x) const;
    std::int64_t cell_y(double y) const;
    void visit_cell(std::int64_t cx, std::int64_t cy,
                    const std::function<void(std::uint64_t)>& visit) const;

    const std::vector<geo::xy>& m_points;
    double m_min_x = 0, m_min_y = 0, m_cell = 1;
    std::int64_t m_nx = 1, m_ny = 1;
    std::vector<std::uint32_t> m_offsets; // m_nx * m_ny + 1
    std::vector<std::uint64_t> m_items;
};

} // namespace allseason::routing::detail
