// layers::layer_writer: the bulk path (triggers set aside, CHECKs verified once, R-tree filled
// at the end) must leave a layer exactly as SpatiaLite's own triggers would.
#include "geo/errors.hpp"
#include "geo/geos.hpp"
#include "importers/import_fixture.hpp"
#include "layers/layer_writer.hpp"
#include "layers/project.hpp"

#include <catch2/catch.hpp>

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
    writer.insert(road("R2", "wood"), geos.line({{600010, 2330000}, {600020, 2330000}}).to_wkb());
    CHECK_THROWS_WITH(writer.finish(), Catch::Contains("fid 2") && Catch::Contains("surface"));
}
