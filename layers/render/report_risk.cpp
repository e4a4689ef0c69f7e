// The report's risk section (issue 13): the isolation-days table, the ranking by
// household-days beside the ranking by households, and the households cut off against the
// passable ford depth, one curve per vehicle (inline SVG, as the cost curve).
#include "layers/render/detail/html.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace allseason::render::detail {

namespace {

std::string optional_int(language lang, const std::optional<std::int64_t>& v) {
    return v ? format_int(lang, *v) : "–";
}

std::string isolation_table(const report_context& c) {
    const auto lang = c.lang;
    const auto& rows = *c.o.isolation;
    std::int64_t total = 0;
    std::int64_t isolated = 0;
    for (const auto& r : rows) {
        total += r.household_days.value_or(0);
        isolated += r.days.value_or(0) > 0 ? 1 : 0;
    }
    // Worst first: household-days, then days, then code.
    std::vector<const isolation_row*> order;
    for (const auto& r : rows)
        order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        return std::tuple(a->household_days.value_or(-1), a->days.value_or(-1)) >
               std::tuple(b->household_days.value_or(-1), b->days.value_or(-1));
    });
    std::vector<std::vector<cell>> body;
    for (const auto* r : order) {
        body.push_back({text_cell(r->code), text_cell(r->name),
                        num_cell(optional_int(lang, r->households)),
                        num_cell(r->days ? format_int(lang, *r->days)
                                         : std::string(tr(lang, "report.risk_not_counted"))),
                        num_cell(optional_int(lang, r->household_days)), text_cell(r->limited_by)});
    }
    return fmt::format("<p>{}</p>", escape_html(trf(lang, "report.risk_total",
                                                    format_int(lang, total), isolated))) +
           html_table({text_cell(tr(lang, "col.code")), text_cell(tr(lang, "col.village")),
                       num_cell(tr(lang, "col.households")), num_cell(tr(lang, "report.risk_days")),
                       num_cell(tr(lang, "report.risk_household_days")),
                       text_cell(tr(lang, "report.risk_limited_by"))},
                      body);
}

std::string ranking_beside(const report_context& c) {
    const auto lang = c.lang;
    std::string out = fmt::format("<h3>{}</h3>", escape_html(tr(lang, "report.risk_by_days")));
    if (!c.o.ranking_by_days || c.o.ranking_by_days->empty())
        return out + absent(tr(lang, "report.risk_no_projects"));
    std::map<std::string, std::int64_t> by_households;
    for (const auto& r : c.tables.ranking)
        by_households[r.code] = r.rank;
    std::vector<std::vector<cell>> body;
    for (const auto& r : *c.o.ranking_by_days) {
        const auto it = by_households.find(r.code);
        body.push_back({num_cell(std::to_string(r.rank)),
                        num_cell(it == by_households.end() ? "–" : std::to_string(it->second)),
                        text_cell(r.code), text_cell(r.name),
                        num_cell(format_decimal(lang, r.cost_million_vnd / 1000.0, 1)),
                        num_cell(format_int(lang, r.household_days_avoided))});
    }
    return out +
           html_table({num_cell(tr(lang, "report.risk_rank_days")),
                       num_cell(tr(lang, "report.risk_rank_households")),
                       text_cell(tr(lang, "col.code")), text_cell(tr(lang, "col.project")),
                       num_cell(tr(lang, "col.cost")), num_cell(tr(lang, "report.risk_avoided"))},
                      body);
}

// One polyline per vehicle over depth (x) and households cut off (y).
std::string depth_chart(const report_context& c) {
    const auto lang = c.lang;
    const auto& curves = c.o.depth_curves;
    if (curves.empty())
        return {};
    constexpr double width = 640, height = 280, left = 64, right = 110, top = 16, bottom = 44;
    double max_x = 0, max_y = 1;
    for (const auto& curve : curves) {
        for (const auto& [x, y] : curve.points) {
            max_x = std::max(max_x, x);
            max_y = std::max(max_y, static_cast<double>(y));
        }
    }
    max_x = std::max(max_x, 0.1);
    const auto sx = [&](double v) { return left + v / max_x * (width - left - right); };
    const auto sy = [&](double v) { return height - bottom - v / max_y * (height - top - bottom); };
    std::string svg = fmt::format(
        R"(<figure class="chart"><svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">)",
        width, height, escape_html(tr(lang, "report.depth_chart")));
    for (int i = 0; i <= 4; ++i) {
        const double v = max_y * i / 4;
        svg += fmt::format(
            R"(<line class="grid" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/><text class="tick" x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)",
            left, sy(v), width - right, sy(v), left - 6, sy(v) + 3.5,
            escape_html(format_int(lang, std::llround(v))));
    }
    for (const auto& [x, y] : curves.front().points) {
        svg += fmt::format(
            R"(<text class="tick" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", sx(x),
            height - bottom + 14, escape_html(format_decimal(lang, x, 1)));
    }
    const char* dashes[] = {"", "6 3", "2 3", "8 3 2 3"};
    for (std::size_t i = 0; i < curves.size(); ++i) {
        std::string path;
        for (const auto& [x, y] : curves[i].points) {
            path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", sx(x),
                                sy(static_cast<double>(y)));
        }
        svg += fmt::format(R"(<path class="curve" d="{}" stroke-dasharray="{}"/>)", path,
                           dashes[i % 4]);
        if (!curves[i].points.empty()) {
            const auto& [x, y] = curves[i].points.back();
            svg += fmt::format(R"(<text class="step-label" x="{:.1f}" y="{:.1f}">{}</text>)",
                               sx(x) + 6,
                               sy(static_cast<double>(y)) + 3.5 + 11.0 * static_cast<double>(i),
                               escape_html(tr_word(lang, "vehicle", curves[i].vehicle)));
        }
    }
    svg += fmt::format(
        R"(<text class="axis-label" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
        (left + width - right) / 2, height - 8, escape_html(tr(lang, "report.depth_x")));
    svg += fmt::format(
        R"svg(<text class="axis-label" transform="translate(14 {:.1f}) rotate(-90)" text-anchor="middle">{}</text>)svg",
        (top + height - bottom) / 2, escape_html(tr(lang, "report.depth_y")));
    return svg + fmt::format("</svg><figcaption>{}</figcaption></figure>",
                             escape_html(tr(lang, "report.depth_caption")));
}

} // namespace

std::string section_risk(const report_context& c) {
    const auto lang = c.lang;
    std::string out =
        fmt::format(R"(<section id="risk"><h2>{}</h2>)", escape_html(tr(lang, "report.risk")));
    if (!c.o.isolation) {
        out += absent(tr(lang, "report.risk_absent"));
    } else {
        out +=
            fmt::format("<p>{}</p>", escape_html(trf(lang, "report.risk_intro",
                                                     tr_word(lang, "vehicle", c.o.risk_vehicle))));
        out += isolation_table(c);
    }
    out += ranking_beside(c);
    if (!c.o.depth_curves.empty()) {
        out += fmt::format("<h3>{}</h3>", escape_html(tr(lang, "report.depth_chart")));
        out += depth_chart(c);
    }
    return out + "</section>\n";
}

} // namespace allseason::render::detail
