// risk on small networks drawn as maps (contract §2 closure days, §4 risk): bottleneck routes
// worked by hand, vehicles, unknown depths, surfaces, hazard zones, household points.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "routing/cutoff.hpp"
#include "routing/risk.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>

using namespace allseason;
using test::ascii_map;
using test::map_project;

namespace {

using strings = std::vector<std::string>;

// Three routes from the centre A to Thôn Nà Lừa at Z (100 m cells):
//  R1 straight, 1,400 m: fords a (90 days) and b (5 days) — the shortest route;
//  R2 by D and E, ≈1,450 m: ford c (45 days) — the fewest closures;
//  R3 by F and G, ≈1,650 m: fords e (10 days) and f (20 days) — the fewest days.
const ascii_map three_routes(R"(
A....a...b....Z
..D.....c...E..
.F..e.....f..G.
)");

struct risk_by_code {
    std::map<std::string, routing::village_risk> villages;
    routing::risk_summary summary;
    const routing::village_risk& operator[](const std::string& code) const {
        return villages.at(code);
    }
    // "fords:f:20" for each limited_by entry (with ":unknown" for unmeasured fords).
    strings limited(const std::string& code) const {
        strings out;
        for (const auto& l : villages.at(code).limited_by) {
            out.push_back(fmt::format("{}:{}:{}{}", routing::to_string(l.layer), l.code, l.days,
                                      l.depth ? ":" + *l.depth : std::string()));
        }
        return out;
    }
};

risk_by_code risk_of(map_project& p, const std::string& vehicle = "motorbike") {
    layers::scenario_choice choice{"rainy", vehicle, std::nullopt};
    const auto rules = routing::scenario_rules::from(layers::resolve_scenario(p.project(), choice));
    const auto net = routing::load_network(p.project());
    const auto days = routing::closure_day_rules_from(layers::read_settings(p.project()));
    const auto answer =
        routing::compute_risk(net, rules, routing::destination::commune_centre, days);
    risk_by_code out;
    for (const auto& v : answer.villages)
        out.villages[net.villages[v.village].code] = v;
    out.summary = answer.summary;
    return out;
}

void ford_days(map_project& p, const std::string& code, std::optional<int> days) {
    auto stmt =
        p.project().db().prepare("UPDATE fords SET flooded_days_per_year = ? WHERE code = ?");
    stmt.bind(1, days ? std::optional<std::int64_t>(*days) : std::nullopt).bind(2, code).run();
}

// The commune of three_routes: depths 0.4 m everywhere but f (0.2 m, passable by car).
void make_three_routes(map_project& p) {
    const auto& m = p.map();
    p.road("R1", "AabZ").road("R2", "ADcEZ").road("R3", "AFefGZ");
    p.facility("UBND", "commune_centre", m.at('A'));
    p.village("NL", "Thôn Nà Lừa", 40, {m.at('Z').x, m.at('Z').y + 50}, m.at('Z'));
    for (char f : std::string("abce"))
        p.ford(std::string(1, f), m.at(f), 0.4, fmt::format("Ngầm {}", f));
    p.ford("f", m.at('f'), 0.2, "Ngầm f");
    for (const auto& [code, days] : {std::pair{"a", 90}, {"b", 5}, {"c", 45}, {"e", 10}, {"f", 20}})
        ford_days(p, code, days);
}

} // namespace

TEST_CASE("the bottleneck route is neither the shortest nor the one of fewest closures", "[risk]") {
    test::temp_dir dir;
    map_project p(dir / "ba.sqlite", three_routes);
    make_three_routes(p);
    // Motorbike (0.15 m): every ford closes. Nested closures: R1 is closed on a's 90 days (b's
    // 5 days fall inside them), R2 on c's 45, R3 on f's 20 (e's 10 inside) → min(90, 45, 20).
    const auto r = risk_of(p, "motorbike");
    CHECK(r["NL"].isolation_days_per_year == 20u);
    CHECK(r["NL"].household_days_per_year == 40 * 20);
    CHECK(r.limited("NL") == strings{"fords:f:20"});
    CHECK(r.summary.villages_isolated == 1);
    CHECK(r.summary.household_days_per_year == 800);

    // cutoff names the route of fewest closures (c alone), not the bottleneck's.
    const auto cut = test::cutoff_of(p);
    CHECK(cut.blocked("NL") == strings{"fords:c"});
}

TEST_CASE("vehicles change which fords close, so the days", "[risk]") {
    test::temp_dir dir;
    map_project p(dir / "xe.sqlite", three_routes);
    make_three_routes(p);
    // Car (0.30 m): f (0.2 m) stays open, R3 closes only on e's 10 days.
    auto car = risk_of(p, "car");
    CHECK(car["NL"].isolation_days_per_year == 10u);
    CHECK(car.limited("NL") == strings{"fords:e:10"});
    // Truck (0.50 m): every ford passes, never isolated.
    auto truck = risk_of(p, "truck");
    CHECK(truck["NL"].isolation_days_per_year == 0u);
    CHECK(truck["NL"].household_days_per_year == 0);
    CHECK(truck["NL"].limited_by.empty());
    CHECK(truck.summary.villages_isolated == 0);
}

TEST_CASE("a ford nobody measured closes and says so; defaults fill missing days", "[risk]") {
    test::temp_dir dir;
    map_project p(dir / "sau.sqlite", three_routes);
    make_three_routes(p);
    p.project().db().exec("UPDATE fords SET flood_depth_m = NULL WHERE code = 'e'");
    ford_days(p, "e", std::nullopt); // default_ford_days: 15
    auto car = risk_of(p, "car");
    CHECK(car["NL"].isolation_days_per_year == 15u);
    CHECK(car.limited("NL") == strings{"fords:e:15:unknown"});

    SECTION("the project's default_ford_days setting") {
        p.setting("default_ford_days", 7);
        CHECK(risk_of(p, "car").limited("NL") == strings{"fords:e:7:unknown"});
    }
    SECTION("unknown_fords = open keeps it open all year") {
        p.project().db().exec("UPDATE scenarios SET unknown_fords = 'open' WHERE name = 'rainy'");
        CHECK(risk_of(p, "car")["NL"].isolation_days_per_year == 0u);
    }
}

TEST_CASE("surfaces close for the rainy season, hazard zones their own days; the largest "
          "reason counts",
          "[risk]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A....a...b....Z
..D.....c...E..
.F..e.....f..G.
..............
..............W
)");
    map_project p(dir / "dat.sqlite", map);
    make_three_routes(p);
    // Thôn Khe Đá at W, on an earth spur from Z: closed 120 days (rainy_season_days), nested
    // over the 20 days of the best route to Z.
    p.road("R4", "ZW", "earth");
    p.village("KD", "Thôn Khe Đá", 12, {map.at('W').x + 50, map.at('W').y}, map.at('W'));
    auto r = risk_of(p, "motorbike");
    CHECK(r["NL"].isolation_days_per_year == 20u);
    CHECK(r["KD"].isolation_days_per_year == 120u);
    CHECK(r.limited("KD") == strings{"roads:R4:120"});
    CHECK(r.summary.household_days_per_year == 40 * 20 + 12 * 120);

    SECTION("rainy_season_days setting") {
        p.setting("rainy_season_days", 30);
        // Now the spur (30) is worse than the route to Z (20) still.
        CHECK(risk_of(p, "motorbike")["KD"].isolation_days_per_year == 30u);
        p.setting("rainy_season_days", 10);
        auto low = risk_of(p, "motorbike");
        CHECK(low["KD"].isolation_days_per_year == 20u);
        CHECK(low.limited("KD") == strings{"fords:f:20"});
    }
    SECTION("a hazard zone on R3 between e and f: 30 days, R2's 45 still worse") {
        const auto e = map.at('e'), f = map.at('f');
        p.hazard("rainy", test::box_wkt(e.x + 100, e.y - 50, f.x - 100, f.y + 50));
        p.project().db().exec("UPDATE hazard_zones SET days_per_year = 30");
        auto h = risk_of(p, "motorbike");
        CHECK(h["NL"].isolation_days_per_year == 30u);
        CHECK(h.limited("NL") == strings{"roads:R3:30"});
    }
    SECTION("two zones of different days over one part: the largest; null days: 5") {
        const auto e = map.at('e'), f = map.at('f');
        p.hazard("rainy", test::box_wkt(e.x + 100, e.y - 50, f.x - 100, f.y + 50));
        p.hazard("rainy", test::box_wkt(e.x + 200, e.y - 60, f.x - 200, f.y + 60));
        p.project().db().exec("UPDATE hazard_zones SET days_per_year = 25 WHERE fid = 1");
        auto h = risk_of(p, "motorbike");
        CHECK(h["NL"].isolation_days_per_year == 25u);
        p.project().db().exec("UPDATE hazard_zones SET days_per_year = 3 WHERE fid = 1");
        // Zone 1 now 3 days, zone 2 the default 5 days: the route stays at f's 20.
        CHECK(risk_of(p, "motorbike")["NL"].isolation_days_per_year == 20u);
    }
}

TEST_CASE("household points: the village's worst point, household-days summed", "[risk]") {
    test::temp_dir dir;
    const ascii_map map(R"(
A....a...b....Z
..D.....c...E..
.F..e.....f..G.
..............
..............W
)");
    map_project p(dir / "ho.sqlite", map);
    make_three_routes(p);
    p.road("R4", "ZW", "earth");
    p.village("KD", "Thôn Khe Đá", 99, {map.at('Z').x + 60, map.at('Z').y - 100});
    p.household("KD", {map.at('Z').x, map.at('Z').y + 10}); // by Z: 20 days
    p.household("KD", {map.at('Z').x, map.at('Z').y + 12}); // by Z: 20 days
    p.household("KD", {map.at('W').x, map.at('W').y - 10}); // by W: 120 days
    auto r = risk_of(p, "motorbike");
    CHECK(r["KD"].households == 3);
    CHECK(r["KD"].isolation_days_per_year == 120u);
    CHECK(r["KD"].household_days_per_year == 20 + 20 + 120);
    CHECK(r.limited("KD") == strings{"roads:R4:120"});
}

TEST_CASE("unknown households and places with no route even when dry", "[risk]") {
    test::temp_dir dir;
    map_project p(dir / "null.sqlite", three_routes);
    make_three_routes(p);
    p.point_village("CH", std::nullopt, std::nullopt, p.map().at('Z'));
    p.village("XA", "Bản Xa", 7, {9000, 9000}, geo::xy{9000, 9000});
    auto r = risk_of(p, "motorbike");
    CHECK(r["CH"].isolation_days_per_year == 20u);
    CHECK_FALSE(r["CH"].household_days_per_year.has_value());
    CHECK_FALSE(r["XA"].reachable_dry);
    CHECK_FALSE(r["XA"].isolation_days_per_year.has_value());
    CHECK_FALSE(r["XA"].household_days_per_year.has_value());
    CHECK(r.summary.villages_households_unknown == 1);
    CHECK(r.summary.villages_unreachable_dry == 1);
    CHECK(r.summary.household_days_per_year == 40 * 20);
}

TEST_CASE("limited_by: among bottleneck routes the fewest worst elements, then the shortest",
          "[risk]") {
    test::temp_dir dir;
    // Two 30-day routes: R1 through two 30-day fords (p, q), R2 longer through one (r) and a
    // 10-day ford (s). Both are closed 30 days; R2 has fewer 30-day elements.
    const ascii_map map(R"(
A...p...q...Z
..............
..r.......s..
)");
    map_project p(dir / "it.sqlite", map);
    p.road("R1", "ApqZ").road("R2", "ArsZ");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NL", "Thôn Nà Lừa", 10, {map.at('Z').x, map.at('Z').y + 50}, map.at('Z'));
    for (char f : std::string("pqrs"))
        p.ford(std::string(1, f), map.at(f), 0.4);
    for (const auto& [code, days] : {std::pair{"p", 30}, {"q", 30}, {"r", 30}, {"s", 10}})
        ford_days(p, code, days);
    auto r = risk_of(p, "car");
    CHECK(r["NL"].isolation_days_per_year == 30u);
    CHECK(r.limited("NL") == strings{"fords:r:30"});
    SECTION("equal counts: the shorter route") {
        ford_days(p, "q", 10);
        CHECK(risk_of(p, "car").limited("NL") == strings{"fords:p:30"});
    }
}
