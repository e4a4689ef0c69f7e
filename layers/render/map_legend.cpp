// The side panel: the legend (only what the map shows), the scenario's summary and the
// priority projects by rank, so the numbers on the map can be read off the same sheet.
#include "layers/render/detail/map_page.hpp"
#include "layers/render/detail/symbols.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <numbers>
#include <set>

namespace allseason::render::detail {

namespace {

constexpr double pad = 8;
constexpr double symbol_width = 24;
constexpr double row_height = 10.5;

class panel_writer {
public:
    explicit panel_writer(const page& p) : m_p(p), m_y(p.panel.y0 + pad) {}

    double y() const { return m_y; }
    double left() const { return m_p.panel.x0 + pad; }
    double width() const { return m_p.panel.width() - 2 * pad; }
    double remaining() const { return m_p.panel.y1 - pad - m_y; }

    void heading(std::string_view text, double size = style::legend_heading_size) {
        m_y += m_first ? 0 : 3;
        m_first = false;
        m_y += m_p.c.text(text, left(), m_y, {size, true}, width()) + 1.5;
    }

    // A symbol drawn centred in its column, the text beside it; `column` of `columns`.
    void row(const std::function<void(double cx, double cy)>& symbol, std::string_view text,
             int column = 0, int columns = 1) {
        const double col_width = width() / columns;
        const double x = left() + col_width * column;
        auto l = m_p.c.layout(text, {style::legend_size}, col_width - symbol_width - 2);
        const double h = std::max(row_height, canvas::size(l.get()).second + 2);
        symbol(x + symbol_width / 2, m_y + row_height / 2);
        m_p.c.show(l.get(), x + symbol_width + 2,
                   m_y + (row_height - canvas::size(l.get()).second) / 2 + 0.3, style::ink);
        m_row_height = std::max(m_row_height, h);
        if (column == columns - 1)
            end_row();
    }
    void end_row() {
        m_y += m_row_height;
        m_row_height = 0;
    }
    void text(std::string_view text, const text_style& s) {
        m_y += m_p.c.text(text, left(), m_y, s, width());
    }
    void skip(double dy) { m_y += dy; }

private:
    const page& m_p;
    double m_y;
    double m_row_height = 0;
    bool m_first = true;
};

std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z')
        text[0] = static_cast<char>(text[0] - 32);
    return text;
}

void swatch(const page& p, double cx, double cy, const colour& fill) {
    cairo_t* cr = p.c.cr();
    cairo_rectangle(cr, cx - 9, cy - 4.5, 18, 9);
    p.c.set(fill);
    cairo_fill_preserve(cr);
    p.c.set(style::village_outline);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

// Rows for point villages only when the map shows them: a sized circle, a "?" ring.
void legend_village_points(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    bool sized = false, unknown = false;
    for (const auto& v : p.data.villages) {
        sized = sized || (v.point && v.households);
        unknown = unknown || (v.point && !v.households);
    }
    cairo_t* cr = p.c.cr();
    if (sized) {
        w.row(
            [&](double x, double y) {
                cairo_new_path(cr);
                cairo_arc(cr, x, y, 4.5, 0, 2 * std::numbers::pi);
                p.c.set(village_fill(village_status::reachable));
                cairo_fill_preserve(cr);
                p.c.set(style::village_outline);
                cairo_set_line_width(cr, 0.8);
                cairo_stroke(cr);
            },
            std::string(tr(lang, "legend.village_point")));
    }
    if (unknown) {
        w.row(
            [&](double x, double y) {
                cairo_new_path(cr);
                cairo_arc(cr, x, y, 4.5, 0, 2 * std::numbers::pi);
                p.c.set(style::village_outline);
                cairo_set_line_width(cr, 1.2);
                cairo_stroke(cr);
                auto mark = p.c.layout("?", {6, true});
                const auto [tw, th] = canvas::size(mark.get());
                p.c.show(mark.get(), x - tw / 2, y - th / 2, style::village_outline);
            },
            std::string(tr(lang, "legend.village_point_unknown")));
    }
}

// map --theme isolation_days: the classes of isolation days present on the map.
void legend_isolation(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    std::set<int> present;
    for (const auto& v : p.data.villages)
        present.insert(isolation_class(v.isolation_days));
    w.heading(tr(lang, "legend.isolation_days"));
    for (int c = 1; c <= isolation_classes; ++c) {
        const int k = c % isolation_classes; // "not counted" last
        if (!present.count(k))
            continue;
        w.row([&](double x, double y) { swatch(p, x, y, isolation_fill(k)); },
              std::string(tr(lang, fmt::format("isolation.class{}", k))));
    }
    legend_village_points(p, w);
}

void legend_villages(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    if (p.data.isolation_theme) {
        legend_isolation(p, w);
        return;
    }
    std::set<village_status> present;
    for (const auto& v : p.data.villages)
        present.insert(v.status);
    if (present.empty())
        return;
    w.heading(tr(lang, "legend.villages"));
    for (const auto status :
         {village_status::reachable, village_status::cut_off, village_status::unreachable_dry,
          village_status::no_road_access, village_status::unknown}) {
        if (!present.count(status))
            continue;
        const std::string key = fmt::format("status.{}", to_string(status));
        const auto text =
            fmt::format(fmt::runtime(tr(lang, key)), format_decimal(lang, p.data.access_km, 0));
        w.row([&](double x, double y) { swatch(p, x, y, village_fill(status)); }, text);
    }
    legend_village_points(p, w);
}

void legend_roads(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    if (p.data.roads.empty())
        return;
    std::set<layers::road_class> classes;
    std::set<layers::surface> surfaces;
    bool closed = !p.data.closed_parts.empty();
    for (const auto& r : p.data.roads) {
        classes.insert(r.klass);
        surfaces.insert(r.surf);
        closed = closed || r.closed_by_surface;
    }
    w.heading(tr(lang, "legend.roads"));
    using rc = layers::road_class;
    const struct {
        const char* key;
        std::vector<rc> members;
    } groups[] = {{"legend.main_road", {rc::national, rc::provincial}},
                  {"legend.commune_road", {rc::inter_commune, rc::commune_axis}},
                  {"legend.village_road", {rc::village_axis, rc::alley, rc::field}},
                  {"legend.track", {rc::track}}};
    for (const auto& g : groups) {
        const auto it = std::find_if(g.members.begin(), g.members.end(),
                                     [&](rc k) { return classes.count(k) > 0; });
        if (it == g.members.end())
            continue;
        const auto s = road_style_for(*it, layers::surface::asphalt);
        w.row([&](double x, double y) { draw_road_sample(p.c, x - 10, x + 10, y, s); },
              tr(lang, g.key));
    }
    for (const auto surf : surfaces) {
        const auto s = road_style_for(layers::road_class::commune_axis, surf);
        const auto text = capitalised(fmt::format(fmt::runtime(tr(lang, "legend.surface")),
                                                  tr_word(lang, "surface", to_string(surf))));
        w.row([&](double x, double y) { draw_road_sample(p.c, x - 10, x + 10, y, s); }, text);
    }
    if (closed) {
        const auto s = road_style_for(layers::road_class::commune_axis, layers::surface::earth);
        w.row(
            [&](double x, double y) {
                cairo_move_to(p.c.cr(), x - 10, y);
                cairo_line_to(p.c.cr(), x + 10, y);
                stroke_closed(p.c, s.width);
                draw_road_sample(p.c, x - 10, x + 10, y, s);
            },
            tr(lang, "legend.closed"));
    }
}

void legend_crossings_and_projects(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    const auto& d = p.data;
    const bool open_ford =
        std::any_of(d.fords.begin(), d.fords.end(), [](auto& f) { return !f.closed; });
    const bool closed_ford = std::any_of(d.fords.begin(), d.fords.end(),
                                         [](auto& f) { return f.closed && !f.depth_unknown; });
    const bool unknown_ford = std::any_of(d.fords.begin(), d.fords.end(),
                                          [](auto& f) { return f.closed && f.depth_unknown; });
    const bool bridge =
        std::any_of(d.bridges.begin(), d.bridges.end(), [](auto& b) { return b.vehicles; });
    const bool footbridge =
        std::any_of(d.bridges.begin(), d.bridges.end(), [](auto& b) { return !b.vehicles; });
    if (open_ford || closed_ford || unknown_ford || bridge || footbridge || !d.projects.empty()) {
        w.heading(tr(lang, "legend.crossings"));
    }
    const double s = style::symbol_size;
    if (open_ford) {
        w.row([&](double x, double y) { draw_ford(p.c, x, y, s, false); },
              tr(lang, "legend.ford_open"));
    }
    if (closed_ford) {
        const auto text = fmt::format(fmt::runtime(tr(lang, "legend.ford_closed")),
                                      format_decimal(lang, d.ford_depth_m.value_or(0), 1));
        w.row([&](double x, double y) { draw_ford(p.c, x, y, s, true); }, text);
    }
    if (unknown_ford) {
        w.row([&](double x, double y) { draw_ford(p.c, x, y, s, true, true); },
              tr(lang, "legend.ford_unknown"));
    }
    if (bridge) {
        w.row([&](double x, double y) { draw_bridge(p.c, x, y, s, 0, true); },
              tr(lang, "legend.bridge"));
    }
    if (footbridge) {
        w.row([&](double x, double y) { draw_bridge(p.c, x, y, s, 0, false); },
              tr(lang, "legend.footbridge"));
    }
    if (!d.projects.empty()) {
        w.row(
            [&](double x, double y) {
                draw_project_marker(p.c, x, y, style::project_radius, d.has_ranking ? "1" : "P");
            },
            tr(lang, d.has_ranking ? "legend.project" : "legend.project_unranked"));
    }
}

void legend_areas(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    const auto& d = p.data;
    const bool core = std::any_of(d.reserve_zones.begin(), d.reserve_zones.end(),
                                  [](auto& z) { return z.kind == "core"; });
    const bool buffer = std::any_of(d.reserve_zones.begin(), d.reserve_zones.end(),
                                    [](auto& z) { return z.kind != "core"; });
    if (!core && !buffer && d.hazard_zones.empty() && d.waterways.empty())
        return;
    w.heading(tr(lang, "legend.other"));
    cairo_t* cr = p.c.cr();
    const bool terrain = std::any_of(d.hazard_zones.begin(), d.hazard_zones.end(),
                                     [](auto& z) { return z.from_terrain; });
    const bool surveyed = std::any_of(d.hazard_zones.begin(), d.hazard_zones.end(),
                                      [](auto& z) { return !z.from_terrain; });
    if (surveyed) {
        w.row([&](double x, double y) { swatch(p, x, y, style::hazard_fill); },
              tr(lang, "legend.hazard"));
    }
    if (terrain) {
        w.row(
            [&](double x, double y) {
                const rect r{x - 9, y - 4.5, x + 9, y + 4.5};
                cairo_save(cr);
                p.c.rect_path(r);
                cairo_clip(cr);
                hatch(p.c, r, 3.0, 0.5, style::hazard_outline);
                cairo_restore(cr);
            },
            tr(lang, "legend.hazard_terrain"));
    }
    if (core) {
        w.row(
            [&](double x, double y) {
                const rect r{x - 9, y - 4.5, x + 9, y + 4.5};
                cairo_save(cr);
                p.c.rect_path(r);
                cairo_clip(cr);
                hatch(p.c, r, 4.0, 0.6, style::reserve);
                cairo_restore(cr);
                p.c.rect_path(r);
                p.c.set(style::reserve);
                cairo_set_line_width(cr, 1.0);
                cairo_stroke(cr);
            },
            tr(lang, "legend.reserve_core"));
    }
    if (buffer) {
        w.row(
            [&](double x, double y) {
                cairo_save(cr);
                p.c.rect_path({x - 9, y - 4.5, x + 9, y + 4.5});
                p.c.set(style::reserve);
                cairo_set_line_width(cr, 0.9);
                const double dash[] = {4.0, 2.0};
                cairo_set_dash(cr, dash, 2, 0);
                cairo_stroke(cr);
                cairo_restore(cr);
            },
            tr(lang, "legend.reserve_buffer"));
    }
    if (!d.waterways.empty()) {
        w.row(
            [&](double x, double y) {
                cairo_move_to(cr, x - 10, y + 2);
                cairo_curve_to(cr, x - 4, y - 4, x + 4, y + 4, x + 10, y - 2);
                p.c.set(style::water);
                cairo_set_line_width(cr, 1.4);
                cairo_stroke(cr);
            },
            tr(lang, "legend.waterway"));
    }
}

void legend_facilities(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    std::vector<std::string_view> kinds;
    for (const auto kind : layers::words::facility_kind) {
        const bool present = std::any_of(p.data.facilities.begin(), p.data.facilities.end(),
                                         [&](auto& f) { return f.kind == kind; });
        if (present)
            kinds.push_back(kind);
    }
    if (kinds.empty())
        return;
    w.heading(tr(lang, "legend.facilities"));
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        const auto kind = kinds[i];
        w.row([&](double x, double y) { draw_facility_icon(p.c, kind, x, y, style::symbol_size); },
              tr_word(lang, "facility_kind", kind), static_cast<int>(i % 2), 2);
    }
    if (kinds.size() % 2 == 1)
        w.end_row();
}

void priorities(const page& p, panel_writer& w) {
    const auto lang = p.options.lang;
    std::vector<const map_project*> ranked;
    for (const auto& m : p.data.projects) {
        if (m.rank)
            ranked.push_back(&m);
    }
    if (ranked.empty() || w.remaining() < 40)
        return;
    w.heading(tr(lang, "panel.priorities"));
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const auto& m = *ranked[i];
        const auto name = fmt::format("{}. {}", *m.rank, m.name.empty() ? m.code : m.name);
        auto detail = fmt::format(fmt::runtime(tr(lang, "panel.priority_line")),
                                  format_int(lang, m.households_unflooded.value_or(0)),
                                  format_billion_vnd(lang, m.cost_million_vnd));
        if (!m.needs.empty()) {
            detail += fmt::format(fmt::runtime(tr(lang, "panel.needs")), fmt::join(m.needs, ", "));
        }
        auto a = p.c.layout(name, {style::legend_size, true}, w.width());
        auto b = p.c.layout(detail, {style::legend_size - 0.5, false, false, style::muted_ink},
                            w.width() - 8);
        const double h = canvas::size(a.get()).second + canvas::size(b.get()).second + 1;
        // Keep room for the "and N more" line unless this is the last one.
        const bool last = i + 1 == ranked.size();
        if (h + (last ? 0 : 10) > w.remaining()) {
            w.text(fmt::format(fmt::runtime(tr(lang, "panel.more_projects")), ranked.size() - i),
                   {style::legend_size, false, true, style::muted_ink});
            return;
        }
        p.c.show(a.get(), w.left(), w.y(), style::ink);
        w.skip(canvas::size(a.get()).second);
        p.c.show(b.get(), w.left() + 8, w.y(), style::muted_ink);
        w.skip(canvas::size(b.get()).second + 1);
    }
}

} // namespace

void draw_panel(const page& p) {
    p.layout.legend = p.panel;
    cairo_t* cr = p.c.cr();
    p.c.rect_path(p.panel);
    p.c.set(style::paper);
    cairo_fill_preserve(cr);
    p.c.set(style::frame);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);

    panel_writer w(p);
    w.heading(tr(p.options.lang, "legend.title"), style::legend_heading_size + 2);
    legend_villages(p, w);
    legend_roads(p, w);
    legend_crossings_and_projects(p, w);
    legend_areas(p, w);
    legend_facilities(p, w);
    w.skip(2);
    priorities(p, w);
}

} // namespace allseason::render::detail
