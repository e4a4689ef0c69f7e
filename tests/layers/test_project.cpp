#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "layers/features.hpp"
#include "layers/network_store.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

layers::project new_project(const std::filesystem::path& path) {
    return layers::project::create(path, geo::crs::from_user_text("VN2000:bac-giang"),
                                   {"An Lạc", false});
}

// What `sqlite3` with mod_spatialite, a client independent of ours, answers.
std::string sqlite3_cli(const std::filesystem::path& db, const std::string& sql) {
    auto r =
        test::run_program("/usr/bin/sqlite3", {db.string(), "-cmd", ".load mod_spatialite", sql});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

} // namespace

TEST_CASE("a new project is a small SpatiaLite file with every layer", "[layers]") {
    temp_dir dir;
    const auto path = dir / "anlac.sqlite";
    auto project = new_project(path);
    CHECK(project.metadata().name == "An Lạc");
    CHECK(project.metadata().crs_text == "EPSG:9214");
    CHECK(project.srid() == 9214);
    CHECK(project.metadata().schema_version == layers::schema_version);
    // InitSpatialMetadata(1, 'NONE') + the SRIDs in use, not the 6.6 MB EPSG table.
    CHECK(std::filesystem::file_size(path) < 1'000'000);
    CHECK(project.db().query_int("SELECT count(*) FROM spatial_ref_sys") < 5);
    CHECK(project.db().query_int("SELECT count(*) FROM scenarios WHERE name IN ('dry','rainy')") ==
          2);
    CHECK(project.layer_counts().size() == layers::source_layers().size());
}

TEST_CASE("GDAL's SQLite driver sees every layer with its geometry type and CRS", "[layers]") {
    temp_dir dir;
    const auto path = dir / "anlac.sqlite";
    new_project(path);
    auto ds = geo::vector_dataset::open(path);
    CHECK(ds.driver_name() == "SQLite");
    for (const auto& spec : layers::source_layers()) {
        INFO(spec.name);
        auto layer = ds.layer(spec.name);
        CHECK(layer.crs_authority() == "EPSG:9214");
        const std::string type = layer.geometry_type_name();
        switch (spec.geometry) {
        case layers::geometry_kind::point:
            CHECK(type == "Point");
            break;
        case layers::geometry_kind::line:
            CHECK(type == "Line String");
            break;
        case layers::geometry_kind::polygon:
            CHECK(type == "Multi Polygon");
            break;
        case layers::geometry_kind::point_or_line:
        case layers::geometry_kind::point_or_polygon:
            CHECK(type == "Unknown (any)");
            break;
        }
    }
}

TEST_CASE("sqlite3 with mod_spatialite sees valid geometry columns and spatial indexes",
          "[layers]") {
    temp_dir dir;
    const auto path = dir / "anlac.sqlite";
    {
        auto project = new_project(path);
        project.db().exec(
            "INSERT INTO roads (code, name, class, surface, geom) VALUES ('QL31', 'Quốc lộ 31', "
            "'national', 'asphalt', GeomFromText('LINESTRING(520000 2360000, 521000 2360500)', "
            "9214))");
        project.db().exec("INSERT INTO fords (code, name, flood_depth_m, geom) VALUES ('F07', "
                          "'Ngầm Nà Trắng', 0.8, GeomFromText('POINT(520500 2360250)', 9214))");
    }
    const std::string columns = sqlite3_cli(
        path, "SELECT f_table_name || ' ' || geometry_type || ' ' || srid FROM geometry_columns "
              "ORDER BY f_table_name");
    for (const auto& spec : layers::source_layers()) {
        // SpatiaLite's numeric types: 1 point, 2 line, 6 multipolygon, 0 any.
        const std::map<layers::geometry_kind, int> codes{
            {layers::geometry_kind::point, 1},
            {layers::geometry_kind::line, 2},
            {layers::geometry_kind::polygon, 6},
            {layers::geometry_kind::point_or_line, 0},
            {layers::geometry_kind::point_or_polygon, 0}};
        CHECK_THAT(columns, Catch::Contains(
                                fmt::format("{} {} 9214\n", spec.name, codes.at(spec.geometry))));
        CHECK(sqlite3_cli(path, fmt::format("SELECT CheckSpatialIndex('{}', 'geom')", spec.name)) ==
              "1\n");
    }
    CHECK(sqlite3_cli(path, "SELECT name FROM fords") == "Ngầm Nà Trắng\n");
}

TEST_CASE("the schema's constraints reject bad enumeration values and negatives", "[layers]") {
    temp_dir dir;
    auto project = new_project(dir / "p.sqlite");
    auto& db = project.db();
    CHECK_THROWS_WITH(
        db.exec("INSERT INTO roads (code, class, surface, geom) VALUES ('R1', 'highway', "
                "'asphalt', GeomFromText('LINESTRING(0 0, 1 1)', 9214))"),
        Catch::Contains("CHECK constraint failed"));
    CHECK_THROWS_AS(db.exec("INSERT INTO villages (code, name, households) VALUES ('NT', "
                            "'Nà Trắng', -3)"),
                    data_error);
    CHECK_THROWS_AS(db.exec("INSERT INTO projects (code, name, kind, cost_million_vnd, status) "
                            "VALUES ('P1', 'Cầu', 'bridge', 4500, 'dreamt')"),
                    data_error);
    // Unique codes except in roads, whose segments share their road's code.
    const std::string village_geom =
        "GeomFromText('MULTIPOLYGON(((0 0, 10 0, 10 10, 0 0)))', 9214)";
    db.exec("INSERT INTO villages (code, name, households, geom) VALUES ('NT', 'Nà Trắng', 124, " +
            village_geom + ")");
    CHECK_THROWS_WITH(db.exec("INSERT INTO villages (code, name, households, geom) VALUES ('NT', "
                              "'x', 1, " +
                              village_geom + ")"),
                      Catch::Contains("UNIQUE"));
    const std::string road = "INSERT INTO roads (code, class, surface, geom) VALUES ('R1', "
                             "'track', 'earth', GeomFromText('LINESTRING(0 0, 5 5)', 9214))";
    db.exec(road);
    CHECK_NOTHROW(db.exec(road));
    // Every feature has a geometry.
    CHECK_THROWS_AS(db.exec("INSERT INTO roads (code, class, surface) VALUES ('R2', 'track', "
                            "'earth')"),
                    data_error);
    // Points only in a point layer: SpatiaLite's triggers refuse a line.
    CHECK_THROWS(db.exec("INSERT INTO fords (code, name, flood_depth_m, geom) VALUES ('F1', 'x', "
                         "0.5, GeomFromText('LINESTRING(0 0, 1 1)', 9214))"));
}

TEST_CASE("Vietnamese names round-trip byte-exact", "[layers]") {
    temp_dir dir;
    const auto path = dir / "p.sqlite";
    const std::vector<std::string> names{
        "Nà Trắng",         "Đồng Khao", "Khe Rỗ", "Lê Viễn", "Biềng", "Nhà văn hóa thôn Tân Chung",
        "Ngầm tràn Khe Đin"};
    {
        auto project = new_project(path);
        auto insert = project.db().prepare(
            "INSERT INTO villages (code, name, households, geom) VALUES (?, ?, 10, "
            "GeomFromText('MULTIPOLYGON(((0 0, 10 0, 10 10, 0 0)))', 9214))");
        for (std::size_t i = 0; i < names.size(); ++i) {
            insert.bind(1, fmt::format("V{}", i)).bind(2, names[i]).run();
        }
    }
    auto reopened = layers::project::open(path, false);
    CHECK(reopened.metadata().name == "An Lạc");
    auto select = reopened.db().prepare("SELECT name FROM villages ORDER BY fid");
    for (const auto& name : names) {
        REQUIRE(select.step());
        CHECK(select.get_text(0) == name);
    }
    auto ds = geo::vector_dataset::open(path);
    auto villages = ds.layer("villages");
    for (const auto& name : names) {
        auto f = villages.next_feature();
        REQUIRE(f);
        CHECK(f->get_text(f->field_index("name")) == name);
    }
}

TEST_CASE("create refuses to overwrite, geographic CRSs, and leaves nothing on failure",
          "[layers]") {
    temp_dir dir;
    const auto path = dir / "p.sqlite";
    new_project(path);
    CHECK_THROWS_AS(new_project(path), usage_error);
    CHECK_NOTHROW(
        layers::project::create(path, geo::crs::from_user_text("EPSG:3405"), {"Thử", true}));
    CHECK(layers::project::open(path).metadata().crs_text == "EPSG:3405");
    CHECK_THROWS_WITH(
        layers::project::create(dir / "g.sqlite", geo::crs::from_user_text("EPSG:4326"), {}),
        Catch::Contains("geographic") && Catch::Contains("EPSG:3405"));
    CHECK_FALSE(std::filesystem::exists(dir / "g.sqlite"));
    CHECK_THROWS_AS(layers::project::create(dir / "no" / "such" / "dir.sqlite",
                                            geo::crs::from_user_text("EPSG:3405"), {}),
                    io_error);
    CHECK_FALSE(std::filesystem::exists(dir / "no"));
}

TEST_CASE("a project without a CRS takes one later", "[layers]") {
    temp_dir dir;
    const auto path = dir / "p.sqlite";
    auto project = layers::project::create(path, std::nullopt, {"An Lạc", false});
    CHECK_FALSE(project.has_crs());
    CHECK_FALSE(project.db().table_exists("roads"));
    CHECK_THROWS_AS(project.crs(), data_error);
    geo::transaction tx(project.db());
    project.set_crs(geo::crs::from_user_text("EPSG:3405"));
    tx.commit();
    CHECK(layers::project::open(path).srid() == 3405);
    CHECK(layers::project::open(path).db().table_exists("roads"));
}

TEST_CASE("a custom CRS gets its own SRID", "[layers]") {
    temp_dir dir;
    auto project = layers::project::create(
        dir / "p.sqlite",
        geo::crs::from_user_text("+proj=tmerc +lat_0=0 +lon_0=106.75 +k=0.9999 +x_0=500000 "
                                 "+y_0=0 +ellps=WGS84 +units=m +no_defs +type=crs"),
        {});
    CHECK(project.srid() >= 990001);
    CHECK_THAT(project.metadata().crs_text, Catch::Contains("106.75"));
    CHECK(project.crs().to_proj_string().find("+lon_0=106.75") != std::string::npos);
}

TEST_CASE("an older schema is migrated on open, a newer one refused", "[layers]") {
    temp_dir dir;
    const auto path = dir / "old.sqlite";
    new_project(path);
    {
        // Hand-make schema 1: no import log, projects without progress_pct and year.
        auto db = geo::database::open(path, geo::open_mode::read_write);
        db.exec(R"(
            SELECT DisableSpatialIndex('projects', 'geom');
            SELECT DiscardGeometryColumn('projects', 'geom');
            DROP TABLE idx_projects_geom;
            DROP TABLE projects;
            CREATE TABLE projects (fid INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL
              UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, ford_code TEXT, road_code TEXT,
              cost_million_vnd REAL NOT NULL, funding TEXT, status TEXT NOT NULL DEFAULT
              'proposed');
            SELECT AddGeometryColumn('projects', 'geom', 9214, 'GEOMETRY', 'XY', 1);
            SELECT CreateSpatialIndex('projects', 'geom');
            INSERT INTO projects (code, name, kind, cost_million_vnd, geom) VALUES ('P01',
              'Cầu dân sinh Nà Đình', 'bridge', 4500, GeomFromText('POINT(1 2)', 9214));
            DROP TABLE import_log;
            UPDATE allseason_metadata SET value = '1' WHERE key = 'schema_version';
        )");
    }
    auto project = layers::project::open(path);
    CHECK(project.metadata().schema_version == layers::schema_version);
    auto& db = project.db();
    CHECK(db.table_exists("import_log"));
    CHECK(db.query_text("SELECT name || '|' || progress_pct || '|' || ifnull(year, 'null') FROM "
                        "projects") == "Cầu dân sinh Nà Đình|0|null");
    CHECK_THROWS_AS(db.exec("UPDATE projects SET progress_pct = -5"), data_error);

    db.exec("UPDATE allseason_metadata SET value = '99' WHERE key = 'schema_version'");
    CHECK_THROWS_WITH(layers::project::open(path),
                      Catch::Contains("schema version 99") && Catch::Contains("newer"));
}

TEST_CASE("opening something that is not a project says so", "[layers]") {
    temp_dir dir;
    CHECK_THROWS_WITH(layers::project::open(dir / "missing.sqlite"),
                      Catch::Contains("missing.sqlite") && Catch::Contains("no such project"));
    geo::database::open(dir / "plain.sqlite", geo::open_mode::create).exec("CREATE TABLE t (x)");
    CHECK_THROWS_WITH(layers::project::open(dir / "plain.sqlite"),
                      Catch::Contains("not an allseason project"));
}

TEST_CASE("a schema 2 project is migrated to schema 3 and 4 keeping every row", "[layers]") {
    temp_dir dir;
    const auto path = dir / "v2.sqlite";
    new_project(path);
    {
        // Hand-make schema 2's villages and fords (NOT NULL households, depth and names;
        // villages only MultiPolygons), without vehicles and scenarios.unknown_fords.
        auto db = geo::database::open(path, geo::open_mode::read_write);
        db.exec(R"(
            SELECT DisableSpatialIndex('villages', 'geom');
            SELECT DiscardGeometryColumn('villages', 'geom');
            DROP TABLE idx_villages_geom;
            DROP TABLE villages;
            CREATE TABLE villages (fid INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL
              UNIQUE, name TEXT NOT NULL, households INTEGER NOT NULL, population INTEGER,
              ethnic_minority_households INTEGER NOT NULL DEFAULT 0, poor_households INTEGER NOT
              NULL DEFAULT 0, near_poor_households INTEGER NOT NULL DEFAULT 0,
              especially_difficult INTEGER NOT NULL DEFAULT 0);
            SELECT AddGeometryColumn('villages', 'geom', 9214, 'MULTIPOLYGON', 'XY', 1);
            SELECT CreateSpatialIndex('villages', 'geom');
            INSERT INTO villages (fid, code, name, households, geom) VALUES (7, 'NO', 'Nà Ó', 96,
              GeomFromText('MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0)))', 9214));
            SELECT DisableSpatialIndex('fords', 'geom');
            SELECT DiscardGeometryColumn('fords', 'geom');
            DROP TABLE idx_fords_geom;
            DROP TABLE fords;
            CREATE TABLE fords (fid INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL, flood_depth_m REAL NOT NULL, flooded_days_per_year INTEGER);
            SELECT AddGeometryColumn('fords', 'geom', 9214, 'POINT', 'XY', 1);
            SELECT CreateSpatialIndex('fords', 'geom');
            INSERT INTO fords (code, name, flood_depth_m, geom) VALUES ('F07', 'Ngầm Nà Trắng',
              0.8, GeomFromText('POINT(5 5)', 9214));
            DROP TABLE vehicles;
            ALTER TABLE scenarios DROP COLUMN unknown_fords;
            UPDATE allseason_metadata SET value = '2' WHERE key = 'schema_version';
        )");
    }
    auto project = layers::project::open(path);
    CHECK(project.metadata().schema_version == layers::schema_version);
    CHECK(project.db().table_exists("feedback")); // schema 5: the web map's tables
    auto& db = project.db();
    // Schema 4: the compiled network's bookkeeping, a counting trigger per input table and
    // event on the rebuilt tables too.
    REQUIRE(layers::network_generation(db).has_value());
    CHECK(db.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                       "('network_touch_fords_insert', 'network_touch_villages_update', "
                       "'network_touch_scenarios_delete')") == 3);
    const auto generation = layers::network_generation(db);
    CHECK(db.query_text("SELECT fid || '|' || name || '|' || households || '|' || "
                        "AsText(geom) FROM villages") ==
          "7|Nà Ó|96|MULTIPOLYGON(((0 0, 10 0, 10 10, 0 10, 0 0)))");
    CHECK(db.query_text("SELECT code || '|' || flood_depth_m || '|' || derived FROM fords") ==
          "F07|0.8|0");
    // What schema 3 allows: point villages of unknown households, unmeasured unnamed fords.
    db.exec("INSERT INTO villages (code, geom) VALUES ('KD', GeomFromText('POINT(20 20)', 9214))");
    db.exec("INSERT INTO fords (code, geom) VALUES ('X1', GeomFromText('POINT(1 1)', 9214))");
    CHECK(db.query_int("SELECT count(*) FROM villages WHERE households IS NULL") == 1);
    CHECK(db.query_int("SELECT count(*) FROM idx_villages_geom") == 2);
    CHECK(db.query_text("SELECT group_concat(name || ':' || ford_depth_m, ',') FROM vehicles") ==
          "motorbike:0.15,car:0.3,truck:0.5");
    CHECK(db.query_text("SELECT group_concat(unknown_fords) FROM scenarios") == "closed,closed");
    CHECK(db.table_exists("boundary"));
    CHECK(layers::network_generation(db) == *generation + 2); // the two inserts above
}

TEST_CASE("a vehicle overrides the scenario's ford depth and surfaces, --ford-depth the depth",
          "[layers]") {
    temp_dir dir;
    auto project = new_project(dir / "xe.sqlite");
    const auto rainy = layers::resolve_scenario(project, {});
    CHECK(rainy.name == "rainy");
    CHECK(rainy.ford_depth_m == 0.3);
    CHECK(rainy.closed_surfaces == std::vector<std::string>{"earth"});

    const auto truck = layers::resolve_scenario(project, {"rainy", "truck", std::nullopt});
    CHECK(truck.name == "rainy");
    CHECK(truck.ford_depth_m == 0.5);
    CHECK(truck.closed_surfaces == std::vector<std::string>{"earth", "gravel"});
    CHECK(truck.hazard_scenarios() == std::vector<std::string>{"rainy"});

    const layers::scenario_choice deep{"rainy", "motorbike", 0.6};
    const auto motorbike = layers::resolve_scenario(project, deep);
    CHECK(motorbike.ford_depth_m == 0.6);
    CHECK(motorbike.closed_surfaces == std::vector<std::string>{"earth"});
    CHECK(deep.result_key() == "rainy+motorbike@0.6m");
    CHECK(layers::scenario_choice{}.result_key() == "rainy");

    // The dry scenario closes no ford; a depth given makes it judge them.
    CHECK_FALSE(layers::resolve_scenario(project, {"dry", "", std::nullopt}).ford_depth_m);
    CHECK(layers::resolve_scenario(project, {"dry", "", 0.2}).ford_depth_m == 0.2);

    CHECK_THROWS_AS(layers::resolve_scenario(project, {"rainy", "xe trâu", std::nullopt}),
                    usage_error);
    CHECK_THROWS_WITH(layers::resolve_scenario(project, {"rainy", "xe trâu", std::nullopt}),
                      Catch::Contains("motorbike, car, truck"));
    CHECK_THROWS_AS(layers::resolve_scenario(project, {"rainy", "", -0.1}), usage_error);
}
