#pragma once
// The json answers of contract §4 (`cutoff`, `rank`), built in one place so that the command
// line's `--format json` and the web map's /api answer byte for byte the same.
#include "routing/cutoff.hpp"
#include "routing/ranking.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace allseason::routing {

// The cutoff answer (keys sorted, as nlohmann::json keeps them). `vehicle` and `ford_depth_m`
// are added when the request named them.
nlohmann::json cutoff_json(const network& net, const cutoff_answer& answer,
                           const std::string& vehicle, std::optional<double> ford_depth_m);
nlohmann::json cutoff_summary_json(const cutoff_summary& summary);

// One depth of a sweep (`cutoff --ford-depth 0.1,0.2,…`).
nlohmann::json sweep_step_json(const network& net, double ford_depth_m,
                               const cutoff_answer& answer);
nlohmann::json sweep_json(const std::string& scenario, destination to, const std::string& vehicle,
                          nlohmann::json steps);

// The rank answer, keys in the contract's order.
nlohmann::ordered_json rank_json(const network& net, const rank_answer& answer);

// Whole amounts as integers (4500, not 4500.0), as planners write them.
nlohmann::ordered_json amount_json(double value);

// The contract's key names: households unflooded, or household-days avoided with
// `--by household_days` (the same fields of the answer hold either).
struct value_keys {
    const char* value;
    const char* per_billion;
    const char* with_needs;
    const char* cumulative;
    const char* unreached;
};
value_keys keys_of(const rank_answer& answer);

// What the command line prints and the API sends: two-space indented, one final newline.
template <class Json> std::string answer_text(const Json& answer) {
    return answer.dump(2) + '\n';
}

} // namespace allseason::routing
