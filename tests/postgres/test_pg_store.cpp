// PostgreSQL projects (contract §3, §5) on the private cluster CTest starts: the An Lạc example
// copied to a schema and back gives byte-identical answers, edits made on the server are seen,
// writers are serialised, a killed import changes nothing, a refused write exits 1 naming the
// schema and the server's reason.
#include "postgres/pg_fixture.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace allseason::test;

namespace {

const std::filesystem::path example =
    std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac";

std::filesystem::path build_anlac(const temp_dir& dir) {
    auto r =
        run_allseason({"build", (example / "allseason.toml").string(), (dir / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return dir / "out" / "anlac.sqlite";
}

std::string answer(const std::string& command, const std::string& project) {
    auto r = run_allseason({command, project, "--format", "json"});
    INFO(command << " " << project << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

const std::vector<std::string> answering = {"cutoff", "rank", "risk", "critical", "indicators"};

std::string count(const std::string& base, const std::string& url, const std::string& table) {
    return psql_value(base, fmt::format("SELECT count(*) FROM \"{}\".{}", schema_of(url), table));
}

void copy_to(const std::string& from, const std::string& to) {
    auto r = run_allseason({"copy", from, to});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

// The project QGIS read from the schema's qgis_projects: every layer valid, no password in any
// source, the CRS, and each layer's features equal to a count of the table in SQL.
void check_stored_project(const std::string& base, const std::string& schema,
                          const nlohmann::json& report) {
    INFO(report.dump());
    const auto name = psql_value(base, fmt::format("SELECT name FROM \"{}\".qgis_projects", schema));
    REQUIRE(report["stored"] == nlohmann::json::array({name}));
    CHECK(name == "An Lạc");
    CHECK(report["crs"] == "EPSG:9214");
    // The view opens on the villages (no boundary in the example), with a small margin.
    const auto villages = nlohmann::json::parse(psql_value(
        base, fmt::format("SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), "
                          "ST_YMax(e)) FROM (SELECT ST_Extent(geom) AS e FROM \"{}\".villages) v",
                          schema)));
    const auto& view = report["extent"];
    for (int k = 0; k < 2; ++k) {
        const double low = view[k], high = view[k + 2];
        const double v_low = villages[k], v_high = villages[k + 2];
        CHECK(low <= v_low);
        CHECK(high >= v_high);
        CHECK(high - low <= 1.2 * (v_high - v_low)); // the villages', not a wider layer's
    }
    std::set<std::string> tables;
    for (const auto& layer : report["layers"]) {
        CHECK(layer["valid"] == true);
        CHECK(layer["password_in_source"] == false);
        CHECK(layer["schema"] == schema);
        const std::string table = layer["table"];
        tables.insert(table);
        // QGIS's WKB type numbers: 1 point, 2 line, 6 multipolygon (each with its multi kind).
        const int type = layer["type"];
        const std::string family = type == 1 ? "'POINT', 'MULTIPOINT'"
                                   : type == 2 ? "'LINESTRING', 'MULTILINESTRING'"
                                               : "'POLYGON', 'MULTIPOLYGON'";
        CHECK(std::to_string(layer["features"].get<long long>()) ==
              psql_value(base, fmt::format("SELECT count(*) FROM \"{}\".\"{}\" WHERE "
                                           "GeometryType(geom) IN ({})",
                                           schema, table, family)));
    }
    for (const char* layer : {"roads", "villages", "fords", "bridges", "households", "projects"}) {
        CHECK(tables.contains(layer));
    }
}

} // namespace

TEST_CASE("An Lạc copied to PostgreSQL and back answers byte for byte the same",
          "[postgresql][copy]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto file = build_anlac(dir).string();
    const auto url = fresh_schema_url(*base, "anlac_copy");
    copy_to(file, url);
    const auto back = (dir / "back.sqlite").string();
    copy_to(url, back);
    for (const auto& command : answering) {
        const auto expected = answer(command, file);
        CHECK(answer(command, url) == expected);
        CHECK(answer(command, back) == expected);
    }
    // The schema QGIS sees: typed geometry columns, the CRS known to PostGIS.
    CHECK(psql_value(*base, fmt::format("SELECT type || ' ' || srid FROM geometry_columns WHERE "
                                        "f_table_schema = '{}' AND f_table_name = 'fords'",
                                        schema_of(url))) == "POINT 9214");
    CHECK(psql_value(*base, "SELECT auth_name FROM spatial_ref_sys WHERE srid = 9214") == "EPSG");
    CHECK(count(*base, url, "villages") == "20");

    SECTION("the real QGIS opens the layers styled") {
        const bool qgis =
            std::filesystem::exists("/usr/bin/python3") &&
            run_program("/usr/bin/python3", {"-c", "import qgis.core"}).exit_code == 0;
        if (!qgis) {
            WARN("skipped: QGIS's Python bindings (python3-qgis) are not installed");
            return;
        }
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        const auto host_port = base->substr(base->find('@') + 1);
        const auto port = host_port.substr(host_port.find(':') + 1,
                                           host_port.find('/') - host_port.find(':') - 1);
        auto r = run_program("/usr/bin/python3", {std::string(ALLSEASON_SOURCE_DIR) +
                                                      "/tests/postgres/qgis_pg_check.py",
                                                  "127.0.0.1", port, "allseason", schema_of(url)});
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        check_stored_project(*base, schema_of(url), nlohmann::json::parse(r.out));
    }

    SECTION("a project a planner saved over from QGIS is kept; allseason refreshes only its own") {
        const std::string table = fmt::format("\"{}\".qgis_projects", schema_of(url));
        psql_value(*base, fmt::format("UPDATE {} SET metadata = '{{\"last_modified_user\": "
                                      "\"planner\"}}', content = 'theirs'::bytea RETURNING 1",
                                      table));
        auto r = run_allseason({"import", url, "fords", (example / "fords.geojson").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(psql_value(*base, fmt::format("SELECT convert_from(content, 'UTF8') FROM {}",
                                            table)) == "theirs");
        psql_value(*base, fmt::format("DELETE FROM {} RETURNING 1", table));
        auto again = run_allseason({"copy", file, url, "--force"});
        INFO(again.err);
        CHECK(psql_value(*base, fmt::format("SELECT metadata->>'last_modified_user' || ' ' || "
                                            "encode(substr(content, 1, 4), 'hex') FROM {}",
                                            table)) == "allseason 504b0304");
    }

    SECTION("an existing target is refused without --force and left as it was") {
        auto r = run_allseason({"copy", file, url});
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("already exists") != std::string::npos);
        CHECK(count(*base, url, "villages") == "20");
        auto forced = run_allseason({"copy", back, url, "--force"});
        INFO(forced.err);
        CHECK(forced.exit_code == 0);
    }
}

TEST_CASE("Every command works on a schema made with init and import", "[postgresql][cli]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto url = fresh_schema_url(*base, "init_import");
    const auto file = (dir / "same.sqlite").string();
    for (const auto& project : {url, file}) {
        REQUIRE(
            run_allseason({"init", project, "--crs", "VN2000:bac-giang", "--name", "Xã Đồng Tâm"})
                .exit_code == 0);
        for (const std::string layer : {"villages", "roads", "fords", "bridges", "facilities"}) {
            // The facilities come from the district's TCVN3 spreadsheet, the rest as GeoJSON.
            const auto r =
                layer == "facilities"
                    ? run_allseason({"import", project, layer,
                                     (example / "facilities_tcvn3.csv").string(), "--encoding",
                                     "tcvn3", "--source-crs", "VN2000:bac-giang"})
                    : run_allseason(
                          {"import", project, layer, (example / (layer + ".geojson")).string()});
            INFO(layer << ": " << r.err);
            REQUIRE(r.exit_code == 0);
        }
    }
    CHECK(answer("info", url).find("Xã Đồng Tâm") != std::string::npos);
    for (const auto& command : {"cutoff", "critical", "check", "crossings"}) {
        CHECK(answer(command, url) == answer(command, file));
    }
    CHECK(count(*base, url, "cutoff_results") != "0");
}

TEST_CASE("An edit made on the server (QGIS, psql) is seen by the next command",
          "[postgresql][edit]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto url = fresh_schema_url(*base, "anlac_edit");
    copy_to(build_anlac(dir).string(), url);
    const auto before = nlohmann::json::parse(answer("cutoff", url));
    REQUIRE(before["summary"]["villages_cut_off"].get<int>() > 0);
    // Every ford dry: nothing the rainy season closes is a ford any more.
    psql_value(*base, fmt::format("UPDATE \"{}\".fords SET flood_depth_m = 0, "
                                  "flood_depth_estimated_m = 0",
                                  schema_of(url)));
    const auto after = nlohmann::json::parse(answer("cutoff", url));
    CHECK(after["summary"]["villages_cut_off"].get<int>() <
          before["summary"]["villages_cut_off"].get<int>());
    // The same edit on a .sqlite copy made from the schema gives the same answer.
    const auto file = (dir / "edited.sqlite").string();
    copy_to(url, file);
    CHECK(nlohmann::json::parse(answer("cutoff", file)) == after);
}

TEST_CASE("Two writers of one schema run one after the other, eight schemas import at once",
          "[postgresql][concurrency]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto villages = (example / "villages.geojson").string();

    SECTION("two imports into one schema both land") {
        // Unserialised, both would start from the same copy and the second push would be
        // refused (the schema changed under it); serialised, the second starts from the first.
        const auto url = fresh_schema_url(*base, "two_writers");
        REQUIRE(run_allseason({"init", url, "--crs", "VN2000:bac-giang"}).exit_code == 0);
        REQUIRE(run_allseason({"import", url, "villages", villages}).exit_code == 0);
        const std::vector<std::string> layers{"fords", "bridges"};
        std::vector<command_result> results(2);
        std::vector<std::thread> writers;
        for (std::size_t i = 0; i < 2; ++i) {
            writers.emplace_back([&, i] {
                results[i] = run_allseason(
                    {"import", url, layers[i], (example / (layers[i] + ".geojson")).string()});
            });
        }
        for (auto& w : writers)
            w.join();
        for (std::size_t i = 0; i < 2; ++i) {
            INFO(results[i].err);
            CHECK(results[i].exit_code == 0);
            CHECK(count(*base, url, layers[i]) != "0");
        }
        CHECK(psql_value(*base, fmt::format("SELECT count(*) FROM \"{}\".import_log WHERE status "
                                            "= 'ok'",
                                            schema_of(url))) == "3");
    }

    SECTION("eight imports into eight schemas") {
        std::vector<std::string> urls;
        for (int i = 0; i < 8; ++i) {
            urls.push_back(fresh_schema_url(*base, fmt::format("commune_{}", i)));
        }
        std::vector<command_result> results(8);
        std::vector<std::thread> planners;
        for (int i = 0; i < 8; ++i) {
            planners.emplace_back([&, i] {
                auto made = run_allseason({"init", urls[i], "--crs", "VN2000:bac-giang"});
                results[i] = made.exit_code != 0
                                 ? made
                                 : run_allseason({"import", urls[i], "villages", villages});
            });
        }
        for (auto& p : planners)
            p.join();
        for (int i = 0; i < 8; ++i) {
            INFO(urls[i] << ": " << results[i].err);
            CHECK(results[i].exit_code == 0);
            CHECK(count(*base, urls[i], "villages") == "20");
        }
    }
}

namespace {

// `n` road segments in a grid, with the kinds of values an import binds: names with diacritics
// and without, whole and fractional widths, absent values (NULL), several words of each choice.
void write_roads(const std::filesystem::path& path, int n, int first) {
    static const char* classes[] = {"track", "village_axis", "commune_axis", "field"};
    static const char* surfaces[] = {"earth", "gravel", "concrete", "asphalt"};
    static const char* names[] = {"Đường Khe Rồ", "Ngầm tràn Bản Mới", "", "Lối ruộng thôn Đồng"};
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3405"}},"features":[)";
    for (int k = 0; k < n; ++k) {
        const int i = first + k;
        const double x = 500000 + (i % 300) * 25.0, y = 2300000 + (i / 300) * 25.0;
        const std::string name = names[i % 4];
        const std::string width = i % 5 == 0 ? "null" : i % 2 ? "4" : fmt::format("{}.25", i % 7);
        out << (k ? "," : "")
            << fmt::format(R"({{"type":"Feature","properties":{{"code":"R{}","name":{},)"
                           R"("class":"{}","surface":"{}","width_m":{}{}}},"geometry":)"
                           R"({{"type":"LineString","coordinates":[[{},{}],[{},{}],[{},{}]]}}}})",
                           i, name.empty() ? "null" : "\"" + name + " " + std::to_string(i) + "\"",
                           classes[i % 4], surfaces[(i / 4) % 4], width,
                           i % 3 ? R"(,"condition":"fair")" : "", x, y, x + 12.5, y + 0.125,
                           x + 20, y + 3);
    }
    out << "]}";
}

// Every row of a project file's table, blobs in hex, read with the sqlite3 program.
std::string file_rows(const std::string& file, const std::string& table) {
    auto r = run_program("/usr/bin/sqlite3",
                         {"-cmd", ".mode quote", file,
                          fmt::format("SELECT * FROM {} ORDER BY fid", table)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

} // namespace

TEST_CASE("A large import streams its rows to the schema as it writes them, exactly",
          "[postgresql][stream]") {
    // Past 10,000 rows an import sends its rows while it writes the local copy (pg_stream);
    // whatever path the rows took, the schema must hold the very rows a file import makes.
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto url = fresh_schema_url(*base, "streamed");
    const auto file = (dir / "same.sqlite").string();
    write_roads(dir / "first.geojson", 12000, 0);
    write_roads(dir / "more.geojson", 11000, 12000);
    for (const auto& project : {url, file}) {
        REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);
        for (const auto& [part, more] : {std::pair{"first.geojson", false},
                                          std::pair{"more.geojson", true}}) {
            std::vector<std::string> args{"import", project, "roads", (dir / part).string()};
            if (more) {
                args.emplace_back("--append"); // the stream starts with the rows already there
            }
            const auto r = run_allseason(args);
            INFO(part << ": " << r.err);
            REQUIRE(r.exit_code == 0);
        }
    }
    const auto schema = schema_of(url);
    CHECK(count(*base, url, "roads") == "23000");
    // Each row crossed to the server once per import that wrote it (a stream given up and
    // pushed again would count twice): 12,000 + 23,000.
    CHECK(psql_value(*base, fmt::format("SELECT n_tup_ins FROM pg_stat_user_tables WHERE "
                                        "schemaname = '{}' AND relname = 'roads'",
                                        schema)) == "35000");
    // The server's rows read back by another path (COPY out, into a new file) equal the
    // file project's, and the keys and GiST index were made again.
    const auto back = (dir / "back.sqlite").string();
    copy_to(url, back);
    CHECK(file_rows(back, "roads") == file_rows(file, "roads"));
    CHECK(psql_value(*base, fmt::format("SELECT count(*) FROM pg_indexes WHERE schemaname = '{}' "
                                        "AND tablename = 'roads'",
                                        schema)) == "2");
    CHECK(psql_value(*base, fmt::format("SELECT nextval(pg_get_serial_sequence('\"{}\".roads', "
                                        "'fid'))",
                                        schema)) == "23001");
    for (const std::string command : {"check", "crossings"}) { // (no villages: no cutoff)
        const auto on_server = run_allseason({command, url, "--format", "json"});
        const auto on_file = run_allseason({command, file, "--format", "json"});
        INFO(command << ": " << on_server.err);
        CHECK(on_server.exit_code == on_file.exit_code);
        CHECK(on_server.out == on_file.out);
        CHECK(!on_server.out.empty());
    }
}

TEST_CASE("kill -9 during an import leaves the schema as it was", "[postgresql][kill]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto url = fresh_schema_url(*base, "killed");
    copy_to(build_anlac(dir).string(), url);
    const auto cutoff_before = answer("cutoff", url);
    const auto counters_before = psql_value(
        *base, fmt::format("SELECT string_agg(table_name || counter, ',' ORDER BY table_name) "
                           "FROM \"{}\".allseason_changes",
                           schema_of(url)));
    // A large roads layer: long enough to be killed on the way.
    const auto big = dir / "roads_big.geojson";
    {
        std::ofstream out(big);
        out << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3405"}},"features":[)";
        for (int i = 0; i < 150000; ++i) {
            const double x = 500000 + (i % 400) * 20.0, y = 2300000 + (i / 400) * 20.0;
            out << (i ? "," : "")
                << fmt::format(
                       R"({{"type":"Feature","properties":{{"code":"R{}","class":"track","surface":"earth"}},"geometry":{{"type":"LineString","coordinates":[[{},{}],[{},{}]]}}}})",
                       i, x, y, x + 15, y);
        }
        out << "]}";
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(ALLSEASON_BINARY, ALLSEASON_BINARY, "import", url.c_str(), "roads", big.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    usleep(1500 * 1000);
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFSIGNALED(status)); // killed, not finished
    CHECK(psql_value(*base, fmt::format("SELECT string_agg(table_name || counter, ',' ORDER BY "
                                        "table_name) FROM \"{}\".allseason_changes",
                                        schema_of(url))) == counters_before);
    CHECK(answer("cutoff", url) == cutoff_before); // the killed copy is pulled again
}

TEST_CASE("A role that may only read: answers, stores nothing, a write exits 1 with the reason",
          "[postgresql][grants]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto url = fresh_schema_url(*base, "granted");
    const auto schema = schema_of(url);
    copy_to(build_anlac(dir).string(), url);
    const std::string role = "reader_" + std::to_string(getpid());
    psql(*base, fmt::format("DROP ROLE IF EXISTS {}", role));
    psql_value(*base, fmt::format("CREATE ROLE {0} LOGIN; GRANT USAGE ON SCHEMA \"{1}\" TO {0}; "
                                  "GRANT SELECT ON ALL TABLES IN SCHEMA \"{1}\" TO {0}",
                                  role, schema));
    // The same server as `base`, as the reading role.
    std::string as_reader = url;
    as_reader.replace(as_reader.find("postgres@"), 9, role + "@");
    const auto counters = fmt::format("SELECT string_agg(table_name || counter, ',' ORDER BY "
                                      "table_name) FROM \"{}\".allseason_changes",
                                      schema);
    const auto expected = answer("cutoff", url);
    const auto before = psql_value(*base, counters);

    auto refused =
        run_allseason({"import", as_reader, "villages", (example / "villages.geojson").string()});
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("permission denied") != std::string::npos);
    CHECK(refused.err.find("\"" + schema + "\"") != std::string::npos);
    CHECK(answer("cutoff", as_reader) == expected); // answered, stored nowhere
    CHECK(psql_value(*base, counters) == before);
    psql(*base, fmt::format("DROP OWNED BY {0}; DROP ROLE {0}", role));
}
