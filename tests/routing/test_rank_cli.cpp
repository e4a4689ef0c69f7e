// `allseason rank` end to end: two fords in series, JSON per contract §4, the portfolio under
// a budget, CSV, and the project_ranking table read back through GDAL.
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <gdal_priv.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

using namespace allseason;
using test::run_allseason;

namespace {

using strings = std::vector<std::string>;

// The centre at A; Bản Mòn at B behind two deep fords in series on one concrete road;
// Thôn Nà Đình at N on a spur before the second ford, behind the first.
std::filesystem::path two_fords(const test::temp_dir& dir) {
    const test::ascii_map map(R"(
A.....X.....M.....Y.....B
............N
)");
    const auto path = dir / "hai-ngam.sqlite";
    test::map_project p(path, map);
    p.road("R1", "AXMYB", "concrete", "commune_axis", "Đường Bản Mòn");
    p.road("R2", "MN", "concrete");
    p.ford("F1", map.at('X'), 0.9, "Ngầm Khuổi Hin").ford("F2", map.at('Y'), 0.7, "Ngầm Bản Mòn");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("BM", "Bản Mòn", 124, {2400, 150}, map.at('B'));
    p.village("ND", "Nà Đình", 56, {1200, -50}, map.at('N'));
    p.project_row("P01", "bridge", "approved", test::point_wkt(map.at('X')), 4000, "F1");
    p.project_row("P02", "bridge", "proposed", test::point_wkt(map.at('Y')), 4500, "F2");
    p.project_row("P03", "bridge", "done", test::point_wkt({5000, 5000}), 100);
    return path;
}

nlohmann::json rank_json(const std::filesystem::path& path, const strings& extra) {
    strings args{"rank", path.string(), "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_allseason(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

} // namespace

TEST_CASE("rank --format json: two fords in series", "[routing][rank][cli]") {
    test::temp_dir dir;
    const auto path = two_fords(dir);
    const auto j = rank_json(path, {"--budget", "10000"});
    CHECK(j["scenario"] == "rainy");
    CHECK(j["destination"] == "commune_centre");
    REQUIRE(j["projects"].size() == 2); // P03 is done: part of today's network, not listed
    const auto& first = j["projects"][0];
    CHECK(first["rank"] == 1);
    CHECK(first["code"] == "P01");
    CHECK(first["name"] == "Dự án P01");
    CHECK(first["kind"] == "bridge");
    CHECK(first["cost_million_vnd"] == 4000);
    CHECK(first["households_unflooded"] == 56); // Nà Đình, between the fords
    CHECK(first["villages_unflooded"] == strings{"ND"});
    CHECK(first["households_per_billion_vnd"] == Approx(14.0));
    CHECK(first["status"] == "approved");
    const auto& second = j["projects"][1];
    CHECK(second["rank"] == 2);
    CHECK(second["code"] == "P02");
    CHECK(second["households_unflooded"] == 0); // useless without P01
    CHECK(second["villages_unflooded"] == nlohmann::json::array());
    CHECK(second["households_per_billion_vnd"] == 0.0);
    CHECK(second["needs"] == strings{"P01"});
    CHECK(second["households_with_needs"] == 180);

    const auto& portfolio = j["portfolio"];
    CHECK(portfolio["budget_million_vnd"] == 10000);
    CHECK(portfolio["method"] == "exact");
    CHECK(portfolio["projects"] == strings{"P01", "P02"});
    CHECK(portfolio["cost_million_vnd"] == 8500);
    CHECK(portfolio["households_unflooded"] == 180);

    const auto& curve = j["curve"];
    REQUIRE(curve.size() == 2);
    CHECK(curve[0]["projects"] == strings{"P01"});
    CHECK(curve[1]["projects"] == strings{"P02"});
    CHECK(curve[1]["cumulative_cost_million_vnd"] == 8500);
    CHECK(curve[1]["cumulative_households_unflooded"] == 180);
}

TEST_CASE("rank: the budget decides, and the portfolio is written to the project",
          "[routing][rank][cli]") {
    test::temp_dir dir;
    const auto path = two_fords(dir);
    SECTION("a budget for the first bridge only") {
        const auto j = rank_json(path, {"--budget", "5000"});
        CHECK(j["portfolio"]["projects"] == strings{"P01"});
        CHECK(j["portfolio"]["households_unflooded"] == 56);
    }
    SECTION("no budget: no portfolio") {
        const auto j = rank_json(path, {});
        CHECK_FALSE(j.contains("portfolio"));
        CHECK(j["projects"].size() == 2);
    }
    SECTION("project_ranking reads back through GDAL with the projects' geometry") {
        rank_json(path, {"--budget", "10000"});
        rank_json(path, {"--scenario", "dry"});
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR));
        REQUIRE(ds);
        auto* layer = ds->GetLayerByName("project_ranking");
        REQUIRE(layer);
        layer->SetAttributeFilter("scenario = 'rainy'");
        std::map<std::string, std::int64_t> households;
        std::map<std::string, int> in_portfolio;
        for (auto& f : *layer) {
            const std::string code = f->GetFieldAsString("code");
            households[code] = f->GetFieldAsInteger64("households_unflooded");
            in_portfolio[code] = f->GetFieldAsInteger("in_portfolio");
            const auto* g = f->GetGeometryRef();
            REQUIRE(g);
            CHECK(wkbFlatten(g->getGeometryType()) == wkbPoint);
        }
        CHECK(households == std::map<std::string, std::int64_t>{{"P01", 56}, {"P02", 0}});
        CHECK(in_portfolio == std::map<std::string, int>{{"P01", 1}, {"P02", 1}});
        layer->SetAttributeFilter("scenario = 'dry'");
        CHECK(layer->GetFeatureCount() == 2);
    }
}

TEST_CASE("rank --format csv and table, and usage errors", "[routing][rank][cli]") {
    test::temp_dir dir;
    const auto path = two_fords(dir);
    const auto csv = run_allseason({"rank", path.string(), "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("rank,code,name,kind,status,cost_million_vnd,households_unflooded", 0) ==
          0);
    CHECK(csv.out.find("P02,Dự án P02,bridge,proposed,4500,0,,0.00,P01,") != std::string::npos);
    const auto table = run_allseason({"rank", path.string(), "--budget", "9000"});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("portfolio within 9000 million VND (exact): P01, P02") !=
          std::string::npos);
    CHECK(run_allseason({"rank", path.string(), "--budget", "-5"}).exit_code == 2);
    CHECK(run_allseason({"rank", path.string(), "--to", "chợ"}).exit_code == 2);
    CHECK(run_allseason({"rank", path.string(), "--scenario", "bão"}).exit_code == 2);
}
