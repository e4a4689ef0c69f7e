#include "routing/detail/segment_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace allseason::routing::detail {

double distance(geo::xy a, geo::xy b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy); // hypot's overflow care costs a third of the build
}

polyline_point nearest_on_segment(geo::xy p, geo::xy a, geo::xy b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = 0;
    if (len2 > 0) {
        t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
    }
    const geo::xy q{a.x + t * dx, a.y + t * dy};
    return {distance(p, q), t * std::sqrt(len2), q};
}

segment_grid::segment_grid(const std::vector<geo::xy>& points,
                           const std::vector<bool>& segment_valid)
    : m_points(points) {
    double max_x = -std::numeric_limits<double>::infinity();
    double max_y = max_x;
    m_min_x = std::numeric_limits<double>::infinity();
    m_min_y = m_min_x;
    std::uint64_t count = 0;
    double total_length = 0;
    for (std::uint64_t v = 0; v + 1 < points.size(); ++v) {
        if (!segment_valid[v]) continue;
        ++count;
        total_length += distance(points[v], points[v + 1]);
        for (const auto& q : {points[v], points[v + 1]}) {
            m_min_x = std::min(m_min_x, q.x);
            m_min_y = std::min(m_min_y, q.y);
            max_x = std::max(max_x, q.x);
            max_y = std::max(max_y, q.y);
        }
    }
    if (count == 0) {
        m_offsets.assign(2, 0);
        return;
    }
    const double w = std::max(max_x - m_min_x, 1e-9);
    const double h = std::max(max_y - m_min_y, 1e-9);
    // About one cell per segment, but no smaller than the mean segment (long segments would
    // otherwise fill many cells).
    m_cell = std::max(std::sqrt(w * h / static_cast<double>(count)),
                      total_length / static_cast<double>(count));
    m_cell = std::max(m_cell, std::max(w, h) / 65536.0);
    m_nx = static_cast<std::int64_t>(w / m_cell) + 1;
    m_ny = static_cast<std::int64_t>(h / m_cell) + 1;
    const auto cells = static_cast<std::size_t>(m_nx * m_ny);

    // Counting sort into CSR: one pass to count, one to place.
    m_offsets.assign(cells + 1, 0);
    auto for_cells = [&](std::uint64_t v, auto&& fn) {
        const geo::xy a = points[v], b = points[v + 1];
        const auto x0 = cell_x(std::min(a.x, b.x)), x1 = cell_x(std::max(a.x, b.x));
        const auto y0 = cell_y(std::min(a.y, b.y)), y1 = cell_y(std::max(a.y, b.y));
        for (auto cx = x0; cx <= x1; ++cx) {
            for (auto cy = y0; cy <= y1; ++cy) {
                fn(static_cast<std::size_t>(cy * m_nx + cx));
            }
        }
    };
    for (std::uint64_t v = 0; v + 1 < points.size(); ++v) {
        if (segment_valid[v]) for_cells(v, [&](std::size_t c) { ++m_offsets[c + 1]; });
    }
    for (std::size_t c = 0; c < cells; ++c) m_offsets[c + 1] += m_offsets[c];
    m_items.resize(m_offsets[cells]);
    std::vector<std::uint32_t> fill(m_offsets.begin(), m_offsets.end() - 1);
    for (std::uint64_t v = 0; v + 1 < points.size(); ++v) {
        if (segment_valid[v]) for_cells(v, [&](std::size_t c) { m_items[fill[c]++] = v; });
    }
}

std::int64_t segment_grid::cell_x(double x) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((x - m_min_x) / m_cell)),
                                    0, m_nx - 1);
}

std::int64_t segment_grid::cell_y(double y) const {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor((y - m_min_y) / m_cell)),
                                    0, m_ny - 1);
}

void segment_grid::visit_cell(std::int64_t cx, std::int64_t cy,
                              const std::function<void(std::uint64_t)>& visit) const {
    const auto c = static_cast<std::size_t>(cy * m_nx + cx);
    for (auto i = m_offsets[c]; i < m_offsets[c + 1]; ++i) visit(m_items[i]);
}

void segment_grid::query(geo::xy p, double radius,
                         const std::function<void(std::uint64_t)>& visit) const {
    if (m_items.empty()) return;
    const auto x0 = cell_x(p.x - radius), x1 = cell_x(p.x + radius);
    const auto y0 = cell_y(p.y - radius), y1 = cell_y(p.y + radius);
    for (auto cy = y0; cy <= y1; ++cy) {
        for (auto cx = x0; cx <= x1; ++cx) visit_cell(cx, cy, visit);
    }
}

bool segment_grid::nearest(geo::xy p, double max_distance, hit& out,
                           const std::function<bool(std::uint64_t)>& accept) const {
    if (m_items.empty()) return false;
    bool found = false;
    double best = max_distance;
    auto consider = [&](std::uint64_t s) {
        if (accept && !accept(s)) return;
        const auto q = nearest_on_segment(p, m_points[s], m_points[s + 1]);
        // Ties go to the lower segment index so that answers do not depend on cell order.
        if (q.distance < best || (q.distance == best && (!found || s < out.segment))) {
            best = q.distance;
            out = {s, q};
            found = true;
        }
    };
    // Rings of cells around p until the ring is further away than the best found.
    const auto px = cell_x(p.x), py = cell_y(p.y);
    const auto max_ring = static_cast<std::int64_t>(std::ceil(max_distance / m_cell)) + 1;
    for (std::int64_t ring = 0; ring <= max_ring; ++ring) {
        if (found && (static_cast<double>(ring) - 1) * m_cell > best) break;
        for (auto cy = py - ring; cy <= py + ring; ++cy) {
            if (cy < 0 || cy >= m_ny) continue;
            const bool edge_row = cy == py - ring || cy == py + ring;
            for (auto cx = px - ring; cx <= px + ring; cx += edge_row ? 1 : 2 * ring) {
                if (cx >= 0 && cx < m_nx) visit_cell(cx, cy, consider);
                if (ring == 0) break;
            }
        }
        if (ring > m_nx && ring > m_ny) break;
    }
    return found;
}

} // namespace allseason::routing::detail
