// The indicators against the commune plan's targets, and the method and assumptions: the
// thresholds, speeds and definitions the answers rest on, read from the project's own
// settings and scenarios so the text always matches what was computed.
#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "layers/render/detail/html.hpp"

#include <cmath>
#include <fmt/ranges.h>

namespace allseason::render::detail {

namespace {

std::string indicator_value(language lang, const layers::indicator& ind) {
    if (!ind.value)
        return "–";
    const double v = *ind.value;
    if (ind.unit == "%")
        return format_decimal(lang, v, 1) + " %";
    const bool whole = std::abs(v - std::round(v)) < 1e-9;
    const auto number = whole ? format_int(lang, std::llround(v)) : format_decimal(lang, v, 1);
    return fmt::format("{} {}", number, tr_word(lang, "unit", ind.unit));
}

std::string li(std::string_view text) {
    return fmt::format("<li>{}</li>", escape_html(text));
}

std::optional<std::string> metadata_value(layers::project& p, std::string_view key) {
    auto stmt = p.db().prepare("SELECT value FROM allseason_metadata WHERE key = ?");
    stmt.bind(1, key);
    return stmt.step() ? std::optional<std::string>(stmt.get_text(0)) : std::nullopt;
}

// The screening formulas and thresholds of the last `terrain` run (issue 14), when there was one.
std::optional<std::string> terrain_text(const report_context& c) {
    const auto dem = metadata_value(c.p, "terrain_dem");
    if (!dem)
        return std::nullopt;
    return trf(c.lang, "method.terrain", *dem, metadata_value(c.p, "terrain_cell_m").value_or("?"),
               metadata_value(c.p, "terrain_flood_scenario").value_or("flood"),
               metadata_value(c.p, "terrain_stream_area_km2").value_or("0.5"),
               metadata_value(c.p, "terrain_slope_deg").value_or("35"));
}

} // namespace

std::string section_indicators(const report_context& c) {
    const auto lang = c.lang;
    std::string out = fmt::format(R"(<section id="indicators"><h2>{}</h2>)",
                                  escape_html(tr(lang, "report.indicators")));
    std::vector<layers::indicator> indicators;
    try {
        layers::indicator_options options;
        options.access = c.o.access;
        indicators = layers::compute_indicators(c.p, options);
    } catch (const data_error& e) {
        return out + absent(trf(lang, "report.indicators_failed", e.what())) + "</section>\n";
    }
    const auto text_lang =
        lang == language::vi ? layers::text_language::vi : layers::text_language::en;
    std::vector<std::vector<cell>> rows;
    for (const auto& ind : indicators) {
        std::string met = "–";
        if (ind.met) {
            met = fmt::format(R"(<span class="{}">{}</span>)", *ind.met ? "met" : "unmet",
                              escape_html(tr(lang, *ind.met ? "report.met" : "report.not_met")));
        }
        std::string detail = lang == language::vi ? ind.detail_vi : ind.detail_en;
        if (!ind.value && !ind.note_id.empty()) {
            detail = layers::indicator_note(ind, text_lang);
        } else if (ind.villages_households_unknown > 0) {
            detail += "; " + layers::indicator_note(ind, text_lang);
        }
        rows.push_back({text_cell(layers::indicator_text(ind.id, text_lang)),
                        num_cell(indicator_value(lang, ind)), num_cell(ind.target_text),
                        cell{met, false}, text_cell(detail)});
    }
    out += html_table({text_cell(tr(lang, "col.indicator")), num_cell(tr(lang, "col.value")),
                       num_cell(tr(lang, "col.target")), text_cell(tr(lang, "col.met")),
                       text_cell(tr(lang, "col.basis"))},
                      rows, "indicators");
    return out + "</section>\n";
}

std::string section_method(const report_context& c) {
    const auto lang = c.lang;
    const auto s = layers::read_settings(c.p);
    const auto scenario = layers::resolve_result_key(c.p, c.o.scenario);
    std::string out =
        fmt::format(R"(<section id="method"><h2>{}</h2>)", escape_html(tr(lang, "report.method")));
    out += fmt::format("<p>{}</p>", escape_html(tr(lang, "method.all_season")));
    out += "<ul>";
    std::vector<std::string> closed;
    for (const auto& surface : scenario.closed_surfaces) {
        closed.emplace_back(tr_word(lang, "surface", surface));
    }
    const auto scenario_name = tr_word(lang, "scenario", scenario.name);
    out += li(scenario.ford_depth_m ? trf(lang, "method.fords", scenario_name,
                                          format_decimal(lang, *scenario.ford_depth_m, 1))
                                    : trf(lang, "method.fords_open", scenario_name));
    out +=
        li(closed.empty() ? trf(lang, "method.surfaces_open", scenario_name)
                          : trf(lang, "method.surfaces", scenario_name, fmt::join(closed, ", ")));
    out += li(scenario.hazard_scenario ? trf(lang, "method.hazards", *scenario.hazard_scenario)
                                       : tr(lang, "method.no_hazards"));
    out += li(trf(lang, "method.snap", format_decimal(lang, s.snap_m, 0),
                  format_decimal(lang, s.snap_m_crossing, 0)));
    out += li(trf(lang, "method.access", format_int(lang, std::llround(s.access_m))));
    out += li(trf(
        lang, "method.speeds", format_decimal(lang, s.speed_asphalt_kmh, 0),
        format_decimal(lang, s.speed_concrete_kmh, 0), format_decimal(lang, s.speed_gravel_kmh, 0),
        format_decimal(lang, s.speed_earth_kmh, 0), format_decimal(lang, s.speed_walk_kmh, 0)));
    out += li(tr(lang, "method.cut_off"));
    out += li(tr(lang, "method.blocked_by"));
    out += li(tr(lang, "method.ranking"));
    out += li(tr(lang, "method.critical"));
    if (auto terrain = terrain_text(c))
        out += li(*terrain);
    out += "</ul>";
    if (!c.map.sources.empty()) {
        out += fmt::format("<p class=\"sources\">{}</p>",
                           escape_html(trf(lang, "map.sources", fmt::join(c.map.sources, ", "))));
    }
    return out + "</section>\n";
}

} // namespace allseason::render::detail
