#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

int run_init(const init_options& options) {
    std::optional<geo::crs> crs;
    try {
        if (!options.crs.empty()) {
            crs = geo::crs::from_user_text(options.crs);
        }
    } catch (const crs_error& e) {
        throw usage_error(fmt::format("--crs: {}", e.what())); // the argument is what is wrong
    }
    if (crs && crs->is_geographic()) {
        throw usage_error(fmt::format(
            "--crs {} ({}) is geographic (degrees); a project needs a metric CRS so that lengths "
            "are in metres, e.g. --crs EPSG:3405 (VN-2000 / UTM 48N) or --crs VN2000:bac-giang",
            options.crs, crs->name()));
    }
    auto project = layers::project::create(options.project, crs, {options.name, options.force});
    const auto& meta = project.metadata();
    const std::string crs_line =
        crs ? fmt::format("CRS {} ({})", meta.crs_text.starts_with("EPSG:") ? meta.crs_text
                                                                            : std::string("custom"),
                          crs->name())
            : std::string("CRS not set yet (the first import sets it)");
    std::cout << fmt::format("created {}: project \"{}\", {}, schema {}\n", project.path().string(),
                             meta.name, crs_line, meta.schema_version);
    return 0;
}

} // namespace allseason::cli
