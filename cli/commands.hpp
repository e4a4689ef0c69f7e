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

} // namespace allseason::cli
