#include "routing/network.hpp"

#include "routing/detail/build_state.hpp"

#include <stdexcept>

namespace allseason::routing {

std::optional<std::string> network::road_name(std::uint32_t road) const {
    const auto name = roads[road].name;
    if (name == no_index) return std::nullopt;
    return road_names[name];
}

std::vector<geo::xy> network::edge_line(edge_id e) const {
    require_geometry();
    const auto& ed = edges[e.value];
    if (ed.kind == edge_kind::walk) {
        return {node_points[ed.a.value], node_points[ed.b.value]};
    }
    const auto& r = roads[ed.road];
    const auto& span = edge_spans[e.value];
    std::vector<geo::xy> out{detail::point_at(*this, ed.road, span.from_m)};
    double m = 0;
    for (std::uint64_t v = r.first_point; v + 1 < r.first_point + r.point_count; ++v) {
        m += detail::distance(points[v], points[v + 1]);
        if (m > span.from_m && m < span.to_m) out.push_back(points[v + 1]);
    }
    out.push_back(detail::point_at(*this, ed.road, span.to_m));
    return out;
}

void network::require_geometry() const {
    if (!has_geometry) {
        throw std::logic_error("the network was loaded without its geometry (load_network's "
                               "with_geometry)");
    }
}

std::vector<std::uint32_t> network::road_degrees() const {
    std::vector<std::uint32_t> degree(node_count(), 0);
    for (const auto& e : edges) {
        if (e.kind != edge_kind::road) continue;
        ++degree[e.a.value];
        ++degree[e.b.value];
    }
    return degree;
}

} // namespace allseason::routing
