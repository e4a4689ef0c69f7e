// The report's sections. Each reads what the project holds; when that is missing it says so
// and names the command that fills it, rather than leaving a silent gap.
#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "layers/render/detail/html.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/ranges.h>
#include <map>

namespace allseason::render::detail {

namespace {

std::string h2(const char* id, language lang, const char* key) {
    return fmt::format(R"(<section id="{}"><h2>{}</h2>)", id, escape_html(tr(lang, key)));
}

std::string minutes(language lang, const std::optional<double>& m) {
    return m ? format_decimal(lang, *m, 0) : "–";
}

double line_length(const line& points) {
    double total = 0;
    for (std::size_t i = 1; i < points.size(); ++i) {
        total += std::hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y);
    }
    return total;
}

std::string card(std::string_view label, std::string_view value, std::string_view note,
                 bool alert) {
    return fmt::format(
        R"(<div class="card{}"><div class="value">{}</div><div class="label">{}</div>{}</div>)",
        alert ? " alert" : "", escape_html(value), escape_html(label),
        note.empty() ? std::string()
                     : fmt::format(R"(<div class="note">{}</div>)", escape_html(note)));
}

std::string element_name(language lang, const named_element& e) {
    const auto layer = tr_word(lang, "layer", e.layer);
    auto text = e.name.empty() || e.name == e.code ? fmt::format("{} {}", layer, e.code)
                                                   : fmt::format("{} ({})", e.name, e.code);
    if (e.depth == "unknown" || e.depth == "estimated")
        text += fmt::format(" — {}", tr(lang, "report.depth_" + e.depth));
    return text;
}

// The fords the scenario closes only because nobody measured them, derived ones marked: the
// planner's list of depths to measure before trusting the cut-off table.
std::string unknown_depth_fords(const report_context& c) {
    const auto lang = c.lang;
    std::vector<std::string> items;
    for (const auto& f : c.map.fords) {
        if (!f.closed || !f.depth_unknown)
            continue;
        auto item = f.name == f.code ? f.code : fmt::format("{} ({})", f.name, f.code);
        if (f.derived)
            item += fmt::format(" — {}", tr(lang, "report.ford_derived"));
        items.push_back(escape_html(item));
    }
    if (items.empty())
        return {};
    return fmt::format("<p>{}</p>",
                       escape_html(trf(lang, "report.fords_unknown",
                                       format_int(lang, static_cast<std::int64_t>(items.size())))) +
                           " " + fmt::format("{}", fmt::join(items, "; ")));
}

// A household count, or "chưa rõ" / "unknown" while the village's households are not known.
std::string households_text(language lang, const std::optional<std::int64_t>& households) {
    return households ? format_int(lang, *households) : std::string(tr(lang, "value.unknown"));
}

std::string villages_named(const report_context& c, const std::vector<std::string>& codes) {
    std::map<std::string, std::string> names;
    for (const auto& v : c.map.villages)
        names[v.code] = v.name;
    std::vector<std::string> out;
    for (const auto& code : codes) {
        const auto it = names.find(code);
        out.push_back(it == names.end() || it->second.empty() ? code : it->second);
    }
    return fmt::format("{}", fmt::join(out, ", "));
}

} // namespace

std::string section_summary(const report_context& c) {
    const auto lang = c.lang;
    const auto& s = c.map.summary;
    std::string out = h2("summary", lang, "report.summary");
    const auto scenario = tr_word(lang, "scenario", c.map.scenario);
    const auto destination = tr_word(lang, "destination", c.map.destination);
    if (c.map.has_results) {
        out += fmt::format("<p class=\"lead\">{}</p>",
                           escape_html(trf(lang, "report.lead", scenario, s.villages_cut_off,
                                           s.villages, format_int(lang, s.households_cut_off),
                                           format_int(lang, s.households), destination)));
    } else {
        out += absent(trf(lang, "report.no_cutoff", c.map.scenario, c.map.destination));
    }
    if (s.villages_households_unknown > 0) {
        out +=
            fmt::format("<p class=\"note\">{}</p>",
                        escape_html(trf(lang, "report.households_unknown",
                                        format_int(lang, s.villages_households_unknown),
                                        fmt::format("{}", fmt::join(s.households_unknown, ", ")))));
    }
    double total_m = 0;
    double hardened_m = 0;
    for (const auto& r : c.map.roads) {
        const double len = line_length(r.points);
        total_m += len;
        hardened_m +=
            r.surf == layers::surface::asphalt || r.surf == layers::surface::concrete ? len : 0;
    }
    const auto closed_fords = std::count_if(c.map.fords.begin(), c.map.fords.end(),
                                            [](const auto& f) { return f.closed; });
    double cost = 0;
    for (const auto& m : c.map.projects)
        cost += m.cost_million_vnd;

    out += "<div class=\"cards\">";
    out += card(tr(lang, "report.card_villages"), format_int(lang, s.villages),
                trf(lang, "report.card_households", format_int(lang, s.households)), false);
    if (c.map.has_results) {
        out += card(tr(lang, "report.card_cut_off"),
                    trf(lang, "report.of", s.villages_cut_off, s.villages),
                    trf(lang, "report.card_households", format_int(lang, s.households_cut_off)),
                    s.villages_cut_off > 0);
        out +=
            card(tr(lang, "report.card_without_road"), format_int(lang, s.households_without_road),
                 trf(lang, "report.card_within", format_decimal(lang, c.map.access_km, 0)),
                 s.households_without_road > 0);
    }
    out += card(tr(lang, "report.card_roads"), format_decimal(lang, total_m / 1000, 1) + " km",
                trf(lang, "report.card_hardened",
                    format_decimal(lang, total_m > 0 ? 100 * hardened_m / total_m : 0, 0)),
                false);
    out += card(tr(lang, "report.card_fords"),
                format_int(lang, static_cast<std::int64_t>(c.map.fords.size())),
                trf(lang, "report.card_fords_closed", closed_fords, scenario), closed_fords > 0);
    out += card(tr(lang, "report.card_projects"),
                format_int(lang, static_cast<std::int64_t>(c.map.projects.size())),
                trf(lang, "report.card_cost", format_billion_vnd(lang, cost)), false);
    out += "</div></section>\n";
    return out;
}

std::string section_cutoff(const report_context& c) {
    const auto lang = c.lang;
    std::string out = h2("cutoff", lang, "report.cutoff");
    if (c.tables.cutoff.empty()) {
        return out + absent(trf(lang, "report.no_cutoff", c.o.scenario, c.o.destination)) +
               "</section>\n";
    }
    std::vector<const cutoff_row*> cut;
    std::vector<const cutoff_row*> other;
    for (const auto& r : c.tables.cutoff) {
        if (r.reachable_dry && !r.reachable)
            cut.push_back(&r);
        else if (!r.has_road_access || !r.reachable_dry)
            other.push_back(&r);
    }
    std::stable_sort(cut.begin(), cut.end(), [](auto* a, auto* b) {
        return a->households_cut_off > b->households_cut_off;
    });
    if (cut.empty()) {
        out += fmt::format("<p>{}</p>", escape_html(tr(lang, "report.none_cut_off")));
    } else {
        std::vector<std::vector<cell>> rows;
        for (const auto* r : cut) {
            std::vector<std::string> blocked;
            for (const auto& b : r->blocked_by)
                blocked.push_back(element_name(lang, b));
            rows.push_back(
                {text_cell(r->code), text_cell(r->name),
                 num_cell(households_text(lang, r->households ? std::optional(r->households_cut_off)
                                                              : std::nullopt)),
                 num_cell(format_int(lang, r->ethnic_minority_households)),
                 num_cell(minutes(lang, r->travel_min_dry)),
                 text_cell(fmt::format("{}", fmt::join(blocked, "; ")))});
        }
        out += html_table({text_cell(tr(lang, "col.code")), text_cell(tr(lang, "col.village")),
                           num_cell(tr(lang, "col.households_cut_off")),
                           num_cell(tr(lang, "col.ethnic_minority")),
                           num_cell(tr(lang, "col.travel_dry")),
                           text_cell(tr(lang, "col.blocked_by"))},
                          rows);
    }
    out += unknown_depth_fords(c);
    if (!other.empty()) {
        out += fmt::format("<h3>{}</h3>", escape_html(tr(lang, "report.other_villages")));
        std::vector<std::vector<cell>> rows;
        for (const auto* r : other) {
            rows.push_back({text_cell(r->code), text_cell(r->name),
                            num_cell(households_text(lang, r->households)),
                            text_cell(tr(lang, r->has_road_access ? "report.unreachable_dry"
                                                                  : "report.no_road"))});
        }
        out += html_table({text_cell(tr(lang, "col.code")), text_cell(tr(lang, "col.village")),
                           num_cell(tr(lang, "col.households")), text_cell(tr(lang, "col.why"))},
                          rows);
    }
    return out + "</section>\n";
}

std::string section_ranking(const report_context& c) {
    const auto lang = c.lang;
    std::string out = h2("ranking", lang, "report.ranking");
    if (c.tables.ranking.empty()) {
        return out + absent(trf(lang, "report.no_ranking", c.o.scenario, c.o.destination)) +
               "</section>\n";
    }
    out += fmt::format("<p>{}</p>", escape_html(tr(lang, "report.ranking_intro")));
    std::vector<std::vector<cell>> rows;
    for (const auto& r : c.tables.ranking) {
        std::vector<std::string> notes;
        if (!r.needs.empty()) {
            notes.push_back(trf(lang, "report.needs", fmt::join(r.needs, ", ")));
        }
        for (const auto& conflict : r.conflicts) {
            const auto colon = conflict.find(':');
            notes.push_back(
                trf(lang, "report.conflict",
                    colon == std::string::npos ? conflict : conflict.substr(colon + 1)));
        }
        rows.push_back({num_cell(std::to_string(r.rank)), text_cell(r.code), text_cell(r.name),
                        text_cell(tr_word(lang, "project_kind", r.kind)),
                        num_cell(format_billion_vnd(lang, r.cost_million_vnd)),
                        num_cell(format_int(lang, r.households_unflooded)),
                        text_cell(villages_named(c, r.villages_unflooded)),
                        num_cell(r.households_per_billion_vnd
                                     ? format_decimal(lang, *r.households_per_billion_vnd, 1)
                                     : "–"),
                        text_cell(fmt::format("{}", fmt::join(notes, "; "))),
                        text_cell(r.in_portfolio ? "✓" : "")});
    }
    out += html_table({num_cell(tr(lang, "col.rank")), text_cell(tr(lang, "col.code")),
                       text_cell(tr(lang, "col.project")), text_cell(tr(lang, "col.kind")),
                       num_cell(tr(lang, "col.cost")), num_cell(tr(lang, "col.unflooded")),
                       text_cell(tr(lang, "col.villages")), num_cell(tr(lang, "col.per_billion")),
                       text_cell(tr(lang, "col.notes")), text_cell(tr(lang, "col.portfolio"))},
                      rows, "ranking");
    if (c.tables.portfolio) {
        const auto& pf = *c.tables.portfolio;
        std::string text =
            trf(lang, "report.portfolio", format_billion_vnd(lang, pf.budget_million_vnd),
                pf.projects.empty() ? std::string("–")
                                    : fmt::format("{}", fmt::join(pf.projects, ", ")),
                format_billion_vnd(lang, pf.cost_million_vnd));
        if (c.o.portfolio_households) {
            text = fmt::format("{} {}", text,
                               trf(lang, "report.portfolio_households",
                                   format_int(lang, *c.o.portfolio_households)));
        }
        if (!pf.method.empty()) {
            text = fmt::format("{} {}", text, trf(lang, "report.portfolio_method", pf.method));
        }
        out += fmt::format("<p class=\"portfolio\">{}</p>", escape_html(text));
    } else {
        out += fmt::format("<p>{}</p>", escape_html(tr(lang, "report.no_portfolio")));
    }
    out += cumulative_chart(c);
    return out + "</section>\n";
}

std::string section_critical(const report_context& c) {
    const auto lang = c.lang;
    std::string out = h2("critical", lang, "report.critical");
    if (c.tables.critical.empty()) {
        return out + absent(trf(lang, "report.no_critical", c.o.destination)) + "</section>\n";
    }
    out += fmt::format("<p>{}</p>", escape_html(tr(lang, "report.critical_intro")));
    // One row per element: the segments of one road that isolate different households are
    // one thing to protect for a council (their largest figure, their summed length). The
    // largest first; the long tail belongs in `allseason critical`.
    struct group {
        const critical_row* first = nullptr;
        std::size_t segments = 0;
        double length_m = 0;
        std::int64_t households = 0;
    };
    std::vector<group> groups;
    for (const auto& e : c.tables.critical) {
        auto it = std::find_if(groups.begin(), groups.end(), [&](const group& g) {
            return g.first->layer == e.layer && g.first->code == e.code;
        });
        if (it == groups.end())
            it = groups.insert(groups.end(), group{&e});
        it->segments += 1;
        it->length_m += e.length_m.value_or(0);
        it->households = std::max(it->households, e.households_isolated);
    }
    constexpr std::size_t shown = 15;
    std::vector<std::vector<cell>> rows;
    for (const auto& g : groups) {
        if (rows.size() == shown)
            break;
        const auto& e = *g.first;
        std::string name = e.name;
        if (g.segments > 1)
            name = fmt::format("{} {}", name, trf(lang, "report.segments", g.segments));
        rows.push_back(
            {num_cell(std::to_string(rows.size() + 1)), text_cell(tr_word(lang, "layer", e.layer)),
             text_cell(e.code), text_cell(name),
             num_cell(e.length_m ? format_int(lang, std::llround(g.length_m)) + " m" : "–"),
             num_cell(format_int(lang, g.households)), text_cell(villages_named(c, e.villages))});
    }
    out += html_table({num_cell("#"), text_cell(tr(lang, "col.element")),
                       text_cell(tr(lang, "col.code")), text_cell(tr(lang, "col.name")),
                       num_cell(tr(lang, "col.length")), num_cell(tr(lang, "col.isolated")),
                       text_cell(tr(lang, "col.villages"))},
                      rows);
    if (groups.size() > shown) {
        out += fmt::format("<p class=\"note\">{}</p>",
                           escape_html(trf(lang, "report.critical_more", groups.size() - shown)));
    }
    return out + "</section>\n";
}

std::string section_problems(const report_context& c) {
    const auto lang = c.lang;
    std::string out = h2("problems", lang, "report.problems");
    if (!c.o.problems)
        return out + absent(tr(lang, "report.no_check")) + "</section>\n";
    if (c.o.problems->empty()) {
        return out + fmt::format("<p>{}</p>", escape_html(tr(lang, "report.check_clean"))) +
               "</section>\n";
    }
    auto problems = *c.o.problems;
    std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
        return (a.severity == "error") > (b.severity == "error");
    });
    std::vector<std::vector<cell>> rows;
    for (const auto& f : problems) {
        rows.push_back({text_cell(tr_word(lang, "severity", f.severity)), text_cell(f.problem),
                        text_cell(f.layer), text_cell(f.code), text_cell(f.message)});
    }
    out += html_table({text_cell(tr(lang, "col.severity")), text_cell(tr(lang, "col.problem")),
                       text_cell(tr(lang, "col.layer")), text_cell(tr(lang, "col.code")),
                       text_cell(tr(lang, "col.message"))},
                      rows, "problems");
    return out + "</section>\n";
}

} // namespace allseason::render::detail
