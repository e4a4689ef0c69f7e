// The An Lạc example's indicators against its README table (examples/anlac/README.md, generated
// with tools/expected.json by the example's own independent implementation).
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

using namespace allseason;

namespace {

const std::filesystem::path example = std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac";

// The README's "### Indicators" table rows, first cell → value cell.
std::map<std::string, std::string> readme_indicators() {
    const std::string text = test::read_file(example / "README.md");
    const auto start = text.find("### Indicators");
    REQUIRE(start != std::string::npos);
    std::map<std::string, std::string> rows;
    std::istringstream lines(text.substr(start));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        if (line.rfind("###", 0) == 0) break;
        if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos) continue;
        const auto second = line.find(" | ", 2);
        const auto third = line.find(" | ", second + 3);
        rows[line.substr(2, second - 2)] = line.substr(second + 3, third - second - 3);
    }
    return rows;
}

} // namespace

TEST_CASE("the An Lạc indicators agree with the example's README table", "[indicators][anlac]") {
    test::temp_dir dir;
    auto r = test::run_allseason({"demo", (dir / "demo").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    r = test::run_allseason({"indicators", (dir / "demo" / "anlac.sqlite").string(), "--format",
                             "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::map<std::string, nlohmann::json> got;
    const auto answer = nlohmann::json::parse(r.out);
    for (const auto& ind : answer["indicators"]) got[ind["id"]] = ind;

    const auto readme = readme_indicators();
    auto row = [&](const std::string& start) {
        for (const auto& [label, value] : readme) {
            if (label.rfind(start, 0) == 0) return value;
        }
        FAIL("the README has no indicator row starting with " << start);
        return std::string();
    };
    // Each README value cell, and the same figures from our answer, written the README's way.
    auto percent = [](const nlohmann::json& ind) { return fmt::format("{:.1f}%", ind["value"].get<double>()); };
    const auto& commune = got["road_commune_hardened"];
    CHECK(row("commune-axis + inter-commune") ==
          fmt::format("{:.1f} of {:.1f} km = {}", commune["basis"]["hardened_km"].get<double>(),
                      commune["basis"]["total_km"].get<double>(), percent(commune)));
    const auto& village = got["road_village_hardened"];
    CHECK(row("village-axis road") ==
          fmt::format("{:.1f} of {:.1f} km = {}", village["basis"]["hardened_km"].get<double>(),
                      village["basis"]["total_km"].get<double>(), percent(village)));
    const auto& access = got["households_all_season_access"];
    CHECK(row("households with all-season access") == "1,567 of 1,850 = 84.7%");
    CHECK(access["basis"]["households_with_access"] == 1567);
    CHECK(access["basis"]["households"] == 1850);
    CHECK(percent(access) == "84.7%");
    CHECK(row("Rural Access Index") == "7,688 of 8,000 = 96.1%");
    CHECK(got["rural_access_index"]["basis"]["population_within_distance"] == 7688.0);
    CHECK(got["rural_access_index"]["basis"]["population"] == 8000.0);
    CHECK(row("villages with a culture house") == "17 of 20 = 85%");
    CHECK(got["villages_culture_house"]["basis"]["villages_with_culture_house"] == 17);
    CHECK(got["villages_culture_house"]["value"] == 85.0);
    CHECK(row("schools at standard level ≥ 1") == "3 of 4 = 75%");
    CHECK(got["schools_standard_1"]["value"] == 75.0);
    CHECK(row("schools at standard level 2") == "1 of 4");
    CHECK(got["schools_standard_2"]["basis"]["schools_level_2"] == 1);
    CHECK(got["schools_standard_2"]["basis"]["schools"] == 4);
    CHECK(row("households inside the Khe Rồ reserve core") == "7 (Khe Đin)");
    CHECK(got["households_in_reserve_core"]["value"] == 7.0);
    CHECK(got["households_in_reserve_core"]["basis"]["villages"] == "KD");
    const auto& forest = got["forest_certificate"];
    CHECK(row("forest parcels with a land-use certificate") ==
          fmt::format("{} of {} = {} ({:.0f} of {:.0f} ha)",
                      forest["basis"]["parcels_certified"].get<int>(),
                      forest["basis"]["parcels"].get<int>(), percent(forest),
                      forest["basis"]["area_certified_ha"].get<double>(),
                      forest["basis"]["area_ha"].get<double>()));
    CHECK(row("poor + near-poor households") == "193 + 201 of 1,850 = 21.30%");
    CHECK(got["poor_near_poor_share"]["value"] == 21.3);
    CHECK(got["poor_near_poor_share"]["basis"]["poor_households"] == 193);
    CHECK(got["poor_near_poor_share"]["basis"]["near_poor_households"] == 201);
    CHECK(row("health-station beds") == "6");
    CHECK(got["health_station_beds"]["value"] == 6.0);
    CHECK(got["health_station_beds"]["met"] == false);
}
