// geometry_shaper: what each layer kind accepts, repairs and refuses (WKT in → WKT out).
#include "geo/geos.hpp"
#include "importers/geometry_repair.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

using namespace allseason;
using namespace allseason::importers;
using kind = layers::geometry_kind;

namespace {

std::vector<std::string> shape(kind k, const std::string& wkt, bool* repaired = nullptr) {
    geo::geos_context geos;
    geometry_shaper shaper(k, "layer", nullptr, false);
    const auto shaped = shaper.shape(geos.from_wkt(wkt).to_wkb());
    if (repaired) {
        *repaired = shaped.repaired;
    }
    std::vector<std::string> out;
    for (const auto& part : shaped.parts) {
        out.push_back(geos.from_wkb(part).to_wkt(0));
    }
    return out;
}

geometry_rejected::kind rejection(kind k, const geo::blob& wkb) {
    geometry_shaper shaper(k, "layer", nullptr, false);
    try {
        shaper.shape(wkb);
    } catch (const geometry_rejected& e) {
        return e.which();
    }
    FAIL("accepted");
    return geometry_rejected::kind::other;
}

} // namespace

TEST_CASE("lines: multi-part lines are split, degenerate parts dropped", "[importers][geometry]") {
    CHECK(shape(kind::line, "LINESTRING (0 0, 10 0)") ==
          std::vector<std::string>{"LINESTRING (0 0, 10 0)"});
    CHECK(shape(kind::line, "MULTILINESTRING ((0 0, 10 0), (10 0, 10 10))") ==
          std::vector<std::string>{"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 10 10)"});
    bool repaired = false;
    CHECK(shape(kind::line, "MULTILINESTRING ((0 0, 10 0), (5 5, 5 5))", &repaired) ==
          std::vector<std::string>{"LINESTRING (0 0, 10 0)"});
    CHECK(repaired);
    geo::geos_context geos;
    CHECK(rejection(kind::line, geos.from_wkt("LINESTRING (3 3, 3 3)").to_wkb()) ==
          geometry_rejected::kind::empty);
    CHECK(rejection(kind::line, geos.from_wkt("POINT (3 3)").to_wkb()) ==
          geometry_rejected::kind::mismatch);
}

TEST_CASE("polygons: stored as MultiPolygon, invalid ones repaired", "[importers][geometry]") {
    bool repaired = true;
    CHECK(shape(kind::polygon, "POLYGON ((0 0, 10 0, 10 10, 0 0))", &repaired) ==
          std::vector<std::string>{"MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)))"});
    CHECK_FALSE(repaired);
    const auto bowtie = shape(kind::polygon, "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))", &repaired);
    CHECK(repaired);
    REQUIRE(bowtie.size() == 1);
    geo::geos_context geos;
    const auto fixed = geos.from_wkt(bowtie[0]);
    CHECK(fixed.type() == geo::geometry_type::multi_polygon);
    CHECK(fixed.num_parts() == 2);
    CHECK(fixed.area() == Approx(50.0));
    CHECK(rejection(kind::polygon, geos.from_wkt("POLYGON EMPTY").to_wkb()) ==
          geometry_rejected::kind::empty);
}

TEST_CASE("points: one point per feature", "[importers][geometry]") {
    CHECK(shape(kind::point, "MULTIPOINT ((1 2))") == std::vector<std::string>{"POINT (1 2)"});
    geo::geos_context geos;
    CHECK(rejection(kind::point, geos.from_wkt("MULTIPOINT ((1 2), (3 4))").to_wkb()) ==
          geometry_rejected::kind::mismatch);
    CHECK(shape(kind::point_or_line, "MULTILINESTRING ((0 0, 1 1))") ==
          std::vector<std::string>{"LINESTRING (0 0, 1 1)"});
}

TEST_CASE("NaN coordinates are refused, degrees are checked", "[importers][geometry]") {
    geo::geos_context geos;
    auto wkb = geos.from_wkt("LINESTRING (0 0, 10 0)").to_wkb();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::memcpy(wkb.data() + 9 + 16, &nan, sizeof nan); // the second vertex's x
    CHECK(rejection(kind::line, wkb) == geometry_rejected::kind::empty);

    geometry_shaper degrees(kind::point, "fords", nullptr, true);
    CHECK_NOTHROW(degrees.shape(geos.from_wkt("POINT (106.1 21.1)").to_wkb()));
    try {
        degrees.shape(geos.from_wkt("POINT (600000 2330000)").to_wkb());
        FAIL("metres taken for degrees");
    } catch (const geometry_rejected& e) {
        CHECK(e.which() == geometry_rejected::kind::not_degrees);
    }
    REQUIRE(degrees.source_extent());
    CHECK(degrees.source_extent()->min_x == Approx(106.1));
}
