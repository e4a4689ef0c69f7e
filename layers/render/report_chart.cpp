// The cumulative cost–households curve: projects in rank order, each point the money spent so
// far against the households that regain all-season access. Drawn as inline SVG by hand so the
// report needs no scripts; text stays text (selectable, in the page's font).
#include "layers/render/detail/html.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/ranges.h>

namespace allseason::render::detail {

namespace {

constexpr double width = 640;
constexpr double height = 300;
constexpr double left = 64;
constexpr double right = 20;
constexpr double top = 16;
constexpr double bottom = 44;

// A step of 1, 2 or 5 × 10^k giving about `count` intervals up to `max`.
double tick_step(double max, int count) {
    if (max <= 0) return 1;
    const double raw = max / count;
    const double base = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * base >= raw) return m * base;
    }
    return 10 * base;
}

struct point {
    double cost_billion;
    double households;
    std::string label; // the rank, or the codes of a build step
};

} // namespace

std::string cumulative_chart(const report_context& c) {
    const auto lang = c.lang;
    const auto& ranking = c.tables.ranking;
    if (ranking.empty()) return {};
    // The engine's build order when the CLI passed it (households of each set as a set);
    // else single projects summed in rank order, which the caption says.
    const bool from_engine = c.o.curve.has_value() && !c.o.curve->empty();
    std::vector<point> points{{0, 0, ""}};
    if (from_engine) {
        for (const auto& step : *c.o.curve) {
            points.push_back({step.cumulative_cost_million_vnd / 1000.0,
                              static_cast<double>(step.cumulative_households),
                              fmt::format("{}", fmt::join(step.projects, "+"))});
        }
    } else {
        double cost = 0;
        double households = 0;
        for (const auto& r : ranking) {
            cost += r.cost_million_vnd;
            households += static_cast<double>(r.households_unflooded);
            points.push_back({cost / 1000.0, households, std::to_string(r.rank)});
        }
    }
    const double ceiling = static_cast<double>(c.map.summary.households_cut_off);
    double max_x = 0;
    double max_y = ceiling;
    for (const auto& p : points) {
        max_x = std::max(max_x, p.cost_billion);
        max_y = std::max(max_y, p.households);
    }
    const double x_step = tick_step(max_x, 6);
    const double y_step = tick_step(max_y, 5);
    max_x = std::max(x_step, std::ceil(max_x / x_step) * x_step);
    max_y = std::max(y_step, std::ceil(max_y / y_step) * y_step);
    const auto sx = [&](double v) { return left + v / max_x * (width - left - right); };
    const auto sy = [&](double v) { return height - bottom - v / max_y * (height - top - bottom); };

    std::string svg = fmt::format(
        R"(<figure class="chart"><svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">)",
        width, height, escape_html(tr(lang, "chart.title")));
    for (double v = 0; v <= max_y + 1e-9; v += y_step) {
        svg += fmt::format(R"(<line class="grid" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
                           left, sy(v), width - right, sy(v));
        svg += fmt::format(R"(<text class="tick" x="{:.1f}" y="{:.1f}" text-anchor="end">{}</text>)",
                           left - 6, sy(v) + 3.5, escape_html(format_int(lang, std::llround(v))));
    }
    for (double v = 0; v <= max_x + 1e-9; v += x_step) {
        svg += fmt::format(R"(<line class="grid" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
                           sx(v), top, sx(v), height - bottom);
        svg += fmt::format(R"(<text class="tick" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
                           sx(v), height - bottom + 14,
                           escape_html(format_decimal(lang, v, x_step < 1 ? 1 : 0)));
    }
    svg += fmt::format(R"(<line class="axis" x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}"/><line class="axis" x1="{0:.1f}" y1="{3:.1f}" x2="{0:.1f}" y2="{1:.1f}"/>)",
                       left, height - bottom, width - right, top);
    if (ceiling > 0) {
        svg += fmt::format(R"(<line class="ceiling" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/><text class="ceiling-label" x="{:.1f}" y="{:.1f}" text-anchor="start">{}</text>)",
                           left, sy(ceiling), width - right, sy(ceiling), left + 6,
                           sy(ceiling) - 5,
                           escape_html(trf(lang, "chart.ceiling", format_int(lang, std::llround(ceiling)))));
    }
    std::string path;
    for (const auto& p : points) {
        path += fmt::format("{}{:.1f},{:.1f}", path.empty() ? "M" : " L", sx(p.cost_billion),
                            sy(p.households));
    }
    svg += fmt::format(R"(<path class="curve" d="{}"/>)", path);
    for (const auto& p : points) {
        if (p.label.empty()) continue;
        // Ranks fit in the dot; build steps name their projects beside it.
        const bool inside = p.label.size() <= 2;
        svg += fmt::format(R"(<circle class="dot" cx="{:.1f}" cy="{:.1f}" r="{}"/>)",
                           sx(p.cost_billion), sy(p.households), inside ? 9 : 4.5);
        svg += fmt::format(R"(<text class="{}" x="{:.1f}" y="{:.1f}" text-anchor="{}">{}</text>)",
                           inside ? "dot-label" : "step-label",
                           sx(p.cost_billion) + (inside ? 0 : -7),
                           sy(p.households) + (inside ? 3.5 : -7), inside ? "middle" : "end",
                           escape_html(p.label));
    }
    svg += fmt::format(R"(<text class="axis-label" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)",
                       (left + width - right) / 2, height - 8, escape_html(tr(lang, "chart.x")));
    svg += fmt::format(R"svg(<text class="axis-label" transform="translate(14 {:.1f}) rotate(-90)" text-anchor="middle">{}</text>)svg",
                       (top + height - bottom) / 2, escape_html(tr(lang, "chart.y")));
    svg += "</svg>";
    svg += fmt::format("<figcaption>{}</figcaption></figure>",
                       escape_html(tr(lang, from_engine ? "chart.caption" : "chart.caption_sum")));
    return svg;
}

} // namespace allseason::render::detail
