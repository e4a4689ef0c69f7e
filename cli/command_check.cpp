// `allseason check`: data problems of the network (exit 0 when there are only warnings).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "routing/check.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

int run_check(const check_options& options) {
    // Writable so that the network it builds is stored for the next command.
    auto project = layers::project::open(options.project, true);
    const auto net = load_network_noting(project);
    const routing::routing_graph graph(net);
    const auto findings = routing::check_network(graph);
    std::size_t errors = 0;
    for (const auto& f : findings) errors += f.level == routing::severity::error ? 1 : 0;

    if (options.format == output_format::json) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& f : findings) {
            nlohmann::json item = {{"severity", routing::to_string(f.level)},
                                   {"problem", f.problem},
                                   {"layer", f.layer},
                                   {"code", f.code},
                                   {"message", f.message},
                                   {"x", nullptr},
                                   {"y", nullptr}};
            if (f.location) {
                item["x"] = f.location->x;
                item["y"] = f.location->y;
            }
            problems.push_back(std::move(item));
        }
        const nlohmann::json out = {
            {"problems", problems},
            {"summary", {{"errors", errors}, {"warnings", findings.size() - errors}}}};
        std::cout << out.dump(2) << '\n';
    } else {
        text_table table({"severity", "problem", "layer", "code", "x", "y", "message"});
        for (const auto& f : findings) {
            table.add_row({std::string(routing::to_string(f.level)), f.problem, f.layer, f.code,
                           f.location ? fmt::format("{:.2f}", f.location->x) : "",
                           f.location ? fmt::format("{:.2f}", f.location->y) : "", f.message});
        }
        if (options.format == output_format::csv) {
            table.print_csv(std::cout);
        } else {
            table.print(std::cout);
            std::cout << fmt::format("\n{} errors, {} warnings\n", errors, findings.size() - errors);
        }
    }
    return errors > 0 ? 1 : 0;
}

} // namespace allseason::cli
