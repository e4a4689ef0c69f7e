#pragma once
// A scenario choice (contract §2) from the words a person typed — the command line's
// --scenario/--vehicle/--ford-depth or the web API's scenario=&vehicle=&ford_depth= — so that
// both read them, and refuse them, alike.
#include "layers/features.hpp"

#include <string>
#include <vector>

namespace allseason::layers {

// "0.3" or "0.1,0.2,0.3": depths in metres, 0 or more; usage_error otherwise.
std::vector<double> parse_ford_depths(const std::string& text);

// One scenario choice; `ford_depth` empty for none, else exactly one depth (usage_error for a
// list: only a cutoff sweep takes several).
scenario_choice choice_of(const std::string& scenario, const std::string& vehicle,
                          const std::string& ford_depth);

} // namespace allseason::layers
