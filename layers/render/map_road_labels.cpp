// Names of the main roads (national to commune axis), set along the road beside its line,
// once per road code on its longest straight piece, kept upright. Lowest priority: they take
// what room the villages, fords and projects leave.
#include "layers/render/detail/map_page.hpp"

#include <cmath>
#include <map>
#include <numbers>

namespace allseason::render::detail {

namespace {

struct piece {
    geo::xy a; // page points
    geo::xy b;
    double length = 0;
    double road_width = 0;
};

// The longest segment of each named main road, in page space.
std::map<std::string, std::pair<std::string, piece>> longest_pieces(const page& p) {
    std::map<std::string, std::pair<std::string, piece>> out;
    for (const auto& r : p.data.roads) {
        if (!r.name || r.name->empty() || r.klass > layers::road_class::commune_axis) continue;
        const double width = road_style_for(r.klass, r.surf).width;
        for (std::size_t i = 1; i < r.points.size(); ++i) {
            const auto a = p.t(r.points[i - 1]);
            const auto b = p.t(r.points[i]);
            const double len = std::hypot(b.x - a.x, b.y - a.y);
            auto& best = out[r.code];
            if (len > best.second.length) best = {*r.name, piece{a, b, len, width}};
        }
    }
    return out;
}

} // namespace

void draw_road_labels(const page& p, label_placer& placer) {
    cairo_t* cr = p.c.cr();
    for (const auto& [code, entry] : longest_pieces(p)) {
        const auto& [name, seg] = entry;
        auto layout = p.c.layout(name, {style::detail_label_size, false, true, style::muted_ink});
        const auto [w, h] = canvas::size(layout.get());
        if (seg.length < w + 8) continue;
        double angle = std::atan2(seg.b.y - seg.a.y, seg.b.x - seg.a.x);
        if (angle > std::numbers::pi / 2) angle -= std::numbers::pi;
        if (angle < -std::numbers::pi / 2) angle += std::numbers::pi;
        const double c = std::cos(angle);
        const double s = std::sin(angle);
        // The box a rotated label takes on the page, for the placer.
        const double hx = std::abs(w / 2 * c) + std::abs(h / 2 * s);
        const double hy = std::abs(w / 2 * s) + std::abs(h / 2 * c);
        const double offset = seg.road_width / 2 + h / 2 + 0.8;
        std::vector<rect> candidates;
        std::vector<geo::xy> centres;
        for (const double t : {0.5, 0.35, 0.65}) {
            for (const double side : {-1.0, 1.0}) { // above the line first
                const geo::xy m{seg.a.x + (seg.b.x - seg.a.x) * t + side * offset * s,
                                seg.a.y + (seg.b.y - seg.a.y) * t - side * offset * c};
                centres.push_back(m);
                candidates.push_back({m.x - hx, m.y - hy, m.x + hx, m.y + hy});
            }
        }
        const auto chosen = placer.place(candidates);
        if (!chosen) continue; // a road name is a courtesy, not a requirement
        const auto m = centres[*chosen];
        cairo_save(cr);
        cairo_translate(cr, m.x, m.y);
        cairo_rotate(cr, angle);
        p.c.show(layout.get(), -w / 2, -h / 2, style::muted_ink, 2.0);
        cairo_restore(cr);
    }
}

} // namespace allseason::render::detail
