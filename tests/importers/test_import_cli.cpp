// `allseason import` end to end: exit codes, the summary line, warnings on stderr.
#include "importers/import_fixture.hpp"
#include "support/run_command.hpp"

#include <catch2/catch.hpp>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

std::filesystem::path write_roads(const temp_dir& dir, const std::string& file = "duong.gpkg",
                                  const std::string& bad_width = "") {
    const auto source = dir / file;
    write_source(source, {"GPKG",
                          "duong",
                          wkbLineString,
                          "EPSG:3405",
                          {{"ma"}, {"ten"}, {"cap"}, {"mat"}, {"rong"}},
                          {{"LINESTRING(600000 2330000,600100 2330000)",
                            {"R01", "Đường trục xã", "trục xã", "BTXM", "3,5"}},
                           {"LINESTRING(600100 2330000,600200 2330000)",
                            {"R02", "Đường ra đồng", "nội đồng", "Đất",
                             bad_width.empty() ? std::string("2") : bad_width}}}});
    return source;
}

} // namespace

TEST_CASE("cli import: success prints the summary line", "[importers][cli]") {
    temp_dir dir;
    const auto project = (dir / "anlac.sqlite").string();
    REQUIRE(run_allseason({"init", project}).exit_code == 0);
    const auto source = write_roads(dir);
    const auto r = run_allseason({"import", project, "roads", source.string(), "--field",
                                  "surface=mat", "--field=class=cap", "--field", "width_m=rong"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("roads ← duong.gpkg") && Contains("2 rows read") &&
                          Contains("2 imported") && Contains("0 repaired") &&
                          Contains("0 skipped") && Contains(" s ("));
    CHECK_THAT(r.out, Contains("project CRS is now EPSG:3405"));
    CHECK_THAT(r.out, Contains("code ← ma") && Contains("name ← ten"));
    CHECK(r.err.find("importing:") == std::string::npos); // stderr is not a terminal here
    CHECK(query(project, "SELECT code, name, class, surface, width_m FROM roads ORDER BY fid") ==
          std::vector<std::string>{"R01|Đường trục xã|commune_axis|concrete|3.5",
                                   "R02|Đường ra đồng|field|earth|2.0"});

    const auto appended = run_allseason({"import", project, "roads", source.string(), "--append"});
    CHECK(appended.exit_code == 0);
    CHECK_THAT(appended.out, Contains("appended"));
    CHECK(query_one(project, "SELECT count(*) FROM roads") == "4");
}

TEST_CASE("cli import: usage errors exit 2, data errors exit 1", "[importers][cli]") {
    temp_dir dir;
    const auto project = (dir / "anlac.sqlite").string();
    REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);
    const auto source = write_roads(dir).string();

    const auto layer = run_allseason({"import", project, "cong", source});
    CHECK(layer.exit_code == 2);
    CHECK_THAT(layer.err, Contains("unknown layer \"cong\""));

    const auto target = run_allseason({"import", project, "roads", source, "--field", "loai=cap"});
    CHECK(target.exit_code == 2);
    CHECK_THAT(target.err, Contains("\"loai\" is not a field of roads"));

    const auto malformed = run_allseason({"import", project, "roads", source, "--field", "cap"});
    CHECK(malformed.exit_code == 2);
    CHECK_THAT(malformed.err, Contains("TARGET=SOURCE"));

    const auto constant =
        run_allseason({"import", project, "roads", source, "--field", "class==đường gỗ"});
    CHECK(constant.exit_code == 2);
    CHECK_THAT(constant.err, Contains("--field class==đường gỗ: field \"class\" is "
                                      "\"đường gỗ\" — not a known roads class"));

    const auto encoding =
        run_allseason({"import", project, "roads", source, "--encoding", "latin9"});
    CHECK(encoding.exit_code == 2);
    CHECK_THAT(encoding.err, Contains("latin9"));

    const auto crs =
        run_allseason({"import", project, "roads", source, "--source-crs", "EPSG:99999999"});
    CHECK(crs.exit_code == 2);
    CHECK_THAT(crs.err, Contains("--source-crs"));

    const auto missing = run_allseason({"import", project, "roads", (dir / "x.gpkg").string()});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Contains("x.gpkg") && Contains("no such file"));

    const auto bad = write_roads(dir, "duong_loi.gpkg", "hai mét").string();
    const auto data = run_allseason({"import", project, "roads", bad});
    CHECK(data.exit_code == 1);
    CHECK_THAT(data.err, Contains("duong_loi.gpkg row 2: field \"rong\" (width_m) is \"hai mét\" — "
                                  "expected a number"));
    CHECK(query_one(project, "SELECT count(*) FROM roads") == "0");
}

TEST_CASE("cli import: warnings go to stderr, the summary to stdout", "[importers][cli]") {
    temp_dir dir;
    const auto project = (dir / "anlac.sqlite").string();
    REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);
    const auto source = dir / "thon.geojson";
    write_source(source, {"GeoJSON",
                          "thon",
                          wkbPolygon,
                          "EPSG:3405",
                          {{"code"}, {"name"}, {"households", 1}},
                          {{"POLYGON((601000 2330000,601100 2330100,601100 2330000,601000 "
                            "2330100,601000 2330000))",
                            {"KN", "Khuổi Nặm", std::int64_t{30}}}}});
    const auto r = run_allseason({"import", project, "villages", source.string()});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("warning: thon.geojson row 1 (feature id 0): geometry repaired"));
    CHECK_THAT(r.out, Contains("1 repaired"));
    CHECK(r.out.find("warning") == std::string::npos);
}
