#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"
#include "routing/network_cache.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

namespace {

std::string network_text(routing::compiled_status status) {
    switch (status) {
    case routing::compiled_status::current:
        return "compiled and current (commands read it from the project)";
    case routing::compiled_status::stale:
        return "compiled but stale (a layer or setting changed; the next command rebuilds it)";
    case routing::compiled_status::absent:
        break;
    }
    return "not compiled yet (the first command that needs it builds and stores it)";
}

} // namespace

int run_info(const info_options& options) {
    auto project = layers::project::open(options.project, false);
    const auto& meta = project.metadata();
    const auto counts = project.layer_counts();
    const std::optional<geo::crs> crs =
        project.has_crs() ? std::optional<geo::crs>(project.crs()) : std::nullopt;
    const std::string crs_name = crs ? crs->name() : "not set (the first import sets it)";
    const auto network = routing::compiled_network_status(project);
    if (options.format == output_format::json) {
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& c : counts) {
            layers.push_back(
                {{"layer", c.layer}, {"geometry", c.geometry_type}, {"features", c.features}});
        }
        nlohmann::json out = {{"name", meta.name},
                              {"crs", crs ? nlohmann::json(meta.crs_text) : nlohmann::json()},
                              {"crs_name", crs ? nlohmann::json(crs->name()) : nlohmann::json()},
                              {"srid", meta.srid},
                              {"schema_version", meta.schema_version},
                              {"tool_version", meta.tool_version},
                              {"created", meta.created},
                              {"updated", meta.updated},
                              {"network", routing::to_string(network)},
                              {"layers", layers}};
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    text_table table({"layer", "geometry", "features"});
    for (const auto& c : counts) {
        table.add_row({c.layer, c.geometry_type, std::to_string(c.features)});
    }
    if (options.format == output_format::csv) {
        table.print_csv(std::cout);
        return 0;
    }
    std::cout << "project:  " << meta.name << '\n'
              << "file:     " << project.path().string() << '\n'
              << "CRS:      " << (crs && crs->epsg_code() ? meta.crs_text + " — " : "")
              << crs_name << (crs ? " (SRID " + std::to_string(meta.srid) + ")" : "") << "\n"
              << "schema:   " << meta.schema_version << " (written by allseason "
              << meta.tool_version << ")\n"
              << "created:  " << meta.created << "   updated: " << meta.updated << "\n"
              << "network:  " << network_text(network) << "\n\n";
    table.print(std::cout);
    return 0;
}

} // namespace allseason::cli
