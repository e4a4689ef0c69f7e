// What makes a drawing a map: frame, scale bar, north arrow, title, sources and CRS.
#include "layers/render/detail/map_page.hpp"

#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::render::detail {

namespace {

// The largest 1, 2 or 5 × 10^k not above `value`.
double nice_below(double value) {
    const double base = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {5.0, 2.0, 1.0}) {
        if (step * base <= value)
            return step * base;
    }
    return base;
}

std::string distance_text(language lang, double metres) {
    if (metres >= 1000) {
        const double km = metres / 1000;
        return format_decimal(lang, km, km == std::floor(km) ? 0 : 1) + " km";
    }
    return format_int(lang, static_cast<std::int64_t>(std::lround(metres))) + " m";
}

void white_box(const canvas& c, const rect& r) {
    c.rect_path(r);
    c.set(colour{1, 1, 1, 0.88});
    cairo_fill_preserve(c.cr());
    c.set(colour::hex(0x999999));
    cairo_set_line_width(c.cr(), 0.4);
    cairo_stroke(c.cr());
}

} // namespace

rect draw_scale_bar(const page& p) {
    const auto lang = p.options.lang;
    const auto& frame = p.layout.map_frame;
    const double ppm = p.layout.points_per_metre;
    const double metres = nice_below(frame.width() / 5 / ppm);
    const double length = metres * ppm;
    const double x0 = frame.x0 + 14;
    const double bar_y = frame.y1 - 20;
    const double bar_h = 4;

    auto scale = p.c.layout(
        fmt::format(fmt::runtime(tr(lang, "map.scale")),
                    format_int(lang, static_cast<std::int64_t>(p.layout.scale_denominator))),
        {style::legend_size});
    auto zero = p.c.layout("0", {style::legend_size - 0.5});
    auto end = p.c.layout(distance_text(lang, metres), {style::legend_size - 0.5});
    const auto [sw, sh] = canvas::size(scale.get());
    const auto [ew, eh] = canvas::size(end.get());
    const rect box{x0 - 8, bar_y - sh - 4, x0 + std::max(length + ew / 2, sw) + 8,
                   bar_y + bar_h + eh + 4};
    white_box(p.c, box);

    cairo_t* cr = p.c.cr();
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < 4; ++i) {
        cairo_rectangle(cr, x0 + length * i / 4, bar_y, length / 4, bar_h);
        p.c.set(i % 2 == 0 ? style::ink : style::paper);
        cairo_fill_preserve(cr);
        p.c.set(style::ink);
        cairo_stroke(cr);
    }
    p.c.show(scale.get(), x0, bar_y - sh - 1.5, style::ink);
    p.c.show(zero.get(), x0 - canvas::size(zero.get()).first / 2, bar_y + bar_h + 1, style::ink);
    p.c.show(end.get(), x0 + length - ew / 2, bar_y + bar_h + 1, style::ink);
    return box;
}

rect draw_north_arrow(const page& p) {
    const auto& frame = p.layout.map_frame;
    const double cx = frame.x1 - 22;
    const double top = frame.y0 + 10;
    const double h = 26;
    const double w = 8;
    auto letter = p.c.layout(tr(p.options.lang, "map.north"), {9, true});
    const auto [lw, lh] = canvas::size(letter.get());
    const rect box{cx - w - 5, top - 3, cx + w + 5, top + lh + h + 4};
    white_box(p.c, box);
    p.c.show(letter.get(), cx - lw / 2, top, style::ink);

    cairo_t* cr = p.c.cr();
    const double y0 = top + lh;
    // Two halves, dark and light, the classic north arrow; grid north of the project CRS.
    cairo_move_to(cr, cx, y0);
    cairo_line_to(cr, cx + w, y0 + h);
    cairo_line_to(cr, cx, y0 + h * 0.72);
    cairo_close_path(cr);
    p.c.set(style::paper);
    cairo_fill_preserve(cr);
    p.c.set(style::ink);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    cairo_move_to(cr, cx, y0);
    cairo_line_to(cr, cx - w, y0 + h);
    cairo_line_to(cr, cx, y0 + h * 0.72);
    cairo_close_path(cr);
    cairo_fill_preserve(cr);
    cairo_stroke(cr);
    return box;
}

void draw_frame(const page& p) {
    cairo_t* cr = p.c.cr();
    p.c.rect_path(p.layout.map_frame);
    p.c.set(style::frame);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

// The scenario's answer in three lines, where the eye lands after the title.
void draw_summary(const page& p) {
    const auto lang = p.options.lang;
    const auto& s = p.data.summary;
    const double x = p.layout.legend.x0;
    const double width = p.layout.legend.width();
    double y = p.layout.title.y0 + 1;
    if (!p.data.has_results) {
        p.c.text(tr(lang, "map.no_results"), x, y,
                 {style::legend_size + 0.5, true, false, style::closed}, width);
        return;
    }
    const colour alert = s.villages_cut_off > 0 ? style::closed : style::ink;
    y += p.c.text(fmt::format(fmt::runtime(tr(lang, "panel.villages_cut_off")),
                              format_int(lang, s.villages_cut_off), format_int(lang, s.villages)),
                  x, y, {style::subtitle_size + 1.5, true, false, alert}, width);
    y += p.c.text(fmt::format(fmt::runtime(tr(lang, "panel.households_cut_off")),
                              format_int(lang, s.households_cut_off),
                              format_int(lang, s.households)),
                  x, y, {style::subtitle_size, true, false, alert}, width);
    if (s.households_without_road > 0) {
        y += p.c.text(fmt::format(fmt::runtime(tr(lang, "panel.households_without_road")),
                                  format_int(lang, s.households_without_road)),
                      x, y, {style::subtitle_size, false, false, style::muted_ink}, width);
    }
    if (s.villages_households_unknown > 0) {
        p.c.text(fmt::format(fmt::runtime(tr(lang, "panel.households_unknown")),
                             format_int(lang, s.villages_households_unknown)),
                 x, y, {style::subtitle_size, false, false, style::muted_ink}, width);
    }
}

void draw_title(const page& p) {
    const auto lang = p.options.lang;
    const auto& box = p.layout.title;
    const std::string title =
        p.options.title.empty()
            ? fmt::format(fmt::runtime(tr(lang, "map.title")), p.data.project_name)
            : p.options.title;
    // The title spans the map's width; the summary sits above the legend column.
    const double width = p.layout.map_frame.width();
    const double h = p.c.text(title, box.x0, box.y0, {style::title_size, true}, width);
    const auto scenario = tr_word(lang, "scenario", p.data.scenario);
    const auto destination = tr_word(lang, "destination", p.data.destination);
    p.c.text(fmt::format(fmt::runtime(tr(lang, "map.subtitle")), scenario, destination), box.x0,
             box.y0 + h + 1, {style::subtitle_size, false, false, style::muted_ink}, width);
    draw_summary(p);
}

void draw_footer(const page& p) {
    const auto lang = p.options.lang;
    const auto& box = p.footer;
    const text_style s{style::footer_size, false, false, style::muted_ink};
    const std::string sources =
        p.data.sources.empty()
            ? fmt::format(fmt::runtime(tr(lang, "map.sources_none")), p.data.project_file)
            : fmt::format(fmt::runtime(tr(lang, "map.sources")), fmt::join(p.data.sources, ", "));
    const double right_width = 190 * p.c.text_scale();
    const double h = p.c.text(sources, box.x0, box.y0, s, box.width() - right_width - 10);
    p.c.text(fmt::format(fmt::runtime(tr(lang, "map.crs")), p.data.crs_label), box.x0, box.y0 + h,
             s, box.width() - right_width - 10);

    auto date = p.c.layout(fmt::format(fmt::runtime(tr(lang, "map.date")), p.options.date), s,
                           right_width, PANGO_ALIGN_RIGHT);
    p.c.show(date.get(), box.x1 - right_width, box.y0, s.fill);
    auto made =
        p.c.layout(fmt::format(fmt::runtime(tr(lang, "map.made_with")), p.options.tool_version), s,
                   right_width, PANGO_ALIGN_RIGHT);
    p.c.show(made.get(), box.x1 - right_width, box.y0 + canvas::size(date.get()).second, s.fill);
}

} // namespace allseason::render::detail
