// The report document: head (charset, CSP, inline CSS), title block, table of contents, the
// map as inline SVG, then the sections in the order a council reads them.
#include "layers/render/report.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/render/detail/html.hpp"
#include "layers/render/map_renderer.hpp"

#include <chrono>
#include <fmt/chrono.h>
#include <fstream>

namespace allseason::render {

namespace {

using detail::escape_html;
using detail::trf;

std::string today() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    return fmt::format("{:%Y-%m-%d}", fmt::localtime(now));
}

// Removes ` name="…"` from a start tag (no std::regex: GCC 12 warns inside it under ASan).
void remove_attribute(std::string& tag, std::string_view name) {
    const std::string key = fmt::format(" {}=\"", name);
    const auto start = tag.find(key);
    if (start == std::string::npos) return;
    const auto end = tag.find('"', start + key.size());
    if (end == std::string::npos) return;
    tag.erase(start, end + 1 - start);
}

// Cairo's SVG document made fit for inlining: no XML declaration, the page size replaced by
// 100 % width (the viewBox keeps the proportions), a role and a label for screen readers.
std::string inline_svg(std::string svg, std::string_view label) {
    if (const auto start = svg.find("<svg"); start != std::string::npos) svg.erase(0, start);
    const auto end = svg.find('>');
    std::string root = svg.substr(0, end);
    remove_attribute(root, "width");
    remove_attribute(root, "height");
    root += fmt::format(R"( width="100%" role="img" aria-label="{}")", escape_html(label));
    return root + svg.substr(end);
}

std::string section_map(const detail::report_context& c) {
    const auto lang = c.lang;
    std::string out = fmt::format(R"(<section id="map" class="map-page"><h2>{}</h2>)",
                                  escape_html(tr(lang, "report.map")));
    if (!c.map.extent) {
        return out + detail::absent(tr(lang, "report.map_absent")) + "</section>\n";
    }
    map_options options;
    options.lang = lang;
    options.date = c.o.date.empty() ? today() : c.o.date;
    const auto svg = render_map_svg(c.map, options);
    out += fmt::format("<figure class=\"map\">{}<figcaption>{}</figcaption></figure>",
                       inline_svg(svg, tr(lang, "report.map")),
                       escape_html(tr(lang, "report.map_caption")));
    return out + "</section>\n";
}

std::string contents(language lang) {
    const std::pair<const char*, const char*> entries[] = {
        {"summary", "report.summary"},   {"map", "report.map"},
        {"cutoff", "report.cutoff"},     {"ranking", "report.ranking"},
        {"risk", "report.risk"},
        {"critical", "report.critical"}, {"indicators", "report.indicators"},
        {"problems", "report.problems"}, {"method", "report.method"}};
    std::string out = fmt::format(R"(<nav class="toc"><h2>{}</h2><ol>)",
                                  escape_html(tr(lang, "report.contents")));
    for (const auto& [id, key] : entries) {
        out += fmt::format(R"(<li><a href="#{}">{}</a></li>)", id, escape_html(tr(lang, key)));
    }
    return out + "</ol></nav>\n";
}

} // namespace

std::string render_report(layers::project& p, const report_options& options) {
    const auto lang = options.lang;
    const auto map = load_map_data(p, options.scenario, options.destination);
    const auto tables = detail::read_report_tables(p, options.scenario, options.destination);
    const detail::report_context c{p, options, lang, map, tables};
    const std::string title = trf(lang, "report.title", p.metadata().name);
    const std::string date = options.date.empty() ? today() : options.date;

    std::string html;
    html.reserve(1 << 20);
    html += fmt::format(R"(<!DOCTYPE html>
<html lang="{}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="allseason {}">
<title>{}</title>
<style>
{}
</style>
</head>
<body>
<header class="title-block">
<p class="kicker">{}</p>
<h1>{}</h1>
<p class="meta">{}</p>
</header>
)",
                        to_string(lang), escape_html(layers::tool_version()), escape_html(title),
                        detail::report_css(), escape_html(tr(lang, "report.kicker")),
                        escape_html(title),
                        escape_html(trf(lang, "report.meta", date, map.crs_label,
                                        p.path().filename().string())));
    html += contents(lang);
    html += detail::section_summary(c);
    html += section_map(c);
    html += detail::section_cutoff(c);
    html += detail::section_ranking(c);
    html += detail::section_risk(c);
    html += detail::section_critical(c);
    html += detail::section_indicators(c);
    html += detail::section_problems(c);
    html += detail::section_method(c);
    html += fmt::format("<footer>{}</footer>\n</body>\n</html>\n",
                        escape_html(trf(lang, "report.footer", layers::tool_version(), date)));
    return html;
}

void write_report(layers::project& p, const report_options& options,
                  const std::filesystem::path& out) {
    const auto html = render_report(p, options);
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << html;
    file.close();
    if (!file) {
        throw io_error(fmt::format("cannot write the report {}", out.string()));
    }
}

} // namespace allseason::render
