// The features inside the map frame, bottom to top: land, villages by status, hazard and
// reserve zones, waterways, roads (casings first so junctions merge, minor classes under
// major ones), closed parts, project lines, then point symbols.
#include "layers/render/detail/map_page.hpp"
#include "layers/render/detail/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace allseason::render::detail {

namespace {

void draw_villages(const page& p) {
    cairo_t* cr = p.c.cr();
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    for (const auto& v : p.data.villages) {
        p.c.polygon_path(v.area, p.t);
        p.c.set(village_colour(p.data, v));
        cairo_fill(cr);
    }
}

// Point villages: a circle in the status colour, area ∝ households; unknown households a
// hollow ring in the status colour with a "?" — never a circle sized as if the count were 0.
void draw_village_points(const page& p, std::vector<rect>& boxes) {
    cairo_t* cr = p.c.cr();
    for (const auto& v : p.data.villages) {
        if (!v.point)
            continue;
        const auto q = p.t(*v.point);
        const double r = village_radius(p.data, v);
        cairo_new_path(cr);
        cairo_arc(cr, q.x, q.y, r, 0, 2 * std::numbers::pi);
        if (v.households) {
            p.c.set(village_colour(p.data, v));
            cairo_fill_preserve(cr);
            p.c.set(style::village_outline);
            cairo_set_line_width(cr, 0.8);
            cairo_stroke(cr);
        } else {
            p.c.set(style::paper);
            cairo_fill_preserve(cr);
            p.c.set(village_colour(p.data, v));
            cairo_set_line_width(cr, 2.6);
            cairo_stroke_preserve(cr);
            p.c.set(style::village_outline);
            cairo_set_line_width(cr, 0.6);
            cairo_stroke(cr);
            auto mark = p.c.layout("?", {r * 1.3 / p.c.text_scale(), true});
            const auto [w, h] = canvas::size(mark.get());
            p.c.show(mark.get(), q.x - w / 2, q.y - h / 2, style::village_outline);
        }
        boxes.push_back(rect::centred(q.x, q.y, 2 * r, 2 * r));
    }
}

void draw_village_outlines(const page& p) {
    cairo_t* cr = p.c.cr();
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    p.c.set(style::village_outline);
    cairo_set_line_width(cr, style::village_outline_width);
    // Dash–dot, the usual mark of an administrative boundary.
    const double dash[] = {5.0, 1.5, 1.0, 1.5};
    cairo_set_dash(cr, dash, 4, 0);
    for (const auto& v : p.data.villages) {
        p.c.polygon_path(v.area, p.t);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

// A zone estimated from the DEM: hatched, with a long-dashed outline, so that it never reads
// as a surveyed one (issue 14).
void draw_terrain_zone(const page& p, const map_area& z) {
    cairo_t* cr = p.c.cr();
    cairo_save(cr);
    p.c.polygon_path(z.area, p.t);
    cairo_clip_preserve(cr);
    hatch(p.c, p.layout.map_frame, 3.0, 0.5, style::hazard_outline);
    p.c.set(style::hazard_outline);
    cairo_set_line_width(cr, 0.6);
    const double dash[] = {4.0, 2.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_zones(const page& p) {
    cairo_t* cr = p.c.cr();
    for (const auto& z : p.data.hazard_zones) {
        if (z.from_terrain) {
            draw_terrain_zone(p, z);
            continue;
        }
        p.c.polygon_path(z.area, p.t);
        p.c.set(style::hazard_fill);
        cairo_fill_preserve(cr);
        cairo_save(cr);
        p.c.set(style::hazard_outline);
        cairo_set_line_width(cr, 0.6);
        const double dash[] = {1.5, 1.5};
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    for (const auto& z : p.data.reserve_zones) {
        const bool core = z.kind == "core";
        cairo_save(cr);
        p.c.polygon_path(z.area, p.t);
        if (core) {
            cairo_clip_preserve(cr);
            hatch(p.c, p.layout.map_frame, 4.0, 0.6, style::reserve);
        }
        p.c.set(style::reserve);
        cairo_set_line_width(cr, core ? 1.2 : 0.9);
        if (!core) {
            const double dash[] = {4.0, 2.0};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
}

void draw_waterways(const page& p) {
    cairo_t* cr = p.c.cr();
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    p.c.set(style::water);
    for (const auto& w : p.data.waterways) {
        p.c.line_path(w.points, p.t);
        cairo_set_line_width(cr, w.kind == "river" ? 1.8 : 0.8);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

// Roads in drawing order: minor classes first so that major roads pass over them.
std::vector<const map_road*> roads_bottom_up(const map_data& d) {
    std::vector<const map_road*> out;
    for (const auto& r : d.roads)
        out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const map_road* a, const map_road* b) {
        return static_cast<int>(a->klass) > static_cast<int>(b->klass);
    });
    return out;
}

void draw_roads(const page& p) {
    cairo_t* cr = p.c.cr();
    const auto roads = roads_bottom_up(p.data);
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    p.c.set(style::road_casing);
    for (const auto* r : roads) {
        p.c.line_path(r->points, p.t);
        cairo_set_line_width(cr,
                             road_style_for(r->klass, r->surf).width + style::road_casing_extra);
        cairo_stroke(cr);
    }
    // Closed parts as a red band under the road line, so the surface still shows.
    for (const auto* r : roads) {
        if (r->closed_by_surface) {
            p.c.line_path(r->points, p.t);
            stroke_closed(p.c, road_style_for(r->klass, r->surf).width);
        }
    }
    for (const auto& part : p.data.closed_parts) {
        const auto& r = p.data.roads[part.road];
        p.c.line_path(part.points, p.t);
        stroke_closed(p.c, road_style_for(r.klass, r.surf).width);
    }
    for (const auto* r : roads) {
        const auto s = road_style_for(r->klass, r->surf);
        p.c.line_path(r->points, p.t);
        p.c.set(s.stroke);
        cairo_set_line_width(cr, s.width);
        if (s.dashed) {
            const double dash[] = {s.width * 3, s.width * 1.6};
            cairo_set_dash(cr, dash, 2, 0);
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_restore(cr);
}

void draw_project_lines(const page& p) {
    cairo_t* cr = p.c.cr();
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    const double dash[] = {3.0, 2.0};
    for (const auto& proj : p.data.projects) {
        if (proj.points.size() < 2)
            continue;
        p.c.line_path(proj.points, p.t);
        p.c.set(style::paper);
        cairo_set_line_width(cr, 3.6);
        cairo_set_dash(cr, nullptr, 0, 0);
        cairo_stroke_preserve(cr);
        p.c.set(style::project);
        cairo_set_line_width(cr, 2.2);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

// The direction of the road nearest to `w` (page space), so a bridge symbol spans it.
double road_angle_at(const page& p, geo::xy w) {
    double best = std::numeric_limits<double>::max();
    double angle = 0;
    for (const auto& r : p.data.roads) {
        for (std::size_t i = 1; i < r.points.size(); ++i) {
            const auto a = r.points[i - 1];
            const auto b = r.points[i];
            const double dx = b.x - a.x;
            const double dy = b.y - a.y;
            const double len2 = dx * dx + dy * dy;
            if (len2 <= 0)
                continue;
            const double u = std::clamp(((w.x - a.x) * dx + (w.y - a.y) * dy) / len2, 0.0, 1.0);
            const double ex = a.x + u * dx - w.x;
            const double ey = a.y + u * dy - w.y;
            if (const double d = ex * ex + ey * ey; d < best) {
                best = d;
                angle = std::atan2(-dy, dx); // page y points down
            }
        }
    }
    return angle;
}

rect symbol_box(geo::xy q, double size) {
    return rect::centred(q.x, q.y, size, size);
}

void draw_bridges(const page& p, std::vector<rect>& boxes) {
    cairo_t* cr = p.c.cr();
    for (const auto& b : p.data.bridges) {
        if (b.points.size() >= 2) {
            // A bridge drawn as a line: a white deck with black parapets.
            cairo_save(cr);
            p.c.line_path(b.points, p.t);
            p.c.set(b.vehicles ? style::ink : style::muted_ink);
            cairo_set_line_width(cr, 5);
            cairo_stroke_preserve(cr);
            p.c.set(style::paper);
            cairo_set_line_width(cr, 3);
            cairo_stroke(cr);
            cairo_restore(cr);
            continue;
        }
        if (b.points.empty())
            continue;
        const auto q = p.t(b.points.front());
        draw_bridge(p.c, q.x, q.y, style::symbol_size, road_angle_at(p, b.points.front()),
                    b.vehicles);
        boxes.push_back(symbol_box(q, style::symbol_size));
    }
}

} // namespace

std::string marker_text(const map_project& project) {
    return project.rank ? std::to_string(*project.rank) : project.code;
}

geo::xy marker_point(const map_project& project) {
    if (project.points.size() < 2)
        return project.points.empty() ? geo::xy{} : project.points[0];
    double total = 0;
    for (std::size_t i = 1; i < project.points.size(); ++i) {
        total += std::hypot(project.points[i].x - project.points[i - 1].x,
                            project.points[i].y - project.points[i - 1].y);
    }
    double left = total / 2;
    for (std::size_t i = 1; i < project.points.size(); ++i) {
        const auto a = project.points[i - 1];
        const auto b = project.points[i];
        const double len = std::hypot(b.x - a.x, b.y - a.y);
        if (len >= left && len > 0) {
            return {a.x + (b.x - a.x) * left / len, a.y + (b.y - a.y) * left / len};
        }
        left -= len;
    }
    return project.points.back();
}

double village_radius(const map_data& d, const map_village& v) {
    if (!v.households)
        return (village_radius_min + village_radius_max) / 2;
    std::int64_t largest = 0;
    for (const auto& other : d.villages) {
        if (other.point && other.households)
            largest = std::max(largest, *other.households);
    }
    if (largest <= 0)
        return village_radius_min;
    const double r = village_radius_max *
                     std::sqrt(static_cast<double>(*v.households) / static_cast<double>(largest));
    return std::clamp(r, village_radius_min, village_radius_max);
}

std::vector<rect> draw_features(const page& p) {
    cairo_t* cr = p.c.cr();
    std::vector<rect> boxes;
    cairo_save(cr);
    p.c.rect_path(p.layout.map_frame);
    cairo_clip(cr);
    p.c.set(style::land);
    cairo_paint(cr);

    draw_villages(p);
    draw_zones(p);
    draw_village_outlines(p);
    draw_waterways(p);
    draw_roads(p);
    draw_project_lines(p);
    draw_bridges(p, boxes);
    draw_village_points(p, boxes);
    for (const auto& f : p.data.facilities) {
        const auto q = p.t(f.point);
        draw_facility_icon(p.c, f.kind, q.x, q.y, style::symbol_size);
        boxes.push_back(symbol_box(q, style::symbol_size));
    }
    for (const auto& f : p.data.fords) {
        const auto q = p.t(f.point);
        draw_ford(p.c, q.x, q.y, style::symbol_size, f.closed, f.depth_unknown);
        boxes.push_back(symbol_box(q, style::symbol_size * 1.2));
    }
    // Point projects get a small ring where they would be built; their numbered marker is a
    // callout placed with the labels (map_labels.cpp) so that it hides no ford or road.
    for (const auto& proj : p.data.projects) {
        if (proj.points.size() != 1)
            continue;
        const auto q = p.t(proj.points.front());
        cairo_arc(cr, q.x, q.y, 3.2, 0, 2 * std::numbers::pi);
        p.c.set(style::project);
        cairo_set_line_width(cr, 1.4);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
    return boxes;
}

} // namespace allseason::render::detail
