// `allseason crossings`: where roads cross waterways and what carries each road over the
// water; `--add-fords` records the unmarked ones as derived fords (contract §3).
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "layers/derived_fords.hpp"
#include "layers/project.hpp"
#include "routing/crossings.hpp"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

nlohmann::json element_json(const routing::road_crossing& c) {
    if (!c.element)
        return nullptr;
    return {{"layer", c.element->layer}, {"code", c.element->code}};
}

nlohmann::json answer_json(const routing::crossings_answer& a) {
    nlohmann::json crossings = nlohmann::json::array();
    for (const auto& c : a.crossings) {
        crossings.push_back({{"road_code", c.road_code},
                             {"road_name", c.road_name},
                             {"waterway_name", c.waterway_name ? nlohmann::json(*c.waterway_name)
                                                               : nlohmann::json(nullptr)},
                             {"waterway_kind", c.waterway_kind},
                             {"x", c.point.x},
                             {"y", c.point.y},
                             {"status", routing::to_string(c.status)},
                             {"element", element_json(c)}});
    }
    nlohmann::json summary = nlohmann::json::object();
    for (auto s : routing::all_crossing_statuses)
        summary[std::string(routing::to_string(s))] = a.count(s);
    return {{"crossings", crossings}, {"summary", summary}};
}

void print_rows(const routing::crossings_answer& a, output_format format) {
    text_table table({"road_code", "road_name", "waterway_name", "waterway_kind", "x", "y",
                      "status", "element"});
    for (const auto& c : a.crossings) {
        table.add_row({c.road_code, c.road_name, c.waterway_name.value_or(""), c.waterway_kind,
                       fmt::format("{:.2f}", c.point.x), fmt::format("{:.2f}", c.point.y),
                       std::string(routing::to_string(c.status)),
                       c.element ? c.element->layer + ":" + c.element->code : ""});
    }
    if (format == output_format::csv) {
        table.print_csv(std::cout);
        return;
    }
    table.print(std::cout);
    std::cout << fmt::format(
        "\n{} crossings: {} bridge, {} tunnel, {} ford, {} culvert, {} "
        "unmarked\n",
        a.crossings.size(), a.count(routing::crossing_status::bridge),
        a.count(routing::crossing_status::tunnel), a.count(routing::crossing_status::ford),
        a.count(routing::crossing_status::culvert), a.count(routing::crossing_status::unmarked));
}

} // namespace

int run_crossings(const crossings_options& options) {
    auto project = layers::project::open(options.project, options.add_fords);
    const auto answer = routing::find_crossings(project);
    std::optional<std::size_t> added;
    if (options.add_fords) {
        const auto fords = routing::fords_for_unmarked(answer);
        layers::add_derived_fords(project, fords);
        added = fords.size();
    }
    if (options.format == output_format::json) {
        auto out = answer_json(answer);
        if (added)
            out["fords_added"] = *added;
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    print_rows(answer, options.format);
    if (added) {
        // csv stays one table for scripts: the count goes to stderr there.
        auto& out = options.format == output_format::csv ? std::cerr : std::cout;
        out << fmt::format("added {} derived fords (code X<road>-<n>, depth unknown)\n", *added);
    }
    return 0;
}

} // namespace allseason::cli
