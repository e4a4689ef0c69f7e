#include "layers/render/detail/symbols.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace allseason::render::detail {

namespace {

void rounded_square(cairo_t* cr, double x, double y, double size) {
    const double h = size / 2;
    const double r = size * 0.18;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + h - r, y - h + r, r, -std::numbers::pi / 2, 0);
    cairo_arc(cr, x + h - r, y + h - r, r, 0, std::numbers::pi / 2);
    cairo_arc(cr, x - h + r, y + h - r, r, std::numbers::pi / 2, std::numbers::pi);
    cairo_arc(cr, x - h + r, y - h + r, r, std::numbers::pi, 3 * std::numbers::pi / 2);
    cairo_close_path(cr);
}

void filled_badge(const canvas& c, double x, double y, double size, const colour& fill) {
    cairo_t* cr = c.cr();
    rounded_square(cr, x, y, size);
    c.set(fill);
    cairo_fill_preserve(cr);
    c.set(style::paper);
    cairo_set_line_width(cr, size * 0.1);
    cairo_stroke(cr);
}

void star(cairo_t* cr, double x, double y, double outer) {
    const double inner = outer * 0.42;
    for (int i = 0; i < 10; ++i) {
        const double r = i % 2 == 0 ? outer : inner;
        const double a = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
        const double px = x + r * std::cos(a);
        const double py = y + r * std::sin(a);
        i == 0 ? cairo_move_to(cr, px, py) : cairo_line_to(cr, px, py);
    }
    cairo_close_path(cr);
}

// A house: square body under a gable roof.
void house(cairo_t* cr, double x, double y, double s) {
    cairo_move_to(cr, x, y - s * 0.5);
    cairo_line_to(cr, x + s * 0.5, y - s * 0.05);
    cairo_line_to(cr, x + s * 0.32, y - s * 0.05);
    cairo_line_to(cr, x + s * 0.32, y + s * 0.45);
    cairo_line_to(cr, x - s * 0.32, y + s * 0.45);
    cairo_line_to(cr, x - s * 0.32, y - s * 0.05);
    cairo_line_to(cr, x - s * 0.5, y - s * 0.05);
    cairo_close_path(cr);
}

// An open book: two pages meeting at the spine.
void book(cairo_t* cr, double x, double y, double s) {
    cairo_move_to(cr, x, y - s * 0.22);
    cairo_line_to(cr, x - s * 0.48, y - s * 0.38);
    cairo_line_to(cr, x - s * 0.48, y + s * 0.3);
    cairo_line_to(cr, x, y + s * 0.42);
    cairo_line_to(cr, x + s * 0.48, y + s * 0.3);
    cairo_line_to(cr, x + s * 0.48, y - s * 0.38);
    cairo_close_path(cr);
}

void drop(cairo_t* cr, double x, double y, double s) {
    cairo_move_to(cr, x, y - s * 0.5);
    cairo_curve_to(cr, x + s * 0.15, y - s * 0.2, x + s * 0.38, y, x + s * 0.38, y + s * 0.18);
    cairo_arc(cr, x, y + s * 0.18, s * 0.38, 0, std::numbers::pi);
    cairo_curve_to(cr, x - s * 0.38, y, x - s * 0.15, y - s * 0.2, x, y - s * 0.5);
    cairo_close_path(cr);
}

} // namespace

void draw_facility_icon(const canvas& c, std::string_view kind, double x, double y,
                        double size) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    const colour fill = facility_colour(kind);
    if (kind == "health_station") {
        rounded_square(cr, x, y, size);
        c.set(style::paper);
        cairo_fill_preserve(cr);
        c.set(fill);
        cairo_set_line_width(cr, size * 0.1);
        cairo_stroke(cr);
        const double a = size * 0.34;
        const double b = size * 0.11;
        cairo_rectangle(cr, x - a, y - b, 2 * a, 2 * b);
        cairo_rectangle(cr, x - b, y - a, 2 * b, 2 * a);
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    filled_badge(c, x, y, size, fill);
    c.set(style::paper);
    const double inner = size * 0.62;
    if (kind == "commune_centre") {
        star(cr, x, y + size * 0.03, inner * 0.62);
    } else if (kind == "kindergarten" || kind == "primary_school" ||
               kind == "secondary_school") {
        book(cr, x, y, inner);
    } else if (kind == "culture_house") {
        house(cr, x, y, inner);
    } else if (kind == "market") {
        // A market stall: an awning over a counter.
        cairo_move_to(cr, x - inner * 0.5, y - inner * 0.05);
        cairo_line_to(cr, x - inner * 0.3, y - inner * 0.45);
        cairo_line_to(cr, x + inner * 0.3, y - inner * 0.45);
        cairo_line_to(cr, x + inner * 0.5, y - inner * 0.05);
        cairo_close_path(cr);
        cairo_rectangle(cr, x - inner * 0.38, y + inner * 0.12, inner * 0.76, inner * 0.3);
    } else if (kind == "water_station") {
        drop(cr, x, y, inner);
    } else {
        cairo_arc(cr, x, y, inner * 0.3, 0, 2 * std::numbers::pi);
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

void draw_ford(const canvas& c, double x, double y, double size, bool closed, bool depth_unknown) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    const double h = size * 0.62;
    cairo_move_to(cr, x, y - h);
    cairo_line_to(cr, x + h, y);
    cairo_line_to(cr, x, y + h);
    cairo_line_to(cr, x - h, y);
    cairo_close_path(cr);
    const bool hollow = closed && depth_unknown;
    c.set(hollow ? style::paper : closed ? style::closed : style::ford_open);
    cairo_fill_preserve(cr);
    c.set(hollow ? style::closed : style::paper);
    cairo_set_line_width(cr, size * (hollow ? 0.14 : 0.1));
    if (hollow) {
        const double dash[] = {size * 0.18, size * 0.1};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    if (hollow)
        c.set(style::closed);
    // Water over the crest: a wave; a closed ford gets a bar across it (no entry).
    cairo_set_line_width(cr, size * 0.12);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    if (closed) {
        cairo_move_to(cr, x - h * 0.45, y);
        cairo_line_to(cr, x + h * 0.45, y);
    } else {
        const double w = h * 0.5;
        cairo_move_to(cr, x - w, y);
        cairo_curve_to(cr, x - w / 2, y - w * 0.5, x - w / 4, y - w * 0.5, x, y);
        cairo_curve_to(cr, x + w / 4, y + w * 0.5, x + w / 2, y + w * 0.5, x + w, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_bridge(const canvas& c, double x, double y, double size, double angle,
                 bool vehicles) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    const double half_length = size * 0.6;
    const double half_gap = vehicles ? size * 0.32 : size * 0.22;
    const double flare = size * 0.22;
    // A white deck under the two parapets keeps the road from showing through.
    cairo_rectangle(cr, -half_length, -half_gap, 2 * half_length, 2 * half_gap);
    c.set(style::paper);
    cairo_fill(cr);
    for (const double side : {-1.0, 1.0}) {
        cairo_move_to(cr, -half_length - flare, side * (half_gap + flare));
        cairo_line_to(cr, -half_length, side * half_gap);
        cairo_line_to(cr, half_length, side * half_gap);
        cairo_line_to(cr, half_length + flare, side * (half_gap + flare));
    }
    c.set(vehicles ? style::ink : style::muted_ink);
    cairo_set_line_width(cr, vehicles ? size * 0.16 : size * 0.11);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (!vehicles) {
        const double dash[] = {size * 0.18, size * 0.12};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

namespace {

layout_ptr marker_layout(const canvas& c, double radius, std::string_view text) {
    const double size = text.size() > 2 ? radius * 1.05 : radius * 1.25;
    return c.layout(text, {size, true, false, style::paper});
}

} // namespace

double project_marker_width(const canvas& c, double radius, std::string_view text) {
    if (text.size() <= 2) return 2 * radius;
    auto l = marker_layout(c, radius, text);
    return std::max(2 * radius, canvas::size(l.get()).first + radius);
}

void draw_project_marker(const canvas& c, double x, double y, double radius,
                         std::string_view text) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    const double half = project_marker_width(c, radius, text) / 2 - radius;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + half, y, radius, -std::numbers::pi / 2, std::numbers::pi / 2);
    cairo_arc(cr, x - half, y, radius, std::numbers::pi / 2, 3 * std::numbers::pi / 2);
    cairo_close_path(cr);
    c.set(style::project);
    cairo_fill_preserve(cr);
    c.set(style::paper);
    cairo_set_line_width(cr, radius * 0.2);
    cairo_stroke(cr);
    if (!text.empty()) {
        auto l = marker_layout(c, radius, text);
        const auto [w, h] = canvas::size(l.get());
        c.show(l.get(), x - w / 2, y - h / 2, style::paper);
    }
    cairo_restore(cr);
}

void draw_road_sample(const canvas& c, double x0, double x1, double y, const road_style& s) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    c.set(style::road_casing);
    cairo_set_line_width(cr, s.width + style::road_casing_extra);
    cairo_stroke_preserve(cr);
    c.set(s.stroke);
    cairo_set_line_width(cr, s.width);
    if (s.dashed) {
        const double dash[] = {s.width * 3, s.width * 1.6};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void stroke_closed(const canvas& c, double road_width) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    // A red band with short gaps: reads as "closed" over any surface colour.
    c.set(colour{style::closed.r, style::closed.g, style::closed.b, 0.9});
    cairo_set_line_width(cr, road_width + 2.2);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    const double dash[] = {4.0, 1.6};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void hatch(const canvas& c, const rect& bounds, double spacing, double width,
           const colour& ink) {
    cairo_t* cr = c.cr();
    cairo_save(cr);
    c.set(ink);
    cairo_set_line_width(cr, width);
    const double span = bounds.width() + bounds.height();
    for (double d = 0; d <= span; d += spacing) {
        cairo_move_to(cr, bounds.x0 + d, bounds.y0);
        cairo_line_to(cr, bounds.x0 + d - bounds.height(), bounds.y1);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

} // namespace allseason::render::detail
