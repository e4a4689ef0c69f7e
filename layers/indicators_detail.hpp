#pragma once
// Internal to the indicators: what indicators.cpp and indicators_places.cpp share.
#include "layers/indicators.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::layers::detail {

// An indicator with its identity and target filled in; the value comes later.
indicator make_indicator(std::string id, std::string unit, std::optional<double> target,
                         target_op op, std::string target_text);

// Defined in indicators_places.cpp: the village, school, reserve, forest, poverty and beds
// indicators.
std::vector<indicator> place_indicators(project& p, const indicator_options& options);

} // namespace allseason::layers::detail
