#include "geo/errors.hpp"
#include "geo/geos.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace allseason;

TEST_CASE("WKT and WKB round-trip, Z is dropped", "[geo][geos]") {
    geo::geos_context ctx;
    auto line = ctx.from_wkt("LINESTRING Z (0 0 5, 3 4 6)");
    CHECK(line.has_z());
    auto flat = line.force_2d();
    CHECK_FALSE(flat.has_z());
    CHECK(flat.length() == Approx(5.0));
    auto back = ctx.from_wkb(flat.to_wkb());
    CHECK(back.to_wkt() == "LINESTRING (0 0, 3 4)");
}

TEST_CASE("MakeValid repairs a bow-tie polygon", "[geo][geos]") {
    geo::geos_context ctx;
    auto bowtie = ctx.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))");
    CHECK_FALSE(bowtie.is_valid());
    CHECK_THAT(bowtie.invalid_reason(), Catch::Contains("Self-intersection"));
    auto fixed = bowtie.make_valid();
    CHECK(fixed.is_valid());
    CHECK(fixed.area() == Approx(50.0));
}

TEST_CASE("GEOS errors become data_error with GEOS's text", "[geo][geos]") {
    geo::geos_context ctx;
    CHECK_THROWS_AS(ctx.from_wkt("LINESTRING (0 0"), data_error);
}

TEST_CASE("point on surface lies inside a concave polygon", "[geo][geos]") {
    geo::geos_context ctx;
    auto u_shape = ctx.from_wkt("POLYGON ((0 0, 30 0, 30 30, 20 30, 20 10, 10 10, 10 30, 0 30, 0 0))");
    auto p = u_shape.point_on_surface();
    CHECK(u_shape.covers(p));
    geo::prepared_geometry prepared(u_shape);
    CHECK(prepared.contains_xy(p.as_xy()));
    CHECK_FALSE(prepared.contains_xy({15, 20}));
}

TEST_CASE("project and interpolate find the nearest point on a line", "[geo][geos]") {
    geo::geos_context ctx;
    auto road = ctx.line({{0, 0}, {100, 0}, {100, 50}});
    auto house = ctx.point({103, 20});
    const double along = road.project(house);
    CHECK(along == Approx(120.0));
    CHECK(road.interpolate(along) == geo::xy{100, 20});
}

TEST_CASE("the STRtree finds exactly the boxes that intersect a query", "[geo][geos]") {
    geo::geos_context ctx;
    geo::strtree tree(ctx);
    for (std::size_t i = 0; i < 100; ++i) {
        const double x = static_cast<double>(i % 10) * 10;
        const double y = static_cast<double>(i / 10) * 10;
        tree.insert({x, y, x + 5, y + 5}, i);
    }
    std::set<std::size_t> found;
    tree.query({12, 12, 27, 16}, [&](std::size_t id) { found.insert(id); });
    CHECK(found == std::set<std::size_t>{11, 12});
}

TEST_CASE("collections are built from parts", "[geo][geos]") {
    geo::geos_context ctx;
    std::vector<geo::geometry> parts;
    parts.push_back(ctx.polygon({{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}));
    parts.push_back(ctx.polygon({{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}));
    auto multi = ctx.collect(geo::geometry_type::multi_polygon, std::move(parts));
    CHECK(multi.type() == geo::geometry_type::multi_polygon);
    CHECK(multi.num_parts() == 2);
    CHECK(multi.part(1).rings()[0][0] == geo::xy{5, 5});
}
