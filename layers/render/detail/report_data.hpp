#pragma once
// Private to the render library: the result tables as the report reads them. Every reader
// returns an empty answer when its table or its rows are missing; the report then says so.
#include "layers/render/map_data.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {
class project;
}

namespace allseason::render::detail {

struct named_element {
    std::string layer;
    std::string code;
    std::string name;
    std::string depth; // fords: "unknown", "estimated"; empty when measured (contract §4)
};

struct cutoff_row {
    std::string code;
    std::string name;
    std::optional<std::int64_t> households; // null: not known yet ("chưa rõ")
    std::int64_t ethnic_minority_households = 0;
    std::int64_t households_cut_off = 0;
    bool has_road_access = false;
    bool reachable_dry = false;
    bool reachable = false;
    std::optional<double> travel_min_dry;
    std::optional<double> travel_min;
    std::vector<named_element> blocked_by;
};

struct critical_row {
    std::int64_t rank = 0;
    std::string layer;
    std::string code;
    std::string name;
    std::optional<double> length_m;
    std::int64_t households_isolated = 0;
    std::vector<std::string> villages;
};

struct ranking_row {
    std::int64_t rank = 0;
    std::string code;
    std::string name;
    std::string kind;
    double cost_million_vnd = 0;
    std::int64_t households_unflooded = 0;
    std::vector<std::string> villages_unflooded;
    std::optional<double> households_per_billion_vnd;
    bool in_portfolio = false;
    std::vector<std::string> needs; // projects it needs before it counts
    std::vector<std::string> conflicts;
};

struct portfolio_info {
    double budget_million_vnd = 0;
    std::string method;
    double cost_million_vnd = 0;
    std::vector<std::string> projects;
};

struct report_tables {
    std::vector<cutoff_row> cutoff;
    std::string cutoff_computed;
    std::vector<critical_row> critical;
    std::vector<ranking_row> ranking;
    std::optional<portfolio_info> portfolio;
};

report_tables read_report_tables(layers::project& p, const std::string& scenario,
                                 const std::string& destination);

} // namespace allseason::render::detail
