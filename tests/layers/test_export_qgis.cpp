// The export seen by the real client: QGIS 3.22's Python API under /usr/bin/python3, offscreen
// (tests/qgis/check_export.py). Skipped, with a message, where QGIS is not installed.
#include "geo/gdal.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_export_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace allseason;

namespace {

const std::string python = "/usr/bin/python3";
const std::string script = std::string(ALLSEASON_SOURCE_DIR) + "/tests/qgis/check_export.py";

bool qgis_available() {
    if (!std::filesystem::exists(python)) return false;
    return test::run_program(python, {"-c", "import qgis.core"}).exit_code == 0;
}

// The renderer each table's default style must have in QGIS (layers/styles/catalog.cpp).
std::string renderer_of(std::string table) {
    if (table.ends_with("_lines")) table.resize(table.size() - 6);
    if (table == "roads" || table == "fords" || table == "bridges" || table == "projects" ||
        table == "project_ranking") {
        return "RuleRenderer";
    }
    if (table == "closed_roads" || table == "critical_elements" || table == "check_problems" ||
        table == "boundary") {
        return "singleSymbol";
    }
    return "categorizedSymbol";
}

// Runs the QGIS check on `gpkg`; the counts QGIS must see are GDAL's.
nlohmann::json check_with_qgis(const std::filesystem::path& gpkg, const test::temp_dir& dir) {
    nlohmann::json expected = {{"crs", "EPSG:9214"}, {"layers", nlohmann::json::object()}};
    auto ds = geo::vector_dataset::open(gpkg);
    for (const auto& name : ds.layer_names()) {
        if (name == "layer_styles") continue;
        expected["layers"][name] = {{"features", ds.layer(name).feature_count(true)},
                                    {"renderer", renderer_of(name)}};
    }
    expected["layers"]["villages"]["attribute"] = "cutoff_status";
    expected["layers"]["villages"]["labels"] = true;
    expected["layers"]["projects"]["labels"] = true;
    test::write_file(dir / "expected.json", expected.dump(1));
    const auto png = dir / (gpkg.stem().string() + ".png");
    auto r = test::run_program(python, {script, gpkg.string(), (dir / "expected.json").string(),
                                        png.string()});
    INFO("QGIS check stdout:\n" << r.out << "\nstderr:\n" << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(std::filesystem::file_size(png) > 10'000);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("QGIS opens the export styled, loads its project and renders it", "[export][qgis]") {
    if (!qgis_available()) {
        WARN("QGIS is not installed (apt-get install qgis python3-qgis qgis-providers): the "
             "QGIS check of the export is skipped");
        return;
    }
    test::temp_dir dir;
    const auto project = dir / "commune.sqlite";
    {
        test::project_builder b(project);
        test::build_small_commune(b);
        b.household("NT", 4, "poor", 480040, 2351000).household("KD", 6, "none", 490100, 2360100);
    }
    const auto out = dir / "An Lạc.gpkg"; // a Vietnamese file name, as planners name files
    auto r = test::run_allseason({"export", project.string(), out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto report = check_with_qgis(out, dir);
    const auto& p = report["report"]["project"];
    CHECK(p["name"] == "An Lạc thử nghiệm");
    CHECK(p["crs"] == "EPSG:9214");
    // Points over lines over polygons: projects first, forest parcels last.
    const auto& order = p["layers"];
    REQUIRE(order.size() >= 10);
    CHECK(order.front() == "Lỗi dữ liệu / data problems");
    CHECK(order.back() == "Lô rừng / forest parcels");
    CHECK(report["report"]["villages"]["styles"][0] == "allseason villages");
    CHECK(report["report"]["render"]["colours"].get<int>() > 20);
}

TEST_CASE("QGIS opens the An Lạc example's export", "[export][qgis][anlac]") {
    if (!qgis_available()) {
        WARN("QGIS is not installed: the QGIS check of the An Lạc export is skipped");
        return;
    }
    test::temp_dir dir;
    auto r = test::run_allseason({"demo", (dir / "demo").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto out = dir / "anlac-check.gpkg";
    r = test::run_allseason({"export", (dir / "demo" / "anlac.sqlite").string(), out.string()});
    REQUIRE(r.exit_code == 0);
    const auto report = check_with_qgis(out, dir);
    CHECK(report["report"]["villages"]["features"] == 20);
    CHECK(report["report"]["households"]["features"] == 1850);
}
