// --scenario, --vehicle and --ford-depth (or the API's parameters) turned into a
// scenario_choice (contract §2).
#include "layers/choice_text.hpp"

#include "geo/errors.hpp"

#include <fmt/format.h>

namespace allseason::layers {

std::vector<double> parse_ford_depths(const std::string& text) {
    std::vector<double> depths;
    for (const auto& item : split_list(text)) {
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

scenario_choice choice_of(const std::string& scenario, const std::string& vehicle,
                          const std::string& ford_depth) {
    scenario_choice choice{scenario, vehicle, std::nullopt};
    if (!ford_depth.empty()) {
        const auto depths = parse_ford_depths(ford_depth);
        if (depths.size() != 1) {
            throw usage_error(fmt::format("--ford-depth {}: this command takes one depth (only "
                                          "cutoff answers a sweep of several)",
                                          ford_depth));
        }
        choice.ford_depth_m = depths.front();
    }
    return choice;
}

} // namespace allseason::layers
