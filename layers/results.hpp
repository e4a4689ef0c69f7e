#pragma once
// The analysis results stored in the project (contract §3: "results are also written into the
// project so that QGIS and export see them"): `cutoff_results` (one row per scenario,
// destination and village, with the village's polygon or point) and `critical_elements` (one row
// per destination and element, with the element's point or lines). Each table is a SpatiaLite layer
// with a registered geometry column and a spatial index.
#include "geo/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

class project;

struct cutoff_result_row {
    std::string village_code;
    std::string village_name;
    std::optional<std::int64_t> households; // null: not known yet (contract §1)
    std::int64_t ethnic_minority_households = 0;
    std::int64_t households_cut_off = 0;
    bool has_road_access = false;
    bool reachable_dry = false;
    bool reachable = false;
    std::optional<double> travel_min_dry;
    std::optional<double> travel_min;
    std::string blocked_by_json;              // the contract's blocked_by array as JSON text
    geo::blob geom;                           // the village polygon or point, WKB (empty: none)
    std::int64_t households_without_road = 0; // no road within access_m
};

struct critical_element_row {
    std::string layer; // fords, bridges, roads
    std::string code;
    std::string name;
    std::optional<double> length_m; // roads only
    std::int64_t households_isolated = 0;
    std::string villages_json; // JSON array of village codes
    geo::blob geom;            // point or (multi)line WKB
};

// Creates the result tables when they are missing (needs the project CRS).
void ensure_result_tables(project& p);

// Replaces the rows of one scenario and destination, in one transaction.
// A stored cut-off answer as read back (no geometry): the row and when it was computed.
struct stored_cutoff_row {
    cutoff_result_row row;
    std::string computed; // ISO 8601 UTC
};

// The stored answers of one scenario and destination, in the order they were written; empty
// when there are none (or no cutoff_results table yet).
std::vector<stored_cutoff_row> read_cutoff_results(project& p, const std::string& scenario,
                                                   const std::string& destination);

void replace_cutoff_results(project& p, const std::string& scenario, const std::string& destination,
                            const std::vector<cutoff_result_row>& rows);

// One village's isolation days a year (`risk`, contract §4), keyed by destination and result key
// ("rainy+car", "rainy+truck@0.6m").
struct risk_result_row {
    std::string village_code;
    std::string village_name;
    std::optional<std::int64_t> households;              // null: not known yet
    bool reachable_dry = false;                          // false: not counted (contract §2)
    std::optional<std::int64_t> isolation_days_per_year; // null when not reachable dry
    std::optional<std::int64_t> household_days_per_year; // null: households unknown / not reachable
    std::string limited_by_json;                         // the contract's limited_by array
    geo::blob geom;                                      // the village polygon or point, WKB
};

struct stored_risk_row {
    risk_result_row row;
    std::string computed; // ISO 8601 UTC
};

// Replaces the rows of one result key and destination, in one transaction.
void replace_risk_results(project& p, const std::string& scenario, const std::string& destination,
                          const std::vector<risk_result_row>& rows);
// The stored rows of one result key and destination in the order written (none: empty).
std::vector<stored_risk_row> read_risk_results(project& p, const std::string& scenario,
                                               const std::string& destination);

// Replaces the rows of one destination, in one transaction.
void replace_critical_elements(project& p, const std::string& destination,
                               const std::vector<critical_element_row>& rows);

} // namespace allseason::layers
