#include "layers/render/label_placer.hpp"

#include <algorithm>

namespace allseason::render {

bool segment_intersects(const rect& r, double x0, double y0, double x1, double y1) {
    // Liang–Barsky clipping: the parameter interval of the segment inside the rectangle.
    double t0 = 0;
    double t1 = 1;
    const double dx = x1 - x0;
    const double dy = y1 - y0;
    const double p[] = {-dx, dx, -dy, dy};
    const double q[] = {x0 - r.x0, r.x1 - x0, y0 - r.y0, r.y1 - y0};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) {
            t0 = std::max(t0, t);
        } else {
            t1 = std::min(t1, t);
        }
        if (t0 > t1) return false;
    }
    return true;
}

void label_placer::add_soft_segment(double x0, double y0, double x1, double y1) {
    m_soft.push_back({x0, y0, x1, y1});
}

bool label_placer::fits(const rect& r, bool avoid_soft) const {
    if (!m_bounds.contains(r)) return false;
    if (avoid_soft) {
        for (const auto& s : m_soft) {
            if (segment_intersects(r, s.x0, s.y0, s.x1, s.y1)) return false;
        }
    }
    for (const auto& o : m_obstacles) {
        if (o.intersects(r)) return false;
    }
    for (const auto& p : m_placed) {
        if (p.intersects(r)) return false;
    }
    return true;
}

std::optional<std::size_t> label_placer::place(std::span<const rect> candidates) {
    for (const bool avoid_soft : {true, false}) {
        if (!avoid_soft && m_soft.empty()) break;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (fits(candidates[i], avoid_soft)) {
                m_placed.push_back(candidates[i]);
                return i;
            }
        }
    }
    return std::nullopt;
}

std::vector<rect> candidates_around(double x, double y, double w, double h, double gap,
                                    bool centre_first) {
    std::vector<rect> out;
    if (centre_first) {
        out.push_back(rect::centred(x, y, w, h));
        // Slightly above and below the centre first: a polygon's label rarely needs to leave it.
        out.push_back(rect::centred(x, y - h * 0.6, w, h));
        out.push_back(rect::centred(x, y + h * 0.6, w, h));
    }
    for (const double d : {gap, gap * 3, gap * 6}) {
        out.push_back({x + d, y - h / 2, x + d + w, y + h / 2});         // right
        out.push_back({x - d - w, y - h / 2, x - d, y + h / 2});         // left
        out.push_back(rect::centred(x, y - d - h / 2, w, h));            // above
        out.push_back(rect::centred(x, y + d + h / 2, w, h));            // below
        out.push_back({x + d, y - d - h, x + d + w, y - d});             // above right
        out.push_back({x - d - w, y - d - h, x - d, y - d});             // above left
        out.push_back({x + d, y + d, x + d + w, y + d + h});             // below right
        out.push_back({x - d - w, y + d, x - d, y + d + h});             // below left
    }
    return out;
}

} // namespace allseason::render
