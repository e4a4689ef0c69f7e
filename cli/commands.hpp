#pragma once
// The options of each command, filled by main.cpp (the only file that sees CLI11), and the
// functions that run them (one file per command). Each returns the process exit code.
#include "layers/features.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::cli {

enum class output_format { table, csv, json };

// --vehicle and --ford-depth (contract §2), on the commands that take a scenario.
struct vehicle_options {
    std::string vehicle;    // empty: the scenario's own rules
    std::string ford_depth; // empty: none; cutoff also takes a comma list (a sweep)
};

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

struct import_options {
    std::string project;
    std::string layer;
    std::string source;
    std::string source_layer;
    std::vector<std::string> fields; // each "TARGET=SOURCE" (SOURCE "=VALUE": a fixed value)
    std::string source_crs;
    std::string encoding; // empty: the file's own or UTF-8
    bool append = false;
};
int run_import(const import_options& options);

// --field arguments of import and join: "TARGET=SOURCE" → (target, source); usage_error else.
std::vector<std::pair<std::string, std::string>>
parse_field_arguments(const std::vector<std::string>& fields);

// `join`: an attribute table's fields onto a layer's existing features (contract §3).
struct join_options {
    std::string project;
    std::string layer;
    std::string table;
    std::string on;  // "code", "name" or empty: code when the table has a code field
    std::string key; // empty: the table's code or name field
    std::vector<std::string> fields; // each "TARGET=SOURCE"
    std::string source_layer;
    std::string encoding;
    bool skip_unmatched = false;
};
int run_join(const join_options& options);

enum class language { vi, en };

// Vietnamese by default (summary, map, report): the commune's planners read them.
struct build_options {
    std::string manifest;
    std::string outdir;
    language lang = language::vi;
};
int run_build(const build_options& options);

// The scenario choice of --scenario, --vehicle and one --ford-depth; usage_error for a depth
// that is not a number or for a list where one depth is expected.
std::vector<double> parse_ford_depths(const std::string& text);
layers::scenario_choice scenario_choice_of(const std::string& scenario, const vehicle_options& v);

struct demo_options {
    std::string outdir = "anlac-demo";
    language lang = language::vi;
};
// `build` with the bundled An Lạc manifest, found next to the installed program or in the
// source tree.
int run_demo(const demo_options& options);

struct cutoff_options {
    std::string project;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    output_format format = output_format::table;
    vehicle_options vehicle; // last: positional initialisers elsewhere stay valid
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
    vehicle_options vehicle;       // last: positional initialisers elsewhere stay valid
    std::string by = "households"; // or household_days (contract §4)
};
int run_rank(const rank_options& options);

// `province DATABASE_URL`: the communes of a PostgreSQL database side by side, their projects
// ranked across them, and one portfolio within --budget (contract §4).
struct province_options {
    std::string database;
    std::string schemas; // comma-separated; empty: every schema holding a project
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    std::optional<double> budget_million_vnd;
    output_format format = output_format::table;
};
int run_province(const province_options& options);

// Isolation days a year per village (contract §4 `risk`): rainy with the vehicle's rules.
struct risk_options {
    std::string project;
    std::string to = "commune_centre";
    output_format format = output_format::table;
    vehicle_options vehicle; // empty vehicle: car
};
int run_risk(const risk_options& options);

// Exit 1 when a problem makes the analyses impossible, 0 when there are only warnings.
struct check_options {
    std::string project;
    output_format format = output_format::table;
};
int run_check(const check_options& options);

// Road × waterway crossings and their status; --add-fords records the unmarked ones.
struct crossings_options {
    std::string project;
    bool add_fords = false;
    output_format format = output_format::table;
};
int run_crossings(const crossings_options& options);

// `terrain` (contract §4): estimates and zones from a DEM.
struct terrain_options {
    std::string project;
    std::string dem;
    double stream_area_km2 = 0.5;
    double slope_deg = 35;
    bool add_streams = false;
    std::string scenario = "flood";
    output_format format = output_format::table;
};
int run_terrain(const terrain_options& options);

// A GeoPackage for QGIS: every layer, the scenario's results, styles and a QGIS project.
struct export_options {
    std::string project;
    std::string out;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    bool force = false;
    vehicle_options vehicle; // last: positional initialisers elsewhere stay valid
};
int run_export(const export_options& options);

// The commune plan's indicators (contract §4).
struct indicators_options {
    std::string project;
    output_format format = output_format::table;
    language lang = language::en;
};
int run_indicators(const indicators_options& options);

// The priority map as PNG, PDF or SVG, drawn from the project's layers and results.
struct map_options {
    std::string project;
    std::string out;
    std::string scenario = "rainy";
    std::string to = "commune_centre";
    std::string title = {}; // empty: "All-season road access — <project name>"
    std::string size = "A4";
    double dpi = 150;
    language lang = language::vi;
    vehicle_options vehicle;      // last: positional initialisers elsewhere stay valid
    std::string theme = "access"; // or isolation_days (villages by risk's days a year)
};
int run_map(const map_options& options);

// The planning report: one self-contained HTML file.
struct report_options {
    std::string project;
    std::string out;
    language lang = language::vi;
};
int run_report(const report_options& options);

// `serve` (contract §6): the web map, the public project pages and the planners' pages.
struct serve_options {
    std::string project;
    std::string bind = "127.0.0.1";
    int port = 8080;
    std::string tls_cert;
    std::string tls_key;
    bool behind_https = false;
    vehicle_options vehicle; // what the map opens with
};
int run_serve(const serve_options& options);

// `user add|remove|list PROJECT [NAME]`: the planners who may sign in to `serve`.
struct user_options {
    std::string action; // add, remove, list
    std::string project;
    std::string name;
};
int run_user(const user_options& options);

// `signs PROJECT OUT.pdf --base-url URL`: an A4 site sign per candidate project.
struct signs_options {
    std::string project;
    std::string out;
    std::string base_url;
    language lang = language::vi;
};
int run_signs(const signs_options& options);

// A whole project between a .sqlite file and a PostgreSQL schema (either way, contract §3).
struct copy_options {
    std::string from;
    std::string to;
    bool force = false;
};
int run_copy(const copy_options& options);

} // namespace allseason::cli
