// `allseason report`: the planning report as one self-contained HTML file. The cut-off answers
// of the rainy scenario are computed first when the project has none; ranking and critical
// elements are shown when their commands have stored them, else the report says which
// command to run.
#include "cli/commands.hpp"
#include "cli/render_inputs.hpp"
#include "geo/errors.hpp"
#include "layers/indicators.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

int run_report(const report_options& options) {
    auto project = layers::project::open(options.project, true);
    render::report_options o;
    o.lang = options.lang == language::vi ? render::language::vi : render::language::en;
    prepare_cutoff_results(project, o.scenario, o.destination);
    try {
        o.problems = check_problems(project);
    } catch (const data_error& e) {
        o.problems = std::vector<render::check_problem>{
            {"error", "check_failed", "", "", e.what()}};
    }
    o.access = layers::access_from_results(project, o.scenario, o.destination);
    try {
        add_ranking_curve(project, o);
    } catch (const data_error& e) {
        std::cerr << fmt::format("allseason: warning: the ranking curve cannot be computed ({}); "
                                 "the chart sums single projects\n",
                                 e.what());
    }
    try {
        add_risk_inputs(project, o);
    } catch (const data_error& e) {
        std::cerr << fmt::format("allseason: warning: the risk section cannot be computed ({}); "
                                 "the report says so\n",
                                 e.what());
    }
    render::write_report(project, o, options.out);
    std::cout << fmt::format("wrote {}\n", options.out);
    return 0;
}

} // namespace allseason::cli
