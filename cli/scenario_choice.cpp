// --scenario, --vehicle and --ford-depth turned into a layers::scenario_choice (contract §2);
// the rules live in layers/choice_text, shared with the web API.
#include "cli/commands.hpp"
#include "layers/choice_text.hpp"

namespace allseason::cli {

std::vector<double> parse_ford_depths(const std::string& text) {
    return layers::parse_ford_depths(text);
}

layers::scenario_choice scenario_choice_of(const std::string& scenario, const vehicle_options& v) {
    return layers::choice_of(scenario, v.vehicle, v.ford_depth);
}

} // namespace allseason::cli
