// The indicators on the hand-made commune of test_export_fixture.cpp; every expected number
// is worked out by hand in the comment next to it.
#include "geo/errors.hpp"
#include "layers/indicators.hpp"
#include "layers/results.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"
#include "test_export_fixture.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

using namespace allseason;

namespace {

std::map<std::string, layers::indicator> by_id(const std::vector<layers::indicator>& list) {
    std::map<std::string, layers::indicator> out;
    for (const auto& ind : list) out[ind.id] = ind;
    return out;
}

template <class T> T basis(const layers::indicator& ind, const std::string& key) {
    for (const auto& item : ind.basis) {
        if (item.key == key) return std::get<T>(item.value);
    }
    FAIL("no basis item " << key << " in " << ind.id);
    return T{};
}

} // namespace

TEST_CASE("indicators of a small commune without household points", "[indicators]") {
    test::temp_dir dir;
    test::project_builder b(dir / "commune.sqlite");
    test::build_small_commune(b);
    layers::indicator_options options;
    options.access = layers::access_figures{"rainy", "commune_centre", 150, 100, 0, 50, 0,
                                            "routing"};
    const auto list = layers::compute_indicators(b.project(), options);
    REQUIRE(list.size() == 11);
    auto ind = by_id(list);

    // Commune-axis + inter-commune: R1 1000 m concrete + R3 500 m asphalt hardened, R2 500 m
    // gravel not: 1500 / 2000 = 75 %; target 100 % not met.
    const auto& commune = ind["road_commune_hardened"];
    CHECK(*commune.value == Approx(75.0));
    CHECK(commune.met == false);
    CHECK(basis<double>(commune, "commune_axis_km") == Approx(1.5));
    CHECK(basis<double>(commune, "commune_axis_hardened_km") == Approx(1.0));
    CHECK(basis<double>(commune, "inter_commune_hardened_km") == Approx(0.5));
    CHECK(commune.detail_en == "1.5 of 2.0 km");

    // Village axis: R4 900 m concrete of R4 + R5 (100 m earth) = 90 %: not MORE than 90 %.
    const auto& village = ind["road_village_hardened"];
    CHECK(*village.value == Approx(90.0));
    CHECK(village.met == false);
    CHECK(village.target_text == "> 90%");

    // All-season access, as the routing engine answered it: 100 of 150 = 66.67 %.
    const auto& access = ind["households_all_season_access"];
    CHECK(*access.value == Approx(200.0 / 3.0));
    CHECK(access.met == false);
    CHECK(basis<std::string>(access, "source") == "routing");

    // RAI: Nà Trắng's access point is its culture house (480050, 2351000), 111.8 m from the
    // end of the concrete R4 (the earth R5 beside it is not all-season): its 400 people count.
    // Khe Đin is 13 km from any road; it has no population, so 50 households x 3.6 = 180.
    // 400 / 580 = 68.97 %. The RAI has no target in the plan.
    const auto& rai = ind["rural_access_index"];
    CHECK(*rai.value == Approx(100.0 * 400.0 / 580.0));
    CHECK(basis<double>(rai, "population") == Approx(580.0));
    CHECK(basis<std::string>(rai, "method") == "village_population");
    CHECK(basis<std::string>(rai, "all_season_surfaces") == "asphalt, concrete, gravel");
    CHECK_FALSE(rai.met.has_value());
    CHECK_FALSE(rai.target.has_value());

    // Culture houses: Nà Trắng has one, Khe Đin none: 1 of 2.
    const auto& culture = ind["villages_culture_house"];
    CHECK(*culture.value == Approx(50.0));
    CHECK(basis<std::string>(culture, "villages_without") == "KD");

    // Schools: primary (level 2), secondary (1), kindergarten (0), Rõng campus (unknown):
    // level >= 1: 2 of 4 = 50 %; level 2: 1 of 4 = 25 %, and 1 x 6 >= 4, so "1 in 6" is met.
    CHECK(*ind["schools_standard_1"].value == Approx(50.0));
    CHECK(ind["schools_standard_1"].met == false);
    CHECK(basis<std::int64_t>(ind["schools_standard_1"], "schools_level_unknown") == 1);
    CHECK(*ind["schools_standard_2"].value == Approx(25.0));
    CHECK(ind["schools_standard_2"].met == true);

    // Reserve core: no household points, so Khe Đin counts whole (its point on surface lies
    // in the core): 50 households; target 0.
    const auto& core = ind["households_in_reserve_core"];
    CHECK(*core.value == Approx(50.0));
    CHECK(core.met == false);
    CHECK(basis<std::string>(core, "villages") == "KD");
    CHECK(basis<std::string>(core, "method") == "village_access_point");

    // Forest: L1 (1 ha) and L2 (2 ha) certified, L3 (1 ha) not: 2 of 3 = 66.67 %, 3 of 4 ha.
    const auto& forest = ind["forest_certificate"];
    CHECK(*forest.value == Approx(200.0 / 3.0));
    CHECK(basis<double>(forest, "area_ha") == Approx(4.0));
    CHECK(basis<double>(forest, "area_certified_ha") == Approx(3.0));

    // Poverty from the villages' figures: (5 + 4 + 2 + 1) / 150 = 8 % < 10 %: met.
    const auto& poor = ind["poor_near_poor_share"];
    CHECK(*poor.value == Approx(8.0));
    CHECK(poor.met == true);

    // The health station has 12 beds; the target is 10.
    CHECK(*ind["health_station_beds"].value == Approx(12.0));
    CHECK(ind["health_station_beds"].met == true);
}

TEST_CASE("indicators count household points where there are some", "[indicators]") {
    test::temp_dir dir;
    test::project_builder b(dir / "commune.sqlite");
    test::build_small_commune(b);
    const double x = 480000, y = 2350000;
    // Three Nà Trắng households next to its culture house (4 + 5 + 3 people), two Khe Đin
    // households inside the reserve core (6 + 2 people), 13 km from any road.
    b.household("NT", 4, "poor", x + 40, y + 1000)
        .household("NT", 5, "none", x + 60, y + 1000)
        .household("NT", 3, "near_poor", x + 50, y + 1010)
        .household("KD", 6, "none", x + 10100, y + 10100)
        .household("KD", 2, "poor", x + 10300, y + 10300);
    auto ind = by_id(layers::compute_indicators(b.project(), {}));
    // RAI: 4 + 5 + 3 = 12 of 20 people within 2 km of an all-season road = 60 %.
    CHECK(*ind["rural_access_index"].value == Approx(60.0));
    CHECK(basis<std::string>(ind["rural_access_index"], "method") == "household_members");
    // Reserve core: the two Khe Đin household points.
    CHECK(*ind["households_in_reserve_core"].value == Approx(2.0));
    CHECK(basis<std::string>(ind["households_in_reserve_core"], "method") == "household_points");
    // Poverty stays on the villages' official figures: 8 %.
    CHECK(*ind["poor_near_poor_share"].value == Approx(8.0));
    // No routing answer and no stored results: the access indicator says so.
    CHECK_FALSE(ind["households_all_season_access"].value.has_value());
    CHECK(ind["households_all_season_access"].note_id == "note_no_access_answer");
}

TEST_CASE("the access indicator falls back on stored cut-off results", "[indicators]") {
    test::temp_dir dir;
    test::project_builder b(dir / "commune.sqlite");
    test::build_small_commune(b);
    // Nà Trắng reaches the centre dry but 30 of its 100 households are cut off in the rain;
    // Khe Đin has no road: with access = 100 - 30 = 70 of 150 = 46.67 %.
    layers::replace_cutoff_results(
        b.project(), "rainy", "commune_centre",
        {{"NT", "Nà Trắng", 100, 50, 30, true, true, false, 12.0, std::nullopt, "[]", {}},
         {"KD", "Khe Đin", 50, 25, 0, false, false, false, std::nullopt, std::nullopt, "[]", {}}});
    auto ind = by_id(layers::compute_indicators(b.project(), {}));
    const auto& access = ind["households_all_season_access"];
    REQUIRE(access.value.has_value());
    CHECK(*access.value == Approx(70.0 / 150.0 * 100.0));
    CHECK(basis<std::int64_t>(access, "households_without_road") == 50);
    CHECK(basis<std::string>(access, "source") == "cutoff_results");
}

TEST_CASE("where the data cannot answer, the indicator says so", "[indicators]") {
    test::temp_dir dir;
    test::project_builder b(dir / "empty.sqlite");
    b.road("R1", "village_axis", "earth", test::segment(0, 0, 100, 0));
    auto ind = by_id(layers::compute_indicators(b.project(), {}));
    for (const char* id : {"road_commune_hardened", "villages_culture_house",
                           "schools_standard_1", "schools_standard_2", "forest_certificate",
                           "poor_near_poor_share", "health_station_beds", "rural_access_index"}) {
        INFO(id);
        CHECK_FALSE(ind[id].value.has_value());
        CHECK_FALSE(ind[id].met.has_value());
        CHECK_FALSE(ind[id].note_id.empty());
    }
    CHECK(ind["schools_standard_1"].note_id == "note_no_schools");
    CHECK(ind["health_station_beds"].note_id == "note_no_health_station");
    // A village-axis road that is all earth: 0 % hardened, a real answer.
    CHECK(*ind["road_village_hardened"].value == Approx(0.0));
}

TEST_CASE("every indicator text exists in both languages", "[indicators]") {
    for (const auto& id : layers::indicator_text_ids()) {
        INFO(id);
        const auto en = layers::indicator_text(id, layers::text_language::en);
        const auto vi = layers::indicator_text(id, layers::text_language::vi);
        CHECK_FALSE(en.empty());
        CHECK_FALSE(vi.empty());
        CHECK(en != id);
    }
    CHECK(layers::indicator_text("health_station_beds", layers::text_language::vi) ==
          "Số giường bệnh trạm y tế");
}

TEST_CASE("indicators on the command line: json, csv, table in two languages",
          "[indicators][cli]") {
    test::temp_dir dir;
    const auto path = dir / "commune.sqlite";
    {
        test::project_builder b(path);
        test::build_small_commune(b);
    }
    auto r = test::run_allseason({"indicators", path.string(), "--format", "json", "--lang",
                                  "vi"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto json = nlohmann::json::parse(r.out);
    REQUIRE(json["indicators"].size() == 11);
    const auto& first = json["indicators"][0];
    CHECK(first["id"] == "road_commune_hardened");
    CHECK(first["label"] == "Đường trục xã, liên xã được cứng hóa (nhựa/bê tông)");
    CHECK(first["value"] == 75.0);
    CHECK(first["unit"] == "%");
    CHECK(first["target"] == 100.0);
    CHECK(first["target_text"] == "100%");
    CHECK(first["met"] == false);
    CHECK(first["basis"]["commune_axis_km"] == 1.5);
    // The routing engine answers the access indicator: Nà Trắng's access point reaches the
    // centre over R4 (the ford F01 on it is 0.8 m deep: closed in the rain), so it is cut off;
    // Khe Đin has no road. 0 of 150 households.
    const auto& access = json["indicators"][2];
    CHECK(access["id"] == "households_all_season_access");
    CHECK(access["value"] == 0.0);
    CHECK(access["basis"]["source"] == "routing");
    CHECK(access["basis"]["households_cut_off"] == 100);
    const auto& rai = json["indicators"][3];
    CHECK(rai["met"].is_null());
    CHECK(rai["target"].is_null());

    r = test::run_allseason({"indicators", path.string(), "--format", "csv"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("id,label,value,unit,target,target_text,met,detail,note\n", 0) == 0);
    CHECK(r.out.find("\nhealth_station_beds,Health-station beds,12,beds,10.00,10,true,12 beds,") !=
          std::string::npos);

    r = test::run_allseason({"indicators", path.string(), "--lang", "vi"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Thôn có nhà văn hóa") != std::string::npos);
    CHECK(r.out.find("chưa đạt") != std::string::npos);

    r = test::run_allseason({"indicators", (dir / "missing.sqlite").string()});
    CHECK(r.exit_code == 1);
    r = test::run_allseason({"indicators", path.string(), "--lang", "fr"});
    CHECK(r.exit_code == 2);
}
