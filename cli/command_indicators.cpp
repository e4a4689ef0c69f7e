// `allseason indicators`: the commune plan's targets measured from the data (contract §4).
// The households-with-access figure comes from the routing engine's rainy-scenario answer.
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "layers/indicators.hpp"
#include "layers/project.hpp"
#include "routing/cutoff.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

using layers::text_language;

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// The rainy-scenario answer for the commune centre, or nullopt (with the reason on stderr)
// when the network cannot answer it.
std::optional<layers::access_figures> routing_access(layers::project& project) {
    try {
        const auto rules = routing::scenario_rules::from(layers::read_scenario(project, "rainy"));
        const auto net = load_network_noting(project, false, geometry_need::without_geometry);
        const routing::routing_graph graph(net);
        const auto answer =
            routing::compute_cutoff(graph, rules, routing::destination::commune_centre);
        layers::access_figures a;
        for (const auto& v : answer.villages) {
            if (!v.households) {
                // Judged cut off or not by its access point, but no count to add (§1).
                a.villages_households_unknown += 1;
                continue;
            }
            a.households += *v.households;
            a.households_cut_off += v.households_cut_off;
            a.households_without_road += v.households_without_road;
            if (v.reachable_dry) {
                a.households_with_access +=
                    *v.households - v.households_cut_off - v.households_without_road;
            } else {
                a.households_unreachable_dry += *v.households - v.households_without_road;
            }
        }
        return a;
    } catch (const data_error& e) {
        std::cerr << "note: households with all-season access: " << e.what() << '\n';
        return std::nullopt;
    }
}

nlohmann::json basis_json(const std::vector<layers::basis_item>& basis) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& item : basis) {
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, double>) {
                    out[item.key] = rounded(v, 3);
                } else {
                    out[item.key] = v;
                }
            },
            item.value);
    }
    return out;
}

nlohmann::json note_json(const layers::indicator& ind, text_language lang) {
    const auto note = layers::indicator_note(ind, lang);
    return note.empty() ? nlohmann::json(nullptr) : nlohmann::json(note);
}

nlohmann::json indicator_json(const layers::indicator& ind, text_language lang) {
    const int decimals = ind.unit == "%" ? 2 : 0;
    return {{"id", ind.id},
            {"label", layers::indicator_text(ind.id, lang)},
            {"value", ind.value ? nlohmann::json(rounded(*ind.value, decimals)) : nullptr},
            {"unit", ind.unit},
            {"target", ind.target ? nlohmann::json(rounded(*ind.target, 2)) : nullptr},
            {"target_text", ind.target_text},
            {"met", ind.met ? nlohmann::json(*ind.met) : nullptr},
            {"detail", lang == text_language::vi ? ind.detail_vi : ind.detail_en},
            {"note", note_json(ind, lang)},
            {"basis", basis_json(ind.basis)}};
}

std::string value_text(const layers::indicator& ind, text_language lang) {
    if (!ind.value) {
        return layers::indicator_text("word_no_data", lang);
    }
    if (ind.unit == "%") {
        return fmt::format("{:.1f}%", *ind.value);
    }
    return fmt::format("{:.0f} {}", *ind.value, layers::indicator_text("unit_" + ind.unit, lang));
}

std::string met_text(const layers::indicator& ind, text_language lang) {
    if (!ind.met)
        return layers::indicator_text("word_unknown", lang);
    return layers::indicator_text(*ind.met ? "word_yes" : "word_no", lang);
}

void print_table(const std::vector<layers::indicator>& list, text_language lang,
                 output_format format) {
    auto t = [&](std::string_view id) { return layers::indicator_text(id, lang); };
    if (format == output_format::csv) {
        text_table csv(
            {"id", "label", "value", "unit", "target", "target_text", "met", "detail", "note"});
        for (const auto& ind : list) {
            const int decimals = ind.unit == "%" ? 2 : 0;
            csv.add_row({ind.id, t(ind.id),
                         ind.value ? fmt::format("{:.{}f}", *ind.value, decimals) : "", ind.unit,
                         ind.target ? fmt::format("{:.2f}", *ind.target) : "", ind.target_text,
                         ind.met ? (*ind.met ? "true" : "false") : "",
                         lang == text_language::vi ? ind.detail_vi : ind.detail_en,
                         layers::indicator_note(ind, lang)});
        }
        csv.print_csv(std::cout);
        return;
    }
    text_table table({t("heading_indicator"), t("heading_value"), t("heading_target"),
                      t("heading_met"), t("heading_basis")});
    for (const auto& ind : list) {
        std::string from = lang == text_language::vi ? ind.detail_vi : ind.detail_en;
        if (const auto note = layers::indicator_note(ind, lang); !note.empty()) {
            from += (from.empty() ? "" : "; ") + note;
        }
        table.add_row(
            {t(ind.id), value_text(ind, lang), ind.target_text, met_text(ind, lang), from});
    }
    table.print(std::cout);
}

} // namespace

int run_indicators(const indicators_options& options) {
    const auto lang = options.lang == language::vi ? text_language::vi : text_language::en;
    // Writable so that the network it builds is stored for the next command.
    auto project = layers::project::open(options.project, true);
    layers::indicator_options indicator_options;
    indicator_options.access = routing_access(project);
    const auto list = layers::compute_indicators(project, indicator_options);
    if (options.format == output_format::json) {
        nlohmann::json out = {{"language", lang == text_language::vi ? "vi" : "en"},
                              {"indicators", nlohmann::json::array()}};
        for (const auto& ind : list) {
            out["indicators"].push_back(indicator_json(ind, lang));
        }
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    print_table(list, lang, options.format);
    return 0;
}

} // namespace allseason::cli
