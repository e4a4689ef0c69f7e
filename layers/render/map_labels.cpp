// Labels, most important first: cut-off villages (name and households cut off), the other
// villages by size, closed fords, then the commune centre. Each takes the first free candidate
// box; a label that finds none is dropped and reported, never drawn over another.
#include "layers/render/detail/map_page.hpp"
#include "layers/render/detail/symbols.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace allseason::render::detail {

namespace {

struct pending {
    layout_ptr layout;
    geo::xy anchor;
    bool inside; // centred on the anchor (areas) or beside it (point symbols)
    colour fill;
    std::string name;                      // for the dropped-label report
    const multipolygon* area = nullptr;    // a village label stays inside its village
    double gap = style::symbol_size * 0.7; // beside a point symbol: clear of it by this much
};

// Even–odd ray casting over every ring: inside a part and outside its holes.
bool inside(const multipolygon& area, geo::xy w) {
    bool in = false;
    for (const auto& polygon : area) {
        for (const auto& ring : polygon) {
            for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
                const auto& a = ring[i];
                const auto& b = ring[j];
                if ((a.y > w.y) != (b.y > w.y) &&
                    w.x < (b.x - a.x) * (w.y - a.y) / (b.y - a.y) + a.x) {
                    in = !in;
                }
            }
        }
    }
    return in;
}

// World coordinates of a page point (the inverse of the page transform).
geo::xy to_world(const page_transform& t, double x, double y) {
    return {t.world_min_x + (x - t.page_x0) / t.points_per_metre,
            t.world_max_y - (y - t.page_y0) / t.points_per_metre};
}

std::string escape(std::string_view text) {
    char* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
    std::string out(escaped);
    g_free(escaped);
    return out;
}

layout_ptr markup_layout(const canvas& c, const std::string& markup, double size) {
    auto l = c.layout("", {size});
    pango_layout_set_markup(l.get(), markup.c_str(), -1);
    pango_layout_set_alignment(l.get(), PANGO_ALIGN_CENTER);
    return l;
}

std::string village_markup(const page& p, const map_village& v) {
    const auto lang = p.options.lang;
    std::string markup = fmt::format("<b>{}</b>", escape(v.name));
    if (v.status == village_status::cut_off && !v.households) {
        markup +=
            fmt::format("\n<span size=\"{}\" foreground=\"#9e1a1a\">{}</span>",
                        static_cast<int>(style::detail_label_size * p.c.text_scale() * PANGO_SCALE),
                        escape(tr(lang, "label.cut_off_unknown")));
    } else if (v.status == village_status::cut_off) {
        const auto count = fmt::format(fmt::runtime(tr(lang, "label.cut_off_households")),
                                       format_int(lang, v.households_cut_off));
        markup +=
            fmt::format("\n<span size=\"{}\" foreground=\"#9e1a1a\">{}</span>",
                        static_cast<int>(style::detail_label_size * p.c.text_scale() * PANGO_SCALE),
                        escape(count));
    } else if (!v.households) {
        markup +=
            fmt::format("\n<span size=\"{}\" style=\"italic\">{}</span>",
                        static_cast<int>(style::detail_label_size * p.c.text_scale() * PANGO_SCALE),
                        escape(tr(lang, "label.households_unknown")));
    } else if (v.status == village_status::no_road_access) {
        markup +=
            fmt::format("\n<span size=\"{}\" style=\"italic\">{}</span>",
                        static_cast<int>(style::detail_label_size * p.c.text_scale() * PANGO_SCALE),
                        escape(tr(lang, "label.no_road")));
    }
    return markup;
}

std::vector<const map_village*> villages_by_priority(const map_data& d) {
    std::vector<const map_village*> out;
    for (const auto& v : d.villages)
        out.push_back(&v);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) {
        const bool ca = a->status == village_status::cut_off;
        const bool cb = b->status == village_status::cut_off;
        if (ca != cb)
            return ca;
        if (a->households_cut_off != b->households_cut_off)
            return a->households_cut_off > b->households_cut_off;
        return a->households.value_or(0) > b->households.value_or(0);
    });
    return out;
}

void place(const page& p, label_placer& placer, pending& label) {
    const auto q = p.t(label.anchor);
    const auto [w, h] = canvas::size(label.layout.get());
    // The halo is part of what must not touch another label.
    const double pad = 1.2;
    auto candidates = candidates_around(q.x, q.y, w + 2 * pad, h + 2 * pad,
                                        label.inside ? 3.0 : label.gap, label.inside);
    // A village's name goes inside the village if it can (over a road, if need be) before it
    // goes outside, where it would be read as its neighbour's.
    std::vector<rect> first;
    std::vector<rect> second;
    for (const auto& r : candidates) {
        const bool in =
            !label.area || inside(*label.area, to_world(p.t, (r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2));
        (in ? first : second).push_back(r);
    }
    auto chosen = placer.place(first);
    candidates = first;
    if (!chosen) {
        chosen = placer.place(second);
        candidates = second;
    }
    if (!chosen) {
        p.layout.dropped_labels.push_back(label.name);
        return;
    }
    const auto& box = candidates[*chosen];
    p.c.show(label.layout.get(), box.x0 + pad, box.y0 + pad, label.fill, 2.4);
}

// Callout positions for a project marker, nearest first, up and right preferred.
std::vector<rect> marker_candidates(geo::xy q, double w, double r) {
    std::vector<rect> out;
    for (const double d : {r + 4, r + 10, r + 18, r + 28}) {
        const double diagonal = d * 0.75;
        const double dx = d + (w / 2 - r); // a wide pill keeps clear of the point too
        const geo::xy offsets[] = {{diagonal + w / 2 - r, -diagonal},
                                   {-diagonal - w / 2 + r, -diagonal},
                                   {diagonal + w / 2 - r, diagonal},
                                   {-diagonal - w / 2 + r, diagonal},
                                   {dx, 0},
                                   {-dx, 0},
                                   {0, -d},
                                   {0, d}};
        for (const auto& o : offsets)
            out.push_back(rect::centred(q.x + o.x, q.y + o.y, w, 2 * r));
    }
    return out;
}

// The numbered markers of the candidate projects, beside what they would build with a leader
// line, best rank first. They are never dropped: a marker with no free place takes its
// nearest one.
void draw_project_callouts(const page& p, label_placer& placer) {
    cairo_t* cr = p.c.cr();
    const double r = style::project_radius;
    for (const auto& proj : p.data.projects) {
        if (proj.points.empty())
            continue;
        const auto q = p.t(marker_point(proj));
        const auto text = marker_text(proj);
        const auto candidates =
            marker_candidates(q, project_marker_width(p.c, r, text) + 1.6, r + 0.8);
        const auto chosen = placer.place(candidates);
        const auto& box = candidates[chosen.value_or(0)];
        if (!chosen)
            placer.reserve(box);
        const double cx = (box.x0 + box.x1) / 2;
        const double cy = (box.y0 + box.y1) / 2;
        cairo_move_to(cr, q.x, q.y);
        cairo_line_to(cr, cx, cy);
        p.c.set(style::project);
        cairo_set_line_width(cr, 0.9);
        cairo_stroke(cr);
        draw_project_marker(p.c, cx, cy, r, text);
    }
}

void add_roads_as_soft_obstacles(const page& p, label_placer& placer) {
    for (const auto& road : p.data.roads) {
        for (std::size_t i = 1; i < road.points.size(); ++i) {
            const auto a = p.t(road.points[i - 1]);
            const auto b = p.t(road.points[i]);
            placer.add_soft_segment(a.x, a.y, b.x, b.y);
        }
    }
}

} // namespace

void draw_labels(const page& p, label_placer& placer) {
    add_roads_as_soft_obstacles(p, placer);
    draw_project_callouts(p, placer);
    std::vector<pending> labels;
    for (const auto* v : villages_by_priority(p.data)) {
        if (v->name.empty())
            continue;
        if (v->point) {
            // Beside its circle, where it reads as the circle's name.
            labels.push_back({markup_layout(p.c, village_markup(p, *v), style::village_label_size),
                              v->anchor, false, style::ink, v->name, nullptr,
                              village_radius(p.data, *v) + 1.5});
            continue;
        }
        if (v->area.empty())
            continue;
        labels.push_back({markup_layout(p.c, village_markup(p, *v), style::village_label_size),
                          v->anchor, true, style::ink, v->name, &v->area});
    }
    for (const auto& f : p.data.fords) {
        if (!f.closed || f.name.empty())
            continue;
        labels.push_back({p.c.layout(f.name, {style::detail_label_size, false, true}), f.point,
                          false, style::closed, f.name});
    }
    for (const auto& f : p.data.facilities) {
        if (f.kind != "commune_centre" || f.name.empty())
            continue;
        labels.push_back({p.c.layout(f.name, {style::detail_label_size, true}), f.point, false,
                          style::ink, f.name});
    }
    for (auto& label : labels)
        place(p, placer, label);
    draw_road_labels(p, placer);
}

} // namespace allseason::render::detail
