#include "layers/render/detail/canvas.hpp"

#include <cstdlib>
#include <fontconfig/fontconfig.h>
#include <mutex>
#include <string>

namespace allseason::render::detail {

namespace {

// Pango's default font map, Cairo's font caches and Fontconfig's configuration live until
// the process ends; released at exit so that LeakSanitizer (the ASan CI run) sees a clean
// process. Runs before LeakSanitizer's own check, which was registered first.
void release_font_caches() {
    pango_cairo_font_map_set_default(nullptr);
    cairo_debug_reset_static_data();
    FcFini();
}

std::once_flag release_registered;

} // namespace

canvas::canvas(cairo_t* cr, double text_scale)
    : m_cr(cr), m_text_scale(text_scale), m_pango(pango_cairo_create_context(cr)) {
    std::call_once(release_registered, [] { std::atexit(release_font_caches); });
    // Points in, points out: Pango's default 96 dpi would scale every font by 4/3.
    pango_cairo_context_set_resolution(m_pango.get(), 72);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(m_pango.get(), options);
    cairo_font_options_destroy(options);
    pango_context_set_round_glyph_positions(m_pango.get(), FALSE);
}

void canvas::set(const colour& c) const { cairo_set_source_rgba(m_cr, c.r, c.g, c.b, c.a); }

layout_ptr canvas::layout(std::string_view text, const text_style& s, double wrap_width,
                          PangoAlignment align) const {
    pango_cairo_update_context(m_cr, m_pango.get());
    layout_ptr out(pango_layout_new(m_pango.get()));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, std::string(style::font_family).c_str());
    pango_font_description_set_absolute_size(font, s.size * m_text_scale * PANGO_SCALE);
    pango_font_description_set_weight(font, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, s.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(out.get(), font);
    pango_font_description_free(font);
    if (wrap_width > 0) {
        pango_layout_set_width(out.get(), static_cast<int>(wrap_width * PANGO_SCALE));
        pango_layout_set_wrap(out.get(), PANGO_WRAP_WORD);
    }
    pango_layout_set_alignment(out.get(), align);
    pango_layout_set_text(out.get(), text.data(), static_cast<int>(text.size()));
    return out;
}

std::pair<double, double> canvas::size(PangoLayout* layout) {
    PangoRectangle logical;
    pango_layout_get_extents(layout, nullptr, &logical);
    return {static_cast<double>(logical.width) / PANGO_SCALE,
            static_cast<double>(logical.height) / PANGO_SCALE};
}

void canvas::show(PangoLayout* layout, double x, double y, const colour& fill,
                  double halo_width) const {
    cairo_save(m_cr);
    cairo_move_to(m_cr, x, y);
    if (halo_width > 0) {
        pango_cairo_layout_path(m_cr, layout);
        set(style::halo);
        cairo_set_line_width(m_cr, halo_width);
        cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(m_cr);
        cairo_move_to(m_cr, x, y);
    }
    set(fill);
    pango_cairo_show_layout(m_cr, layout);
    cairo_restore(m_cr);
}

double canvas::text(std::string_view text, double x, double y, const text_style& s,
                    double wrap_width) const {
    auto l = layout(text, s, wrap_width);
    show(l.get(), x, y, s.fill);
    return size(l.get()).second;
}

void canvas::line_path(const line& points, const page_transform& t) const {
    bool first = true;
    for (const auto& p : points) {
        const auto q = t(p);
        if (first) {
            cairo_move_to(m_cr, q.x, q.y);
            first = false;
        } else {
            cairo_line_to(m_cr, q.x, q.y);
        }
    }
}

void canvas::polygon_path(const multipolygon& area, const page_transform& t) const {
    for (const auto& polygon : area) {
        for (const auto& ring : polygon) {
            line_path(ring, t);
            cairo_close_path(m_cr);
        }
    }
}

void canvas::rect_path(const rect& r) const {
    cairo_rectangle(m_cr, r.x0, r.y0, r.width(), r.height());
}

} // namespace allseason::render::detail
