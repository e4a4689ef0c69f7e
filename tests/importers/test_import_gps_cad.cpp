// GPS and CAD sources (issue 11 point 5): a GPX file's waypoints as fords or facilities, the
// name standing in for the code; a source in a local engineering CRS names itself and asks
// for --source-crs.
#include "geo/errors.hpp"
#include "importers/import_fixture.hpp"
#include "support/run_command.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

std::filesystem::path write_waypoints(const temp_dir& dir, const std::vector<std::string>& names) {
    const auto source = dir / "ngam_tran.gpx";
    std::vector<source_row> rows;
    double lon = 106.050;
    for (const auto& name : names) {
        rows.push_back({fmt::format("POINT({} 21.12)", lon),
                        {cell{name}, cell{312.5}, cell{std::string("2024-07-01T08:00:00Z")}}});
        lon += 0.001;
    }
    write_source(
        source,
        {"GPX", "waypoints", wkbPoint, "EPSG:4326", {{"name"}, {"ele", 2}, {"time"}}, rows});
    return source;
}

} // namespace

TEST_CASE("GPX waypoints become fords; the name is the code", "[importers][gpx]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = write_waypoints(dir, {"Ngầm Nà Ó", "Ngầm Khuổi Nặm"});
    const auto summary = importers::import_layer(options(project, "fords", source));
    CHECK(summary.source_layer == "waypoints");
    CHECK(summary.imported == 2);
    const bool noted =
        std::any_of(summary.notes.begin(), summary.notes.end(),
                    [](const std::string& n) { return n.starts_with("code ← name"); });
    CHECK(noted);
    CHECK(query(project, "SELECT code, name, ifnull(flood_depth_m, 'NULL'), GeometryType(geom) "
                         "FROM fords ORDER BY fid") ==
          std::vector<std::string>{"Ngầm Nà Ó|Ngầm Nà Ó|NULL|POINT",
                                   "Ngầm Khuổi Nặm|Ngầm Khuổi Nặm|NULL|POINT"});
    // The point is where the GPS put it, in the project CRS.
    const auto [x, y] = gdal_transform("EPSG:4326", "EPSG:3405", 106.050, 21.12);
    CHECK(std::stod(query_one(project, "SELECT ST_Distance(geom, MakePoint(" + std::to_string(x) +
                                           ", " + std::to_string(y) +
                                           ", 3405)) FROM fords WHERE fid = 1")) < 0.01);
}

TEST_CASE("GPX waypoints become facilities of a given kind", "[importers][gpx][cli]") {
    temp_dir dir;
    const auto project = (dir / "xa.sqlite").string();
    REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);
    const auto source = write_waypoints(dir, {"Trạm y tế xã An Lạc", "Trạm y tế thôn Bản Vẽ"});
    const auto r = run_allseason(
        {"import", project, "facilities", source.string(), "--field", "kind==health_station"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("code ← name"));
    CHECK(query(project, "SELECT code, kind FROM facilities ORDER BY fid") ==
          std::vector<std::string>{"Trạm y tế xã An Lạc|health_station",
                                   "Trạm y tế thôn Bản Vẽ|health_station"});
    // Two waypoints of one name cannot both be the code: an error naming the rows.
    const auto twice = write_waypoints(dir, {"Ngầm", "Ngầm"});
    const auto again = run_allseason({"import", project, "fords", twice.string()});
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.err, Contains("row 2"));
}

TEST_CASE("a source in a local engineering CRS asks for --source-crs", "[importers][crs]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ban_ve_cau.shp";
    write_source(source, {"ESRI Shapefile",
                          "ban_ve_cau",
                          wkbPoint,
                          "LOCAL_CS[\"Ban ve cong truong\",UNIT[\"metre\",1]]",
                          {{"code"}, {"name"}},
                          {{"POINT(600000 2330000)", {"C01", "Cầu Nà Ó"}}}});
    const auto before = dump_layers(project);
    try {
        importers::import_layer(options(project, "bridges", source));
        FAIL("a local CRS was accepted");
    } catch (const crs_error& e) {
        CHECK_THAT(e.what(), Contains("ban_ve_cau.shp"));
        CHECK_THAT(e.what(), Contains("--source-crs"));
    }
    CHECK(dump_layers(project) == before);
    auto o = options(project, "bridges", source);
    o.source_crs = "EPSG:3405";
    CHECK(importers::import_layer(o).imported == 1);
    const auto r = run_allseason({"import", project.string(), "bridges", source.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("--source-crs"));
}
