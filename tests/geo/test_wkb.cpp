// geo::wkb_bounds against OGR's envelope of the same geometry, written by OGR in both byte
// orders, with Z and M, as single and multi geometries and collections.
#include "geo/wkb.hpp"

#include <catch2/catch.hpp>
#include <ogr_api.h>
#include <string>
#include <vector>

using namespace allseason;

namespace {

struct ogr_geometry {
    explicit ogr_geometry(const std::string& wkt) {
        char* text = const_cast<char*>(wkt.c_str());
        REQUIRE(OGR_G_CreateFromWkt(&text, nullptr, &handle) == OGRERR_NONE);
    }
    ~ogr_geometry() { OGR_G_DestroyGeometry(handle); }
    ogr_geometry(const ogr_geometry&) = delete;
    ogr_geometry& operator=(const ogr_geometry&) = delete;

    std::vector<unsigned char> iso_wkb(OGRwkbByteOrder order) const {
        std::vector<unsigned char> bytes(static_cast<std::size_t>(OGR_G_WkbSize(handle)));
        REQUIRE(OGR_G_ExportToIsoWkb(handle, order, bytes.data()) == OGRERR_NONE);
        return bytes;
    }

    OGRGeometryH handle = nullptr;
};

} // namespace

TEST_CASE("the box read off WKB bytes is OGR's envelope of the geometry", "[geo][wkb]") {
    const std::vector<std::string> shapes{
        "POINT (105.5 21.25)",
        "POINT Z (500000 2300000 120)",
        "LINESTRING (500000 2300000, 500012.5 2300000.125, 499990 2300003)",
        "LINESTRING M (1 2 7, -3 4 8)",
        "LINESTRING ZM (1 2 3 4, 5 -6 7 8, 0 0 0 0)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))",
        "MULTIPOINT ((1 1), (-2 5))",
        "MULTILINESTRING Z ((0 0 1, 1 1 2), (5 5 3, 7 -1 4))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((10 10, 12 10, 12 13, 10 10)))",
        "GEOMETRYCOLLECTION (POINT (-7 3), LINESTRING (0 0, 4 9), "
        "GEOMETRYCOLLECTION (POINT (20 -20)))",
    };
    for (const auto& wkt : shapes) {
        CAPTURE(wkt);
        ogr_geometry g(wkt);
        OGREnvelope expected;
        OGR_G_GetEnvelope(g.handle, &expected);
        for (const auto order : {wkbNDR, wkbXDR}) {
            CAPTURE(order == wkbNDR ? "little-endian" : "big-endian");
            const auto box = geo::wkb_bounds(g.iso_wkb(order));
            REQUIRE(box);
            CHECK((*box)[0] == expected.MinX);
            CHECK((*box)[1] == expected.MaxX);
            CHECK((*box)[2] == expected.MinY);
            CHECK((*box)[3] == expected.MaxY);
        }
    }
}

TEST_CASE("WKB without a coordinate, or cut short, has no box", "[geo][wkb]") {
    for (const std::string wkt : {"LINESTRING EMPTY", "POINT EMPTY", "GEOMETRYCOLLECTION EMPTY",
                                  "MULTIPOLYGON EMPTY"}) {
        CAPTURE(wkt);
        ogr_geometry g(wkt);
        CHECK_FALSE(geo::wkb_bounds(g.iso_wkb(wkbNDR)));
    }
    ogr_geometry line("LINESTRING (0 0, 1 1, 2 2)");
    auto bytes = line.iso_wkb(wkbNDR);
    bytes.resize(bytes.size() - 3);
    CHECK_FALSE(geo::wkb_bounds(bytes));
    CHECK_FALSE(geo::wkb_bounds(std::vector<unsigned char>{}));
    bytes = line.iso_wkb(wkbNDR);
    bytes[1] = 99; // no such geometry type
    CHECK_FALSE(geo::wkb_bounds(bytes));
}
