// `allseason critical`: the single points of failure of the dry network (contract §4).
#include "cli/commands.hpp"
#include "cli/network_loading.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "layers/results.hpp"
#include "routing/critical.hpp"
#include "routing/stored_results.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

double round_m(double value) {
    return std::round(value * 10.0) / 10.0;
}

nlohmann::json element_json(const routing::critical_element& el) {
    nlohmann::json out = {
        {"layer", routing::to_string(el.layer)}, {"code", el.code}, {"name", el.name}};
    if (el.length_m)
        out["length_m"] = round_m(*el.length_m);
    if (el.from)
        out["from"] = {round_m(el.from->x), round_m(el.from->y)};
    if (el.to)
        out["to"] = {round_m(el.to->x), round_m(el.to->y)};
    out["households_isolated"] = el.households_isolated;
    out["villages"] = el.villages;
    return out;
}

void print_table(const routing::critical_answer& a, output_format format) {
    text_table table(
        {"layer", "code", "name", "length_m", "from", "to", "households_isolated", "villages"});
    auto point = [](const std::optional<geo::xy>& p) {
        return p ? fmt::format("{:.1f} {:.1f}", p->x, p->y) : std::string();
    };
    for (const auto& el : a.elements) {
        std::string villages;
        for (const auto& v : el.villages)
            villages += (villages.empty() ? "" : " ") + v;
        table.add_row({std::string(routing::to_string(el.layer)), el.code, el.name,
                       el.length_m ? fmt::format("{:.1f}", *el.length_m) : "", point(el.from),
                       point(el.to), std::to_string(el.households_isolated), villages});
    }
    if (format == output_format::csv) {
        table.print_csv(std::cout);
        return;
    }
    std::cout << "single points of failure in the dry network, destination "
              << routing::to_string(a.to) << "\n\n";
    table.print(std::cout);
    if (a.elements.empty()) {
        std::cout << "\nno single ford, bridge or road segment isolates any household\n";
    }
}

} // namespace

int run_critical(const critical_options& options) {
    const auto to = routing::parse_destination(options.to);
    auto project = layers::project::open(options.project, true);
    const auto net = load_network_noting(project);
    const routing::routing_graph graph(net);
    const auto answer = routing::compute_critical(graph, to);
    routing::store_critical(project, net, answer);
    if (options.format == output_format::json) {
        nlohmann::json elements = nlohmann::json::array();
        for (const auto& el : answer.elements)
            elements.push_back(element_json(el));
        const nlohmann::json out = {{"destination", routing::to_string(answer.to)},
                                    {"elements", elements}};
        std::cout << out.dump(2) << '\n';
    } else {
        print_table(answer, options.format);
    }
    return 0;
}

} // namespace allseason::cli
