#pragma once
// Private to the render library: a Cairo context with a Pango context set up for print (72
// "dpi" so that font sizes are points in user space, no hinting so that PDF, SVG and PNG lay
// text out identically), and the path and text helpers the map drawing shares.
#include "layers/render/label_placer.hpp"
#include "layers/render/map_data.hpp"
#include "layers/render/map_style.hpp"

#include <cairo.h>
#include <memory>
#include <pango/pangocairo.h>
#include <string_view>

namespace allseason::render::detail {

struct g_object_deleter {
    void operator()(void* object) const noexcept { g_object_unref(object); }
};
using layout_ptr = std::unique_ptr<PangoLayout, g_object_deleter>;

struct text_style {
    double size = style::legend_size;
    bool bold = false;
    bool italic = false;
    colour fill = style::ink;
};

// World (project CRS) → page points.
struct page_transform {
    double points_per_metre = 1;
    double world_min_x = 0;
    double world_max_y = 0;
    double page_x0 = 0;
    double page_y0 = 0;
    geo::xy operator()(geo::xy w) const {
        return {page_x0 + (w.x - world_min_x) * points_per_metre,
                page_y0 + (world_max_y - w.y) * points_per_metre};
    }
};

class canvas {
public:
    // `text_scale` multiplies every font size (1 on A4).
    explicit canvas(cairo_t* cr, double text_scale = 1);
    canvas(const canvas&) = delete;
    canvas& operator=(const canvas&) = delete;

    cairo_t* cr() const { return m_cr; }
    double text_scale() const { return m_text_scale; }
    void set(const colour& c) const;

    // A laid-out text; `wrap_width` > 0 wraps at word boundaries.
    layout_ptr layout(std::string_view text, const text_style& s, double wrap_width = -1,
                      PangoAlignment align = PANGO_ALIGN_LEFT) const;
    // Width and height of the layout's logical box in points.
    static std::pair<double, double> size(PangoLayout* layout);
    // Draws with the top-left of the logical box at (x, y); a halo keeps text legible over
    // roads and fills.
    void show(PangoLayout* layout, double x, double y, const colour& fill,
              double halo_width = 0) const;
    // Lays out and draws one text; returns its height.
    double text(std::string_view text, double x, double y, const text_style& s,
                double wrap_width = -1) const;

    void line_path(const line& points, const page_transform& t) const;
    void polygon_path(const multipolygon& area, const page_transform& t) const;
    void rect_path(const rect& r) const;

private:
    cairo_t* m_cr;
    double m_text_scale;
    std::unique_ptr<PangoContext, g_object_deleter> m_pango;
};

} // namespace allseason::render::detail
