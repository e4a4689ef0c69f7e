#include "geo/errors.hpp"
#include "geo/proj.hpp"
#include "geo/vn2000.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <set>

using namespace allseason;

namespace {

double lon_0_of(const geo::crs& crs) {
    const std::string text = crs.to_proj_string();
    const auto at = text.find("+lon_0=");
    REQUIRE(at != std::string::npos);
    return std::stod(text.substr(at + 7));
}

std::string tm3_with_shift(double meridian, std::string_view towgs84) {
    return fmt::format("+proj=tmerc +lat_0=0 +lon_0={} +k=0.9999 +x_0=500000 +y_0=0 "
                       "+ellps=WGS84 +towgs84={} +units=m +no_defs +type=crs",
                       meridian, towgs84);
}

} // namespace

TEST_CASE("VN2000 province names resolve to the EPSG TM-3 zones", "[geo][proj]") {
    CHECK(geo::crs::from_user_text("VN2000:bac-giang").epsg_code() == 9214);
    CHECK(geo::crs::from_user_text("VN2000:bac-ninh").epsg_code() == 9209);
    CHECK(geo::crs::from_user_text("vn2000:Ha-Noi").epsg_code() == 5897);
    CHECK_THROWS_WITH(geo::crs::from_user_text("VN2000:an-lac"),
                      Catch::Contains("unknown VN-2000 province") &&
                          Catch::Contains("VN2000:bac-giang"));
}

TEST_CASE("every province's EPSG zone has the province's central meridian", "[geo][proj]") {
    std::set<std::string_view> slugs;
    for (const auto& province : geo::vn2000_provinces()) {
        INFO(province.slug);
        slugs.insert(province.slug);
        const auto crs = geo::crs::from_user_text(fmt::format("VN2000:{}", province.slug));
        CHECK(crs.epsg_code() == province.epsg);
        CHECK_FALSE(crs.is_geographic());
        CHECK(lon_0_of(crs) == Approx(province.central_meridian_deg));
        CHECK_THAT(crs.name(), Catch::StartsWith("VN-2000"));
    }
    CHECK(slugs.size() == 63);
}

TEST_CASE("WGS 84 to VN2000:bac-giang equals the TM-3 with EPSG:6960's shift within 1 mm",
          "[geo][proj]") {
    const auto wgs84 = geo::crs::from_user_text("EPSG:4326");
    const geo::transformation ours(wgs84, geo::crs::from_user_text("VN2000:bac-giang"));
    const geo::transformation reference(
        wgs84, geo::crs::from_user_text(tm3_with_shift(107.0, geo::vn2000_towgs84)));
    for (double lat = 21.15; lat <= 21.45; lat += 0.05) {
        for (double lon = 106.65; lon <= 107.05; lon += 0.05) {
            const auto a = ours.apply({lon, lat});
            const auto b = reference.apply({lon, lat});
            INFO(fmt::format("{} {} → {} {} vs {} {}", lon, lat, a.x, a.y, b.x, b.y));
            CHECK(std::hypot(a.x - b.x, a.y - b.y) < 0.001);
        }
    }
}

TEST_CASE("axis order is always easting then northing", "[geo][proj]") {
    const geo::transformation to_utm(geo::crs::from_user_text("EPSG:4326"),
                                     geo::crs::from_user_text("EPSG:32648"));
    const auto p = to_utm.apply({105.0, 21.0}); // lon, lat on the zone's central meridian
    CHECK(p.x == Approx(500000.0).margin(0.01));
    // 21° of meridian arc is about 2,322 km (21 × 110.6 km scaled by k0 = 0.9996).
    CHECK(p.y > 2'300'000);
    CHECK(p.y < 2'340'000);
}

TEST_CASE("flipped VN-2000 rotation signs are detected", "[geo][proj]") {
    const std::string flipped = tm3_with_shift(
        107.0,
        "-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278");
    const std::string right = tm3_with_shift(107.0, geo::vn2000_towgs84);
    CHECK(geo::check_vn2000_shift(flipped) == geo::vn2000_shift_check::flipped_rotations);
    CHECK(geo::check_vn2000_shift(right) == geo::vn2000_shift_check::correct);
    CHECK(geo::check_vn2000_shift("+proj=utm +zone=48 +datum=WGS84") ==
          geo::vn2000_shift_check::not_vn2000);
    CHECK(geo::check_vn2000_shift("PROJCS[\"x\",GEOGCS[\"VN-2000\",DATUM[\"Vietnam_2000\","
                                  "SPHEROID[\"WGS 84\",6378137,298.257223563],TOWGS84[-191.90441429,"
                                  "-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,"
                                  "0.252906278]]]]") == geo::vn2000_shift_check::flipped_rotations);

    // The flipped file puts points a fraction of a metre off: the reason we warn.
    const auto wgs84 = geo::crs::from_user_text("EPSG:4326");
    const auto a = geo::transformation(wgs84, geo::crs::from_user_text(right)).apply({106.8, 21.3});
    const auto b = geo::transformation(wgs84, geo::crs::from_user_text(flipped)).apply({106.8, 21.3});
    const double offset = std::hypot(a.x - b.x, a.y - b.y);
    CHECK(offset > 0.3);
    CHECK(offset < 1.5);
}

TEST_CASE("geographic CRSs are recognised, also behind a +towgs84", "[geo][proj]") {
    CHECK(geo::crs::from_user_text("EPSG:4326").is_geographic());
    CHECK(geo::crs::from_user_text("EPSG:4756").is_geographic());
    CHECK(geo::crs::from_user_text(
              fmt::format("+proj=longlat +ellps=WGS84 +towgs84={} +type=crs", geo::vn2000_towgs84))
              .is_geographic());
    CHECK_FALSE(geo::crs::from_user_text("EPSG:3405").is_geographic());
}

TEST_CASE("unknown CRS text is refused instead of matched loosely", "[geo][proj]") {
    CHECK_THROWS_AS(geo::crs::from_user_text("FOO"), crs_error);
    CHECK_THROWS_AS(geo::crs::from_user_text("EPSG:999999"), crs_error);
    CHECK(geo::crs::from_user_text("WGS 84").is_geographic()); // an exact name is fine
}

TEST_CASE("a PROJ string without +type=crs is read as a CRS", "[geo][proj]") {
    const auto crs = geo::crs::from_user_text(
        "+proj=tmerc +lat_0=0 +lon_0=107 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m");
    CHECK_FALSE(crs.is_geographic());
    CHECK(geo::crs::from_user_text("+proj=longlat +datum=WGS84").is_geographic());
}
