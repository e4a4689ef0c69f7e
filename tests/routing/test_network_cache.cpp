// The compiled network kept in the project (issue 12): stored the first time, read back equal,
// rebuilt exactly when an input changes (through the triggers, whoever writes), never trusted
// when damaged or from another version, and safe against kill -9 while it is written.
#include "layers/network_store.hpp"
#include "routing/cutoff.hpp"
#include "routing/map_project.hpp"
#include "routing/network_cache.hpp"
#include "routing/search.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace allseason;
using test::ascii_map;
using test::map_project;

namespace {

// These tests are about the compiled network itself: they run with it on in both of the
// CTest runs (the second sets ALLSEASON_NETWORK_CACHE=off for the other routing tests).
struct cache_on {
    cache_on() { ::unsetenv("ALLSEASON_NETWORK_CACHE"); }
};

// Thôn Nà Ó reaches the centre over ford F1 or the long way round over earth road R3.
const ascii_map& small_map() {
    static const ascii_map map(R"(
A---B---C
|       |
D-------E
)");
    return map;
}

void fill_small(map_project& p) {
    const auto& map = p.map();
    p.road("R1", "AB").road("R2", "BC").road("R3", "ADEC", "earth");
    p.ford("F1", map.between('A', 'B', 0.5), 0.6, "Ngầm Khe Rồ");
    p.bridge("B1", map.between('D', 'E', 0.5));
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NO", "Nà Ó", 40, {map.at('C').x, map.at('C').y - 60}, map.at('C'));
    p.household("NO", {map.at('E').x, map.at('E').y + 30}, true);
    p.hazard("rainy", test::box_wkt(150, 150, 260, 260));
    p.project_row("P1", "bridge", "proposed", test::point_wkt(map.between('A', 'B', 0.5)), 900,
                  std::string("F1"));
}

routing::network load(layers::project& p, routing::network_origin& origin,
                      std::vector<std::string>* notes = nullptr, bool proposed = false) {
    routing::network_load_report report;
    auto net = routing::load_network(p, proposed, &report);
    origin = report.origin;
    if (notes)
        *notes = report.notes;
    return net;
}

// Every member that the analyses read, compared one by one.
void require_equal(const routing::network& a, const routing::network& b) {
    REQUIRE(a.node_count() == b.node_count());
    REQUIRE(a.edge_count() == b.edge_count());
    for (std::size_t i = 0; i < a.node_count(); ++i)
        REQUIRE(a.node_points[i] == b.node_points[i]);
    for (std::size_t e = 0; e < a.edge_count(); ++e) {
        const auto &x = a.edges[e], &y = b.edges[e];
        REQUIRE(std::tie(x.a, x.b, x.length_m, x.road, x.kind) ==
                std::tie(y.a, y.b, y.length_m, y.road, y.kind));
        REQUIRE(a.edge_spans[e].from_m == b.edge_spans[e].from_m);
        REQUIRE(a.edge_spans[e].to_m == b.edge_spans[e].to_m);
    }
    REQUIRE(a.points == b.points);
    REQUIRE(a.road_codes == b.road_codes);
    REQUIRE(a.road_names == b.road_names);
    REQUIRE(a.roads.size() == b.roads.size());
    for (std::size_t r = 0; r < a.roads.size(); ++r) {
        const auto &x = a.roads[r], &y = b.roads[r];
        REQUIRE(std::tie(x.fid, x.code, x.name, x.klass, x.surf, x.project, x.first_point,
                         x.point_count) == std::tie(y.fid, y.code, y.name, y.klass, y.surf,
                                                    y.project, y.first_point, y.point_count));
    }
    REQUIRE(a.places.size() == b.places.size());
    for (std::size_t i = 0; i < a.places.size(); ++i) {
        const auto &x = a.places[i], &y = b.places[i];
        REQUIRE(std::tie(x.kind, x.index, x.point, x.node, x.walk, x.walk_m) ==
                std::tie(y.kind, y.index, y.point, y.node, y.walk, y.walk_m));
    }
    REQUIRE(a.crossings.size() == b.crossings.size());
    for (std::size_t i = 0; i < a.crossings.size(); ++i) {
        REQUIRE(a.crossings[i].node == b.crossings[i].node);
        REQUIRE(a.crossings[i].distance_m == b.crossings[i].distance_m);
    }
    REQUIRE(a.edge_hazards == b.edge_hazards);
    REQUIRE(a.hazard_sets == b.hazard_sets);
    REQUIRE(a.hazard_scenarios == b.hazard_scenarios);
    REQUIRE(a.edge_on_bridge == b.edge_on_bridge);
    REQUIRE(a.node_first_crossing == b.node_first_crossing);
    REQUIRE(a.crossing_next == b.crossing_next);
    REQUIRE(a.village_access == b.village_access);
    REQUIRE(a.villages.size() == b.villages.size());
    for (std::size_t i = 0; i < a.villages.size(); ++i) {
        REQUIRE(a.villages[i].name == b.villages[i].name);
        REQUIRE(a.villages[i].households == b.villages[i].households);
        REQUIRE(a.villages[i].geom == b.villages[i].geom);
    }
    REQUIRE(a.fords.size() == b.fords.size());
    for (std::size_t i = 0; i < a.fords.size(); ++i) {
        REQUIRE(a.fords[i].name == b.fords[i].name);
        REQUIRE(a.fords[i].flood_depth_m == b.fords[i].flood_depth_m);
        REQUIRE(a.fords[i].point == b.fords[i].point);
    }
    REQUIRE(a.households.size() == b.households.size());
    REQUIRE(a.hazard_zones.size() == b.hazard_zones.size());
    REQUIRE(a.projects.size() == b.projects.size());
    for (std::size_t i = 0; i < a.projects.size(); ++i) {
        REQUIRE(a.projects[i].ford_code == b.projects[i].ford_code);
        REQUIRE(a.projects[i].status == b.projects[i].status);
    }
    REQUIRE(a.bridges.size() == b.bridges.size());
    for (std::size_t i = 0; i < a.bridges.size(); ++i)
        REQUIRE(a.bridges[i].points == b.bridges[i].points);
}

std::string cutoff_json(const std::filesystem::path& project) {
    const auto r = test::run_allseason({"cutoff", project.string(), "--format", "json"});
    INFO(r.err); // (once, in a PostgreSQL rerun after a kill at a tenth, it exited 1 unexplained)
    REQUIRE(r.exit_code == 0);
    return r.out;
}

std::string cutoff_json_built(const std::filesystem::path& project) {
    ::setenv("ALLSEASON_NETWORK_CACHE", "off", 1);
    const auto r = test::run_allseason({"cutoff", project.string(), "--format", "json"});
    ::unsetenv("ALLSEASON_NETWORK_CACHE");
    REQUIRE(r.exit_code == 0);
    return r.out;
}

} // namespace

TEST_CASE("the compiled network is stored once and read back equal to a fresh build",
          "[network-cache]") {
    const cache_on on;
    test::temp_dir dir;
    map_project p(dir / "t.sqlite", small_map());
    fill_small(p);
    routing::network_origin origin{};
    CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::absent);
    const auto first = load(p.project(), origin);
    CHECK(origin == routing::network_origin::built_and_stored);
    CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::current);
    const auto second = load(p.project(), origin);
    CHECK(origin == routing::network_origin::compiled);
    require_equal(routing::build_network(p.project()), second);
    require_equal(first, second);

    // The ranking's variant (with proposed roads) is stored beside today's.
    const auto with_proposed = load(p.project(), origin, nullptr, true);
    CHECK(origin == routing::network_origin::built_and_stored);
    load(p.project(), origin, nullptr, true);
    CHECK(origin == routing::network_origin::compiled);
    CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::current);
    require_equal(routing::build_network(p.project(), true), with_proposed);
}

TEST_CASE("a recompile leaves no byte of the stale network in the file (secure delete)",
          "[network-cache]") {
    // Households are personal data: once deleted, their points must be gone from the file,
    // from the stale network too (Debian's SQLite zeroes what it frees; the network is stored
    // compressed, so that zeroing stays cheap — and must stay on).
    const cache_on on;
    test::temp_dir dir;
    map_project p(dir / "t.sqlite", small_map());
    fill_small(p);
    const auto& map = p.map();
    std::vector<geo::xy> homes;
    for (int i = 0; i < 400; ++i) {
        homes.push_back({map.at('E').x + 0.015625 * i, map.at('E').y + 30.5});
        p.household("NO", homes.back());
    }
    routing::network_origin origin{};
    load(p.project(), origin);
    REQUIRE(origin == routing::network_origin::built_and_stored);
    const auto file_holds = [&](geo::xy point) {
        std::ifstream in(p.path(), std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const std::string pattern(reinterpret_cast<const char*>(&point), sizeof point);
        return bytes.find(pattern) != std::string::npos;
    };
    REQUIRE(file_holds(homes[200])); // stored in the network (and the layer)

    p.project().db().exec("DELETE FROM households");
    load(p.project(), origin);
    REQUIRE(origin == routing::network_origin::built_and_stored);
    for (const auto& home : homes) {
        REQUIRE_FALSE(file_holds(home));
    }
    CHECK(p.project().db().prepare("SELECT count(*) FROM network_cache_chunks").step());
}

TEST_CASE("any change of an input, by any writer, makes the compiled network stale",
          "[network-cache]") {
    const cache_on on;
    test::temp_dir dir;
    map_project p(dir / "t.sqlite", small_map());
    fill_small(p);
    routing::network_origin origin{};
    load(p.project(), origin);
    auto& db = p.project().db();
    const std::vector<std::string> edits{
        "UPDATE fords SET flood_depth_m = 0.1 WHERE code = 'F1'",
        "UPDATE roads SET surface = 'concrete' WHERE code = 'R3'",
        "DELETE FROM bridges",
        "UPDATE villages SET households = 41",
        "UPDATE facilities SET name = 'UBND xã An Lạc'",
        "DELETE FROM households",
        "UPDATE hazard_zones SET days_per_year = 9",
        "UPDATE projects SET status = 'done'",
        "UPDATE scenarios SET ford_depth_m = 0.4 WHERE name = 'rainy'",
        "UPDATE vehicles SET ford_depth_m = 0.2 WHERE name = 'motorbike'",
        "INSERT INTO allseason_metadata (key, value) VALUES ('snap_m', '2') "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    };
    for (const auto& sql : edits) {
        CAPTURE(sql);
        load(p.project(), origin);
        REQUIRE(routing::compiled_network_status(p.project()) == routing::compiled_status::current);
        db.exec(sql);
        CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::stale);
        const auto rebuilt = load(p.project(), origin);
        CHECK(origin == routing::network_origin::built_and_stored);
        require_equal(routing::build_network(p.project()), rebuilt);
    }
    // A write elsewhere (the metadata's `updated`, a result table) changes nothing.
    load(p.project(), origin);
    p.project().touch();
    db.exec("UPDATE allseason_metadata SET value = 'Xã An Lạc' WHERE key = 'name'");
    CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::current);
}

TEST_CASE("an import through the CLI counts as one change and the next answer sees it",
          "[network-cache]") {
    const cache_on on;
    test::temp_dir dir;
    {
        map_project p(dir / "t.sqlite", small_map());
        fill_small(p);
    }
    const auto project = dir / "t.sqlite";
    CHECK(cutoff_json(project) == cutoff_json_built(project));
    const auto info = test::run_allseason({"info", project.string(), "--format", "json"});
    REQUIRE(info.exit_code == 0);
    CHECK(nlohmann::json::parse(info.out)["network"] == "current");
    // Every ford replaced by a shallow one: the answer must follow.
    test::write_file(dir / "fords.csv", "code,name,flood_depth_m,x,y\nF9,Ngầm Nà Ó,0.1,250,100\n");
    const auto imported =
        test::run_allseason({"import", project.string(), "fords", (dir / "fords.csv").string(),
                             "--source-crs", "EPSG:32648"});
    REQUIRE(imported.exit_code == 0);
    const auto info_after = test::run_allseason({"info", project.string(), "--format", "json"});
    CHECK(nlohmann::json::parse(info_after.out)["network"] == "stale");
    CHECK(cutoff_json(project) == cutoff_json_built(project));
    CHECK(cutoff_json(project).find("F9") == std::string::npos); // F9 is shallow: never blocks
}

TEST_CASE("a damaged or foreign compiled network is rebuilt with a note, never trusted",
          "[network-cache]") {
    const cache_on on;
    test::temp_dir dir;
    map_project p(dir / "t.sqlite", small_map());
    fill_small(p);
    routing::network_origin origin{};
    const auto good = load(p.project(), origin);
    auto& db = p.project().db();
    std::vector<std::string> notes;

    SECTION("a flipped byte in a chunk") {
        db.exec("UPDATE network_cache_chunks SET data = CAST(zeroblob(length(data)) AS BLOB) "
                "WHERE variant = 0 AND seq = 0");
        const auto net = load(p.project(), origin, &notes);
        CHECK(origin == routing::network_origin::built_and_stored);
        REQUIRE(notes.size() == 1);
        CHECK_THAT(notes[0], Catch::Contains("damaged"));
        require_equal(good, net);
    }
    SECTION("a missing chunk") {
        db.exec("DELETE FROM network_cache_chunks WHERE variant = 0");
        load(p.project(), origin, &notes);
        CHECK(origin == routing::network_origin::built_and_stored);
        REQUIRE(notes.size() == 1);
        CHECK_THAT(notes[0], Catch::Contains("missing"));
    }
    SECTION("a header claiming fewer bytes than were stored") {
        db.exec("UPDATE network_cache SET bytes = bytes - 8");
        load(p.project(), origin, &notes);
        CHECK(origin == routing::network_origin::built_and_stored);
        REQUIRE(notes.size() == 1);
    }
    SECTION("another tool version") {
        db.exec("UPDATE network_cache SET tool_version = '0.0.1-other'");
        CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::stale);
        load(p.project(), origin, &notes);
        CHECK(origin == routing::network_origin::built_and_stored);
        REQUIRE(notes.size() == 1);
        CHECK_THAT(notes[0], Catch::Contains("another allseason"));
    }
    SECTION("a trigger dropped by another tool: nothing stored is trusted until it is back") {
        db.exec("DROP TRIGGER network_touch_roads_update");
        CHECK(routing::compiled_network_status(p.project()) == routing::compiled_status::absent);
        load(p.project(), origin);
        CHECK(origin == routing::network_origin::built);
        // Opening the project writable puts the trigger back and counts a change.
        auto reopened = layers::project::open(p.path(), true);
        CHECK(layers::network_generation(reopened.db()).has_value());
        CHECK(routing::compiled_network_status(reopened) == routing::compiled_status::stale);
    }
    // Whatever happened, the next load reads what was just stored.
    load(p.project(), origin);
    CHECK((origin == routing::network_origin::compiled ||
           origin == routing::network_origin::built_and_stored));
}

TEST_CASE("kill -9 while the compiled network is written leaves a project that answers right",
          "[network-cache][slow]") {
    const cache_on on;
    test::temp_dir dir;
    const auto path = dir / "grid.sqlite";
    {
        // A 60 × 60 lattice of separate road segments (7,080 roads), fords on every seventh
        // east-west segment, villages along the far edge.
        const ascii_map map("A");
        map_project p(path, map);
        auto& db = p.project().db();
        geo::transaction tx(db);
        const int n = 60;
        int road = 0, ford = 0;
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                const geo::xy at{500.0 + i * 100, 500.0 + j * 100};
                if (i + 1 < n) {
                    p.road_points(fmt::format("R{}", road++), {at, {at.x + 100, at.y}}, "gravel");
                    if ((i * n + j) % 7 == 0) {
                        p.ford(fmt::format("F{}", ford++), {at.x + 50, at.y}, 0.5 + (j % 3) * 0.1);
                    }
                }
                if (j + 1 < n) {
                    p.road_points(fmt::format("R{}", road++), {at, {at.x, at.y + 100}}, "earth");
                }
            }
        }
        p.facility("UBND", "commune_centre", {500, 500});
        for (int j = 0; j < n; j += 6) {
            p.village(fmt::format("V{}", j), fmt::format("Thôn Khe Rồ {}", j), 20 + j,
                      {500.0 + (n - 1) * 100 + 40, 500.0 + j * 100},
                      geo::xy{500.0 + (n - 1) * 100, 500.0 + j * 100});
        }
        tx.commit();
    }
    const auto reference = cutoff_json_built(path);
    // How long a first run takes, then kills at fractions of it.
    const auto start = std::chrono::steady_clock::now();
    cutoff_json(path);
    const auto full = std::chrono::steady_clock::now() - start;
    for (int tenth = 1; tenth <= 9; tenth += 2) {
        auto& db_path = path;
        {
            auto p = layers::project::open(db_path, true);
            p.db().exec("UPDATE network_state SET generation = generation + 1"); // force a rebuild
        }
        std::cout.flush();
        std::fflush(nullptr);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::freopen("/dev/null", "w", stdout);
            ::freopen("/dev/null", "w", stderr);
            const std::string program = ALLSEASON_BINARY;
            ::execl(program.c_str(), program.c_str(), "cutoff", db_path.c_str(), "--format", "csv",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        std::this_thread::sleep_for(full * tenth / 10);
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        CAPTURE(tenth);
        CHECK(cutoff_json(path) == reference);
        CHECK(cutoff_json(path) == reference); // now from the stored network
        const auto info = test::run_allseason({"info", path.string(), "--format", "json"});
        CHECK(nlohmann::json::parse(info.out)["network"] == "current");
    }
}
