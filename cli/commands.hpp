#pragma once
// The options of each command, filled by main.cpp (the only file that sees CLI11), and the
// functions that run them (one file per command). Each returns the process exit code.
#include <optional>
#include <string>
#include <vector>

namespace allseason::cli {

enum class output_format { table, csv, json };

struct init_options {
    std::string project;
    std::string crs; // empty: the first import sets it
    std::string name;
    bool force = false;
};
int run_init(const init_options& options);

struct info_options {
    std::string project;
    output_format format = output_format::table;
};
int run_info(const info_options& options);

struct cutoff_options {
    std::string project;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    output_format format = output_format::table;
};
int run_cutoff(const cutoff_options& options);

struct critical_options {
    std::string project;
    std::string to = "commune_centre";
    output_format format = output_format::table;
};
int run_critical(const critical_options& options);

// Candidate projects ranked by households unflooded; a portfolio within --budget (contract §4).
struct rank_options {
    std::string project;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    std::optional<double> budget_million_vnd;
    bool allow_reserve = false;
    output_format format = output_format::table;
};
int run_rank(const rank_options& options);

// Candidate projects ranked by households unflooded; a portfolio within --budget (contract §4).
struct rank_options {
    std::string project;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    std::optional<double> budget_million_vnd;
    bool allow_reserve = false;
    output_format format = output_format::table;
};
int run_rank(const rank_options& options);

// Exit 1 when a problem makes the analyses impossible, 0 when there are only warnings.
struct check_options {
    std::string project;
    output_format format = output_format::table;
};
int run_check(const check_options& options);

} // namespace allseason::cli
