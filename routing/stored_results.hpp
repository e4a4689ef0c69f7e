#pragma once
// Writing the analyses' answers into the project's result tables (layers/results.hpp), so
// that cutoff, critical, export, map and report store them one way.
#include "layers/project.hpp"
#include "routing/critical.hpp"
#include "routing/cutoff.hpp"
#include "routing/network.hpp"
#include "routing/risk.hpp"

#include <string>
#include <vector>

namespace allseason::routing {

// The blocked_by list as contract §4 writes it: [{"layer", "code", "name"}, …], as JSON text.
std::string blocked_by_json(const std::vector<blocking_element>& blocked);

// Replaces the stored cut-off answers of the answer's scenario and destination.
void store_cutoff(layers::project& project, const network& net, const cutoff_answer& answer);
// The limited_by list as contract §4 writes it: [{"layer", "code", "name", "days"}, …] (fords
// closed without a measured depth also carry "depth"), as JSON text.
std::string limited_by_json(const std::vector<limiting_element>& limits);
// Replaces the stored isolation days of the answer's scenario (result key) and destination.
void store_risk(layers::project& project, const network& net, const risk_answer& answer);
// Replaces the stored critical elements of the answer's destination.
void store_critical(layers::project& project, const network& net, const critical_answer& answer);

} // namespace allseason::routing
