#pragma once
// `check`: data problems that would make the network answers wrong — likely undershoots,
// crossings and villages that do not reach a road, islands that never reach the commune
// centre, degenerate or duplicate roads, missing facilities. Each names its layer, code and
// location. Errors make the analyses impossible; warnings deserve a look.
#include "routing/search.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

enum class severity { warning, error };
std::string_view to_string(severity s);

struct finding {
    severity level = severity::warning;
    std::string problem; // dangling_end, crossing_far_from_road, village_without_road, ...
    std::string layer;
    std::string code;
    std::string message;
    std::optional<geo::xy> location;
};

std::vector<finding> check_network(const routing_graph& graph);

} // namespace allseason::routing
