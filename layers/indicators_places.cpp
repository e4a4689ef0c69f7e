// Indicators about villages, schools, the reserve, forests, poverty and the health station.
#include "geo/sqlite.hpp"
#include "layers/indicators.hpp"
#include "layers/indicators_detail.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::layers::detail {

namespace {

constexpr double epsilon = 1e-9;

void set_value(indicator& ind, double value) {
    ind.value = value;
    const double t = ind.target.value_or(0);
    switch (ind.op) {
    case target_op::at_least:
        ind.met = value >= t - epsilon;
        break;
    case target_op::more_than:
        ind.met = value > t + epsilon;
        break;
    case target_op::less_than:
        ind.met = value < t - epsilon;
        break;
    case target_op::at_most:
        ind.met = value <= t + epsilon;
        break;
    case target_op::none:
        break;
    }
}

void set_share(indicator& ind, std::int64_t part, std::int64_t whole) {
    set_value(ind, 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    ind.detail_en = fmt::format("{} of {}", part, whole);
    ind.detail_vi = fmt::format("{}/{}", part, whole);
}

bool has_rows(geo::database& db, std::string_view table) {
    return db.query_int(fmt::format("SELECT EXISTS (SELECT 1 FROM {})", table)).value_or(0) != 0;
}

constexpr std::string_view culture_house_of_village =
    "EXISTS (SELECT 1 FROM facilities f WHERE f.kind = 'culture_house' AND "
    "(f.village_code = v.code OR (f.village_code IS NULL AND ST_Within(f.geom, v.geom))))";

indicator culture_houses(geo::database& db) {
    auto ind = make_indicator("villages_culture_house", "%", 100.0, target_op::at_least, "100%");
    auto stmt = db.prepare(
        fmt::format("SELECT v.code, {} FROM villages v ORDER BY v.code", culture_house_of_village));
    std::int64_t villages = 0;
    std::int64_t with = 0;
    std::vector<std::string> without;
    while (stmt.step()) {
        ++villages;
        if (stmt.get_int(1) != 0) {
            ++with;
        } else {
            without.push_back(stmt.get_text(0));
        }
    }
    ind.basis = {{"villages", villages},
                 {"villages_with_culture_house", with},
                 {"villages_without", fmt::format("{}", fmt::join(without, ", "))}};
    if (villages == 0) {
        ind.note_id = "note_no_villages";
        return ind;
    }
    set_share(ind, with, villages);
    return ind;
}

struct school_counts {
    std::int64_t schools = 0, level_1_or_2 = 0, level_2 = 0, unknown = 0;
};

school_counts count_schools(geo::database& db) {
    auto stmt =
        db.prepare("SELECT count(*), SUM(standard_level >= 1), SUM(standard_level >= 2), "
                   "SUM(standard_level IS NULL) FROM facilities WHERE kind IN ('kindergarten', "
                   "'primary_school', 'secondary_school')");
    school_counts c;
    if (stmt.step()) {
        c.schools = stmt.get_int(0);
        c.level_1_or_2 = stmt.get_optional_int(1).value_or(0);
        c.level_2 = stmt.get_optional_int(2).value_or(0);
        c.unknown = stmt.get_optional_int(3).value_or(0);
    }
    return c;
}

std::vector<basis_item> school_basis(const school_counts& c) {
    return {{"schools", c.schools},
            {"schools_level_1_or_2", c.level_1_or_2},
            {"schools_level_2", c.level_2},
            {"schools_level_unknown", c.unknown},
            {"kinds", std::string("kindergarten, primary_school, secondary_school")}};
}

indicator schools_level_1(const school_counts& c) {
    auto ind = make_indicator("schools_standard_1", "%", 100.0, target_op::at_least, "100%");
    ind.basis = school_basis(c);
    if (c.schools == 0) {
        ind.note_id = "note_no_schools";
        return ind;
    }
    set_share(ind, c.level_1_or_2, c.schools);
    return ind;
}

indicator schools_level_2(const school_counts& c) {
    // One school in six: 16.67 %; compared as counts so that 1 of 6 is exactly met.
    auto ind = make_indicator("schools_standard_2", "%", 100.0 / 6.0, target_op::at_least, "≥ 1/6");
    ind.basis = school_basis(c);
    if (c.schools == 0) {
        ind.note_id = "note_no_schools";
        return ind;
    }
    set_share(ind, c.level_2, c.schools);
    ind.met = c.level_2 * 6 >= c.schools;
    return ind;
}

indicator reserve_core(geo::database& db) {
    auto ind =
        make_indicator("households_in_reserve_core", "households", 0.0, target_op::at_most, "0");
    const auto cores =
        db.query_int("SELECT count(*) FROM reserve_zones WHERE zone = 'core'").value_or(0);
    ind.basis.push_back({"core_zones", cores});
    if (cores == 0) {
        ind.note_id = "note_no_core_zone";
    }
    constexpr std::string_view in_core =
        "EXISTS (SELECT 1 FROM reserve_zones z WHERE z.zone = 'core' AND "
        "ST_Intersects(z.geom, {}))";
    std::string sql;
    std::string method;
    if (has_rows(db, "households")) {
        method = "household_points";
        sql = fmt::format("SELECT h.village_code, count(*) FROM households h WHERE {} "
                          "GROUP BY h.village_code ORDER BY h.village_code",
                          fmt::format(fmt::runtime(in_core), "h.geom"));
    } else {
        // Without household points a village counts whole when its access point is inside.
        method = "village_access_point";
        sql = fmt::format(
            "SELECT v.code, v.households FROM villages v WHERE {} ORDER BY v.code",
            fmt::format(fmt::runtime(in_core),
                        "COALESCE((SELECT f.geom FROM facilities f WHERE f.kind = "
                        "'culture_house' AND f.village_code = v.code ORDER BY f.fid LIMIT 1), "
                        "ST_PointOnSurface(v.geom))"));
    }
    std::int64_t households = 0;
    std::vector<std::string> villages;
    auto stmt = db.prepare(sql);
    while (stmt.step()) {
        villages.push_back(stmt.get_text(0));
        if (stmt.is_null(1)) {
            ind.villages_households_unknown += 1; // in the core, households not known yet
        } else {
            households += stmt.get_int(1);
        }
    }
    ind.basis.push_back({"villages", fmt::format("{}", fmt::join(villages, ", "))});
    ind.basis.push_back({"method", method});
    set_value(ind, static_cast<double>(households));
    ind.detail_en = villages.empty()
                        ? std::string("none")
                        : fmt::format("{} ({})", households, fmt::join(villages, ", "));
    ind.detail_vi = villages.empty()
                        ? std::string("không")
                        : fmt::format("{} ({})", households, fmt::join(villages, ", "));
    return ind;
}

indicator forest_certificates(geo::database& db) {
    auto ind = make_indicator("forest_certificate", "%", 100.0, target_op::at_least, "100%");
    auto stmt = db.prepare("SELECT count(*), SUM(certificate), SUM(ST_Area(geom)), "
                           "SUM(CASE WHEN certificate = 1 THEN ST_Area(geom) ELSE 0 END) "
                           "FROM forest_parcels");
    std::int64_t parcels = 0, certified = 0;
    double area = 0, certified_area = 0;
    if (stmt.step()) {
        parcels = stmt.get_int(0);
        certified = stmt.get_optional_int(1).value_or(0);
        area = stmt.get_optional_double(2).value_or(0) / 10'000.0;
        certified_area = stmt.get_optional_double(3).value_or(0) / 10'000.0;
    }
    ind.basis = {{"parcels", parcels},
                 {"parcels_certified", certified},
                 {"area_ha", area},
                 {"area_certified_ha", certified_area}};
    if (parcels == 0) {
        ind.note_id = "note_no_forest_parcels";
        return ind;
    }
    set_share(ind, certified, parcels);
    ind.detail_en += fmt::format(" parcels ({:.0f} of {:.0f} ha)", certified_area, area);
    ind.detail_vi += fmt::format(" lô ({:.0f}/{:.0f} ha)", certified_area, area);
    return ind;
}

indicator poverty(geo::database& db) {
    auto ind = make_indicator("poor_near_poor_share", "%", 10.0, target_op::less_than, "< 10%");
    // The villages' figures are the commune's official statistics; household points are the
    // fallback when the villages carry none.
    // A village of unknown households is left out of both sides of the share.
    auto stmt = db.prepare(
        "SELECT SUM(households), SUM(CASE WHEN households IS NOT NULL THEN poor_households END), "
        "SUM(CASE WHEN households IS NOT NULL THEN near_poor_households END), "
        "SUM(households IS NULL) FROM villages");
    std::int64_t households = 0, poor = 0, near_poor = 0, unknown = 0;
    std::string method = "villages";
    if (stmt.step()) {
        households = stmt.get_optional_int(0).value_or(0);
        poor = stmt.get_optional_int(1).value_or(0);
        near_poor = stmt.get_optional_int(2).value_or(0);
        unknown = stmt.get_optional_int(3).value_or(0);
    }
    if (households == 0 && has_rows(db, "households")) {
        method = "household_points";
        auto points = db.prepare("SELECT count(*), SUM(poverty = 'poor'), "
                                 "SUM(poverty = 'near_poor') FROM households");
        points.step();
        households = points.get_int(0);
        unknown = 0;
        poor = points.get_optional_int(1).value_or(0);
        near_poor = points.get_optional_int(2).value_or(0);
    }
    ind.basis = {{"households", households},
                 {"poor_households", poor},
                 {"near_poor_households", near_poor},
                 {"villages_households_unknown", unknown},
                 {"method", method}};
    ind.villages_households_unknown = unknown;
    if (households == 0) {
        ind.note_id = "note_no_households";
        return ind;
    }
    set_share(ind, poor + near_poor, households);
    ind.detail_en = fmt::format("{} + {} of {}", poor, near_poor, households);
    ind.detail_vi = fmt::format("({} + {})/{}", poor, near_poor, households);
    return ind;
}

indicator health_beds(geo::database& db) {
    auto ind = make_indicator("health_station_beds", "beds", 10.0, target_op::at_least, "10");
    auto stmt = db.prepare("SELECT count(*), count(beds), SUM(beds) FROM facilities "
                           "WHERE kind = 'health_station'");
    std::int64_t stations = 0, recorded = 0, beds = 0;
    if (stmt.step()) {
        stations = stmt.get_int(0);
        recorded = stmt.get_int(1);
        beds = stmt.get_optional_int(2).value_or(0);
    }
    ind.basis = {{"health_stations", stations}, {"stations_with_beds_recorded", recorded}};
    if (stations == 0) {
        ind.note_id = "note_no_health_station";
        return ind;
    }
    if (recorded == 0) {
        ind.note_id = "note_no_beds_recorded";
        return ind;
    }
    ind.basis.push_back({"beds", beds});
    set_value(ind, static_cast<double>(beds));
    ind.detail_en = fmt::format("{} beds", beds);
    ind.detail_vi = fmt::format("{} giường", beds);
    return ind;
}

} // namespace

std::vector<indicator> place_indicators(project& p, const indicator_options&) {
    auto& db = p.db();
    const auto schools = count_schools(db);
    std::vector<indicator> out;
    out.push_back(culture_houses(db));
    out.push_back(schools_level_1(schools));
    out.push_back(schools_level_2(schools));
    out.push_back(reserve_core(db));
    out.push_back(forest_certificates(db));
    out.push_back(poverty(db));
    out.push_back(health_beds(db));
    return out;
}

} // namespace allseason::layers::detail
