// `allseason map`: the priority map as PNG, PDF or SVG. When the project holds no cut-off
// answers for the scenario and destination yet, the analysis runs first and is stored, as
// `allseason cutoff` would store it, so the map always shows the scenario it names.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/render_inputs.hpp"
#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/render/map_renderer.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

int run_map(const map_options& options) {
    const auto format = render::format_from_path(options.out);
    render::map_options draw;
    draw.title = options.title;
    draw.size = render::parse_paper_size(options.size);
    draw.dpi = options.dpi;
    draw.lang = options.lang == language::vi ? render::language::vi : render::language::en;
    draw.tool_version = layers::tool_version();
    if (draw.dpi < 72 || draw.dpi > 600) {
        throw usage_error(fmt::format("--dpi {}: use a resolution from 72 to 600", draw.dpi));
    }

    auto project = layers::project::open(options.project, true);
    // --vehicle and --ford-depth: the results of "rainy+motorbike@0.6m" and the like.
    const auto key = scenario_choice_of(options.scenario, options.vehicle).result_key();
    prepare_cutoff_results(project, key, options.to);
    auto data = render::load_map_data(project, key, options.to);
    if (options.theme == "isolation_days") {
        // risk's scenario is always rainy, with the map's vehicle (a car when none is named).
        auto choice = scenario_choice_of("rainy", options.vehicle);
        if (choice.vehicle.empty())
            choice.vehicle = "car";
        prepare_risk_results(project, choice.result_key(), options.to);
        render::add_isolation_days(project, data, choice.result_key());
    }
    const auto layout = render::render_map(data, draw, format, options.out);
    if (!layout.dropped_labels.empty()) {
        std::string names;
        for (const auto& n : layout.dropped_labels)
            names += (names.empty() ? "" : ", ") + n;
        std::cerr << fmt::format("allseason: {} label(s) found no free place and were left out: "
                                 "{} (try --size A3)\n",
                                 layout.dropped_labels.size(), names);
    }
    std::cout << fmt::format("wrote {} ({} villages, {} cut off; scale 1:{:.0f})\n", options.out,
                             data.summary.villages, data.summary.villages_cut_off,
                             layout.scale_denominator);
    return 0;
}

} // namespace allseason::cli
