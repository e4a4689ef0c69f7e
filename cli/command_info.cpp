#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "layers/project.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace allseason::cli {

int run_info(const info_options& options) {
    auto project = layers::project::open(options.project, false);
    const auto& meta = project.metadata();
    const auto counts = project.layer_counts();
    const std::optional<geo::crs> crs =
        project.has_crs() ? std::optional<geo::crs>(project.crs()) : std::nullopt;
    const std::string crs_name = crs ? crs->name() : "not set (the first import sets it)";
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
              << "file:     " << options.project << '\n'
              << "CRS:      " << (crs && crs->epsg_code() ? meta.crs_text + " — " : "")
              << crs_name << (crs ? " (SRID " + std::to_string(meta.srid) + ")" : "") << "\n"
              << "schema:   " << meta.schema_version << " (written by allseason "
              << meta.tool_version << ")\n"
              << "created:  " << meta.created << "   updated: " << meta.updated << "\n\n";
    table.print(std::cout);
    return 0;
}

} // namespace allseason::cli
