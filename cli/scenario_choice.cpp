// --scenario, --vehicle and --ford-depth turned into a layers::scenario_choice (contract §2).
#include "cli/commands.hpp"
#include "geo/errors.hpp"

#include <fmt/format.h>

namespace allseason::cli {

std::vector<double> parse_ford_depths(const std::string& text) {
    std::vector<double> depths;
    for (const auto& item : layers::split_list(text)) {
        std::size_t used = 0;
        double value = 0;
        try {
            value = std::stod(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != item.size() || !(value >= 0)) {
            throw usage_error(fmt::format("--ford-depth {}: \"{}\" is not a depth in metres "
                                          "(0 or more, e.g. 0.3 or 0.1,0.2,0.3)",
                                          text, item));
        }
        depths.push_back(value);
    }
    if (depths.empty()) {
        throw usage_error(fmt::format("--ford-depth \"{}\" names no depth", text));
    }
    return depths;
}

layers::scenario_choice scenario_choice_of(const std::string& scenario, const vehicle_options& v) {
    layers::scenario_choice choice{scenario, v.vehicle, std::nullopt};
    if (!v.ford_depth.empty()) {
        const auto depths = parse_ford_depths(v.ford_depth);
        if (depths.size() != 1) {
            throw usage_error(fmt::format("--ford-depth {}: this command takes one depth (only "
                                          "cutoff answers a sweep of several)",
                                          v.ford_depth));
        }
        choice.ford_depth_m = depths.front();
    }
    return choice;
}

} // namespace allseason::cli
