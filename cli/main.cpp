// The allseason program: the only file that sees CLI11. It fills each command's options
// and maps errors to exit codes (0 ok, 1 data or analysis error, 2 usage error).
#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

namespace {

// Wherever a project goes, a PostgreSQL schema can go instead (contract §3).
constexpr const char* project_help = "the project: a .sqlite file, or postgresql://…?schema=NAME";


using namespace allseason::cli;

const std::map<std::string, output_format> format_names{
    {"table", output_format::table}, {"csv", output_format::csv}, {"json", output_format::json}};

void add_format(CLI::App& command, output_format& format) {
    command.add_option("--format", format, "output format: table, csv or json")
        ->transform(CLI::CheckedTransformer(format_names, CLI::ignore_case));
}

const std::map<std::string, language> language_names{{"vi", language::vi}, {"en", language::en}};

void add_language(CLI::App& command, language& lang) {
    command.add_option("--lang", lang, "language of the text: vi or en")
        ->transform(CLI::CheckedTransformer(language_names, CLI::ignore_case));
}

void add_vehicle(CLI::App& command, vehicle_options& v, bool sweep = false) {
    command.add_option("--vehicle", v.vehicle,
                       "judge fords and surfaces for a vehicle of the vehicles table: motorbike, "
                       "car, truck (overrides the scenario's ford depth and closed surfaces)");
    command.add_option("--ford-depth", v.ford_depth,
                       sweep ? "fords deeper than M metres close (overrides the scenario and the "
                               "vehicle); a comma list 0.1,0.2,… answers each depth in one run"
                             : "fords deeper than M metres close (overrides the scenario and the "
                               "vehicle)");
}

struct all_options {
    init_options init;
    info_options info;
    import_options import;
    join_options join;
    build_options build;
    demo_options demo;
    cutoff_options cutoff;
    critical_options critical;
    rank_options rank;
    risk_options risk;
    check_options check;
    crossings_options crossings;
    terrain_options terrain;
    export_options export_;
    indicators_options indicators;
    map_options map;
    report_options report;
    serve_options serve;
    user_options user;
    signs_options signs;
    copy_options copy;
    province_options province;
};

void add_init(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("init", "create an empty project file");
    c->add_option("PROJECT", o.init.project, "the project to create: a .sqlite file, or postgresql://…?schema=NAME")->required();
    c->add_option("--crs", o.init.crs,
                  "metric CRS of the project: EPSG:3405, VN2000:bac-giang, a PROJ string or WKT "
                  "(default: the first imported layer's CRS)");
    c->add_option("--name", o.init.name, "project name (default: the file name)");
    c->add_flag("--force", o.init.force, "replace an existing file");
    c->callback([&] { run = [&] { return run_init(o.init); }; });
}

void add_info(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("info", "name, CRS, schema version and the layers' counts");
    c->add_option("PROJECT", o.info.project, project_help)->required();
    add_format(*c, o.info.format);
    c->callback([&] { run = [&] { return run_info(o.info); }; });
}

void add_import(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("import", "import a GDAL source (GeoPackage, Shapefile, GeoJSON, "
                                           "KML, CSV, GPX, MapInfo, DGN, OSM) into a layer");
    c->add_option("PROJECT", o.import.project, project_help)->required();
    c->add_option("LAYER", o.import.layer,
                  "the layer: villages, roads, fords, bridges, ..., or all (every layer an "
                  "OpenStreetMap file fills)")
        ->required();
    c->add_option("SOURCE", o.import.source, "the file to import")->required();
    c->add_option("--source-layer", o.import.source_layer,
                  "the layer of the source to read (default: its only or matching layer)");
    c->add_option("--field", o.import.fields,
                  "TARGET=SOURCE: fill TARGET from the source field SOURCE (repeatable); "
                  "TARGET==VALUE gives a fixed value")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--source-crs", o.import.source_crs,
                  "the source's CRS when the file has none or a wrong one (EPSG:4326, "
                  "VN2000:bac-ninh, a PROJ string or WKT)");
    c->add_option("--encoding", o.import.encoding,
                  "text encoding of the source: utf-8, cp1258, tcvn3 or vni");
    c->add_flag("--append", o.import.append, "add to the layer instead of replacing it");
    c->callback([&] { run = [&] { return run_import(o.import); }; });
}

void add_join(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("join", "write the fields of a table (CSV, XLSX, ODS, any GDAL "
                                         "source) onto a layer's features, by code or name");
    c->add_option("PROJECT", o.join.project, project_help)->required();
    c->add_option("LAYER", o.join.layer, "the layer: villages, roads, fords, ...")->required();
    c->add_option("TABLE", o.join.table, "the table to join, e.g. so_ho.xlsx")->required();
    c->add_option("--on", o.join.on,
                  "match by code or name (default: code when the table has a code field)")
        ->check(CLI::IsMember({"code", "name"}, CLI::ignore_case));
    c->add_option("--key", o.join.key,
                  "the table's field to match (default: its code or name field)");
    c->add_option("--field", o.join.fields,
                  "TARGET=SOURCE: fill TARGET from the table's field SOURCE (repeatable); "
                  "TARGET==VALUE gives a fixed value")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    c->add_option("--source-layer", o.join.source_layer,
                  "the sheet or layer of the table to read (default: its only non-empty one)");
    c->add_option("--encoding", o.join.encoding,
                  "text encoding of the table: utf-8, cp1258, tcvn3 or vni");
    c->add_flag("--skip-unmatched", o.join.skip_unmatched,
                "skip rows that match no feature (rows that match two still fail)");
    c->callback([&] { run = [&] { return run_join(o.join); }; });
}

void add_build(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("build", "make a whole project from a manifest: imports, "
                                          "analyses, exports, map and report");
    c->add_option("MANIFEST", o.build.manifest, "the manifest (allseason.toml)")->required();
    c->add_option("OUTDIR", o.build.outdir, "folder for the project and its outputs")->required();
    add_language(*c, o.build.lang);
    c->callback([&] { run = [&] { return run_build(o.build); }; });
}

void add_demo(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("demo", "build the bundled An Lạc example project");
    c->add_option("OUTDIR", o.demo.outdir, "folder for the outputs (default: anlac-demo)");
    add_language(*c, o.demo.lang);
    c->callback([&] { run = [&] { return run_demo(o.demo); }; });
}

void add_destination(CLI::App& command, std::string& to) {
    command.add_option("--to", to,
                       "destination: commune_centre (default), health_station, primary_school, "
                       "secondary_school, market or highway");
}

void add_cutoff(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("cutoff", "villages that lose all-season access in a scenario");
    c->add_option("PROJECT", o.cutoff.project, project_help)->required();
    c->add_option("--scenario", o.cutoff.scenario,
                  "dry, rainy (default) or a row of the scenarios table");
    add_vehicle(*c, o.cutoff.vehicle, true);
    add_destination(*c, o.cutoff.to);
    add_format(*c, o.cutoff.format);
    c->callback([&] { run = [&] { return run_cutoff(o.cutoff); }; });
}

void add_critical(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("critical", "fords, bridges and road segments whose failure "
                                             "alone isolates households");
    c->add_option("PROJECT", o.critical.project, project_help)->required();
    add_destination(*c, o.critical.to);
    add_format(*c, o.critical.format);
    c->callback([&] { run = [&] { return run_critical(o.critical); }; });
}

void add_rank(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("rank", "rank bridge and road projects by households unflooded, "
                                         "and the best set within a budget");
    c->add_option("PROJECT", o.rank.project, project_help)->required();
    c->add_option("--scenario", o.rank.scenario, "scenario (default: rainy)");
    add_vehicle(*c, o.rank.vehicle);
    add_destination(*c, o.rank.to);
    c->add_option("--budget", o.rank.budget_million_vnd,
                  "money available in million VND: also choose the best set of projects")
        ->check(CLI::NonNegativeNumber);
    c->add_flag("--allow-reserve", o.rank.allow_reserve,
                "let projects that enter a reserve core zone into the portfolio");
    c->add_option("--by", o.rank.by,
                  "value projects by households unflooded (default) or household_days: the "
                  "household-days a year of isolation they avoid");
    add_format(*c, o.rank.format);
    c->callback([&] { run = [&] { return run_rank(o.rank); }; });
}

void add_province(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("province", "the communes of a PostgreSQL database side by side, "
                                             "their projects ranked across them");
    c->add_option("DATABASE_URL", o.province.database, "postgresql://[user@]host[:port]/dbname")
        ->required();
    c->add_option("--schemas", o.province.schemas,
                  "comma-separated commune schemas (default: every schema holding a project)");
    c->add_option("--scenario", o.province.scenario, "scenario (default: rainy)");
    add_destination(*c, o.province.to);
    c->add_option("--budget", o.province.budget_million_vnd,
                  "money available in million VND: also choose the best set across communes")
        ->check(CLI::NonNegativeNumber);
    add_format(*c, o.province.format);
    c->callback([&] { run = [&] { return run_province(o.province); }; });
}

void add_risk(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("risk", "isolation days a year per village (rainy season, by "
                                         "vehicle: car unless --vehicle)");
    c->add_option("PROJECT", o.risk.project, project_help)->required();
    add_vehicle(*c, o.risk.vehicle);
    add_destination(*c, o.risk.to);
    add_format(*c, o.risk.format);
    c->callback([&] { run = [&] { return run_risk(o.risk); }; });
}

void add_check(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("check", "data problems: dangling ends, far fords, villages "
                                          "without roads, islands, duplicates");
    c->add_option("PROJECT", o.check.project, project_help)->required();
    add_format(*c, o.check.format);
    c->callback([&] { run = [&] { return run_check(o.check); }; });
}

void add_crossings(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("crossings", "where roads cross waterways: bridge, tunnel, "
                                              "ford, culvert or unmarked");
    c->add_option("PROJECT", o.crossings.project, project_help)->required();
    c->add_flag("--add-fords", o.crossings.add_fords,
                "add each unmarked crossing as a derived ford of unknown depth");
    add_format(*c, o.crossings.format);
    c->callback([&] { run = [&] { return run_crossings(o.crossings); }; });
}

void add_terrain(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("terrain", "from a DEM: ford catchments and estimated flood "
                                            "depths, flood and landslide zones, derived streams");
    c->add_option("PROJECT", o.terrain.project, project_help)->required();
    c->add_option("DEM", o.terrain.dem,
                  "the elevation model in metres: .hgt, GeoTIFF, or a .zip "
                  "holding one")
        ->required();
    c->add_option("--stream-area-km2", o.terrain.stream_area_km2,
                  "cells draining at least this many km² are streams (default 0.5)");
    c->add_option("--slope-deg", o.terrain.slope_deg,
                  "landslide zones: slopes at least this steep near roads (default 35)");
    c->add_flag("--add-streams", o.terrain.add_streams,
                "write the streams as derived waterways where no mapped waterway lies within 50 m");
    c->add_option("--scenario", o.terrain.scenario,
                  "the scenario of the flood zones (default flood; created if missing)");
    add_format(*c, o.terrain.format);
    c->callback([&] { run = [&] { return run_terrain(o.terrain); }; });
}

void add_export(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("export", "write a GeoPackage for QGIS: every layer, the "
                                           "scenario's results, styles and a QGIS project");
    c->add_option("PROJECT", o.export_.project, project_help)->required();
    c->add_option("OUT", o.export_.out, "the GeoPackage to write (*.gpkg)")->required();
    c->add_option("--scenario", o.export_.scenario,
                  "dry, rainy (default) or a row of the scenarios table");
    add_vehicle(*c, o.export_.vehicle);
    add_destination(*c, o.export_.to);
    c->add_flag("--force", o.export_.force, "replace an existing file");
    c->callback([&] { run = [&] { return run_export(o.export_); }; });
}

void add_indicators(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("indicators", "the commune plan's targets measured from the "
                                               "data: value, target, met");
    c->add_option("PROJECT", o.indicators.project, project_help)->required();
    add_format(*c, o.indicators.format);
    add_language(*c, o.indicators.lang);
    c->callback([&] { run = [&] { return run_indicators(o.indicators); }; });
}

void add_map(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("map", "draw the priority map (PNG, PDF or SVG): villages by "
                                        "access, closed roads and fords, ranked projects");
    c->add_option("PROJECT", o.map.project, project_help)->required();
    c->add_option("OUT", o.map.out, "the map to write: *.png, *.pdf or *.svg")->required();
    c->add_option("--scenario", o.map.scenario,
                  "dry, rainy (default) or a row of the scenarios table");
    add_vehicle(*c, o.map.vehicle);
    add_destination(*c, o.map.to);
    c->add_option("--title", o.map.title, "the map's title (default: from the project name)");
    c->add_option("--size", o.map.size, "paper size: A4 (default) or A3, landscape");
    c->add_option("--dpi", o.map.dpi, "PNG resolution in dots per inch (default 150)")
        ->check(CLI::Range(72.0, 600.0));
    c->add_option("--theme", o.map.theme,
                  "colour villages by access (default) or isolation_days (days a year from "
                  "`risk`, rainy with the vehicle: car unless --vehicle)")
        ->check(CLI::IsMember({"access", "isolation_days"}));
    add_language(*c, o.map.lang);
    c->callback([&] { run = [&] { return run_map(o.map); }; });
}

void add_copy(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("copy", "copy a whole project between a .sqlite file and a "
                                         "PostgreSQL schema (postgresql://…?schema=NAME)");
    c->add_option("FROM_PROJECT", o.copy.from, "the project to copy")->required();
    c->add_option("TO_PROJECT", o.copy.to, "the project to write (a file or a schema URL)")
        ->required();
    c->add_flag("--force", o.copy.force, "replace an existing target");
    c->callback([&] { run = [&] { return run_copy(o.copy); }; });
}

void add_report(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* c = app.add_subcommand("report", "write the planning report: one self-contained HTML "
                                           "file that prints on A4");
    c->add_option("PROJECT", o.report.project, project_help)->required();
    c->add_option("OUT", o.report.out, "the report to write (*.html)")->required();
    add_language(*c, o.report.lang);
    c->callback([&] { run = [&] { return run_report(o.report); }; });
}

// The web map's commands (issue 16).
void add_web_commands(CLI::App& app, all_options& o, std::function<int()>& run) {
    auto* s = app.add_subcommand("serve", "the web map and public project pages");
    s->add_option("PROJECT", o.serve.project, project_help)->required();
    s->add_option("--bind", o.serve.bind,
                  "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: the "
                  "commune's network)");
    s->add_option("--port", o.serve.port, "port (default 8080; 0: any free port)")
        ->check(CLI::Range(0, 65535));
    s->add_option("--tls-cert", o.serve.tls_cert, "serve HTTPS with this PEM certificate");
    s->add_option("--tls-key", o.serve.tls_key, "the certificate's PEM private key");
    s->add_flag("--behind-https", o.serve.behind_https,
                "a reverse proxy serves HTTPS in front: mark cookies Secure");
    add_vehicle(*s, o.serve.vehicle);
    s->callback([&] { run = [&] { return run_serve(o.serve); }; });

    auto* u = app.add_subcommand("user", "planners who may sign in to serve: add, remove, list");
    u->add_option("ACTION", o.user.action, "add, remove or list")
        ->required()
        ->check(CLI::IsMember({"add", "remove", "list"}));
    u->add_option("PROJECT", o.user.project, project_help)->required();
    u->add_option("NAME", o.user.name, "the planner's user name (add, remove)");
    u->callback([&] { run = [&] { return run_user(o.user); }; });

    auto* g = app.add_subcommand("signs", "A4 site signs with QR codes, one per candidate project");
    g->add_option("PROJECT", o.signs.project, project_help)->required();
    g->add_option("OUT", o.signs.out, "the PDF to write")->required();
    g->add_option("--base-url", o.signs.base_url,
                  "where serve is reached, e.g. https://xa-anlac.gov.vn")
        ->required();
    add_language(*g, o.signs.lang);
    g->callback([&] { run = [&] { return run_signs(o.signs); }; });
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"allseason — all-season road access planning for rural communes"};
    app.set_version_flag("--version", "allseason " + allseason::layers::tool_version());
    app.require_subcommand(1);
    all_options options;
    std::function<int()> run;
    add_init(app, options, run);
    add_info(app, options, run);
    add_import(app, options, run);
    add_join(app, options, run);
    add_build(app, options, run);
    add_demo(app, options, run);
    add_cutoff(app, options, run);
    add_critical(app, options, run);
    add_rank(app, options, run);
    add_risk(app, options, run);
    add_check(app, options, run);
    add_crossings(app, options, run);
    add_terrain(app, options, run);
    add_export(app, options, run);
    add_indicators(app, options, run);
    add_map(app, options, run);
    add_report(app, options, run);
    add_web_commands(app, options, run);
    add_copy(app, options, run);
    add_province(app, options, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }
    try {
        return run ? run() : 2;
    } catch (const allseason::usage_error& e) {
        std::cerr << "allseason: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "allseason: " << e.what() << '\n';
        return 1;
    }
}
