// layers::layer_writer: the bulk path (triggers set aside, CHECKs verified once, R-tree filled
// at the end) must leave a layer exactly as SpatiaLite's own triggers would.
#include "geo/errors.hpp"
#include "geo/geos.hpp"
#include "importers/import_fixture.hpp"
#include "layers/layer_writer.hpp"
#include "layers/project.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <limits>

using namespace allseason;
using namespace allseason::test;

namespace {

// CheckSpatialIndex writes its findings, so it needs a writable connection.
std::int64_t check_spatial_index(const std::filesystem::path& path) {
    auto db = geo::database::open(path, geo::open_mode::read_write);
    return db.query_int("SELECT CheckSpatialIndex('roads', 'geom')").value_or(-1);
}

std::vector<layers::field_value> road(const std::string& code, const std::string& surface) {
    return {code,
            std::string("Đường Nà Trắng"),
            std::string("village_axis"),
            surface,
            3.5,
            std::monostate{},  // condition
            std::monostate{}}; // structure
}

} // namespace

TEST_CASE("layer_writer fills the spatial index and puts the triggers back",
          "[importers][layer_writer]") {
    temp_dir dir;
    const auto path = make_project(dir, "EPSG:3405");
    const auto triggers = query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                      "tbl_name = 'roads' ORDER BY name");
    REQUIRE_FALSE(triggers.empty());
    geo::geos_context geos;
    {
        auto project = layers::project::open(path);
        geo::transaction tx(project.db());
        layers::layer_writer writer(project.db(), layers::layer("roads"), project.srid());
        for (int i = 0; i < 50; ++i) {
            const double x = 600000 + 10.0 * i;
            writer.insert(road("R" + std::to_string(i), "concrete"),
                          geos.line({{x, 2330000}, {x + 10, 2330005}}).to_wkb());
        }
        writer.finish();
        tx.commit();
    }
    CHECK(query(path, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                      "tbl_name = 'roads' ORDER BY name") == triggers);
    CHECK(query_one(path, "SELECT count(*) FROM idx_roads_geom") == "50");
    CHECK(check_spatial_index(path) == 1);
    // The restored triggers index what SQL inserts later.
    {
        auto db = geo::database::open(path, geo::open_mode::read_write);
        db.exec("INSERT INTO roads (code, class, surface, geom) VALUES ('R99', 'alley', 'earth', "
                "GeomFromText('LINESTRING(601000 2330000, 601010 2330000)', 3405))");
    }
    CHECK(query_one(path, "SELECT count(*) FROM idx_roads_geom") == "51");
    CHECK(check_spatial_index(path) == 1);
}

TEST_CASE("layer_writer still enforces the layer's CHECK constraints",
          "[importers][layer_writer]") {
    temp_dir dir;
    const auto path = make_project(dir, "EPSG:3405");
    geo::geos_context geos;
    auto project = layers::project::open(path);
    geo::transaction tx(project.db());
    layers::layer_writer writer(project.db(), layers::layer("roads"), project.srid());
    writer.insert(road("R1", "concrete"),
                  geos.line({{600000, 2330000}, {600010, 2330000}}).to_wkb());
    CHECK_THROWS_WITH(
        [&] {
            writer.insert(road("R2", "wood"),
                          geos.line({{600010, 2330000}, {600020, 2330000}}).to_wkb());
            writer.finish();
        }(),
        Catch::Contains("fid 2") && Catch::Contains("surface"));
}

namespace {

// Writes `rows` into a new project's roads layer; the error the writer gives, or "".
std::string write_roads(const temp_dir& dir, const std::string& name,
                        const std::vector<std::vector<layers::field_value>>& rows) {
    const auto path = make_project(dir, "EPSG:3405", name);
    geo::geos_context geos;
    auto project = layers::project::open(path);
    geo::transaction tx(project.db());
    layers::layer_writer writer(project.db(), layers::layer("roads"), project.srid());
    try {
        double x = 600000;
        for (const auto& values : rows) {
            writer.insert(values, geos.line({{x, 2330000}, {x + 10, 2330000}}).to_wkb());
            x += 10;
        }
        writer.finish();
    } catch (const data_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("CHECKs judged on the bound values agree with SQLite's judgement of the stored rows",
          "[importers][layer_writer]") {
    // The first row is either plain, or has a number for its TEXT code (a value whose stored
    // form the writer leaves to SQLite: then the whole import is checked by SQLite, in SQL).
    temp_dir dir;
    auto with_width = [](layers::field_value width, std::string surface = "earth") {
        auto values = road("R2", surface);
        values[4] = std::move(width);
        return values;
    };
    const std::vector<std::pair<std::vector<layers::field_value>, bool>> cases{
        {road("R2", "wood"), false},                              // not an allowed word
        {with_width(-1.0), false},                                // under the minimum
        {with_width(std::int64_t{-1}), false},                    // an integer in a REAL column
        {with_width(0.0), true},                                  // the minimum itself
        {with_width(std::numeric_limits<double>::quiet_NaN()), true}, // stored as NULL
        {with_width(std::monostate{}), true},
    };
    int n = 0;
    for (const auto& [second, passes] : cases) {
        CAPTURE(n);
        auto unsure_first = road("R1", "gravel");
        unsure_first[0] = std::int64_t{1}; // SQLite stores it as the text '1'
        const auto bound = write_roads(dir, fmt::format("bound{}.sqlite", n), {road("R1", "gravel"), second});
        const auto in_sql = write_roads(dir, fmt::format("sql{}.sqlite", n), {unsure_first, second});
        CHECK(bound == in_sql);
        CHECK(bound.empty() == passes);
        if (!passes) {
            CHECK_THAT(bound, Catch::Contains("fid 2"));
        }
        ++n;
    }
}
