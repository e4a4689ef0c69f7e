// `import PROJECT all FILE` (contract §3): every tag rule of every layer on a small OSM file
// written here, compressed copies, damaged files, and the Andorra extract end to end.
#include "geo/errors.hpp"
#include "importers/import_fixture.hpp"
#include "importers/osm_all.hpp"
#include "importers/osm_xml.hpp"
#include "support/run_command.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <map>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

// What the file holds, by element code, for the checks.
struct commune_file {
    osm_xml xml;
    std::map<std::string, std::string> codes; // role → code ("road" → "w1000")
    std::pair<double, double> crossing;       // where the ford way meets the stream
    std::pair<double, double> dry_ford_from, dry_ford_to;
    std::pair<double, double> village_area_min, village_area_max;
};

std::string w(long id) {
    return "w" + std::to_string(id);
}
std::string n(long id) {
    return "n" + std::to_string(id);
}

commune_file commune() {
    commune_file f;
    auto& x = f.xml;
    // A tertiary road west–east at lat 21.000 with a ford node in its middle.
    const long a = x.node(105.800, 21.000);
    const long ford = x.node(105.805, 21.000, {{"ford", "yes"}, {"name", "Ngầm Nà Ó"}});
    const long b = x.node(105.810, 21.000);
    f.codes["road"] = w(x.way({a, ford, b}, {{"highway", "tertiary"}, {"name", "Đường Nà Ó"}}));
    f.codes["ford_node"] = n(ford);
    f.codes["ford_node_off_road"] =
        n(x.node(105.900, 21.100, {{"ford", "stepping_stones"}, {"name", "Ngầm xa"}}));
    // A stream north–south at lon 105.805 and a river passing under a road in a culvert.
    f.codes["stream"] = w(x.way_at({{105.805, 20.990}, {105.805, 21.010}},
                                   {{"waterway", "stream"}, {"name", "Suối Nà Ó"}}));
    x.way_at({{105.820, 20.990}, {105.820, 21.010}},
             {{"waterway", "river"}, {"tunnel", "culvert"}});
    x.way_at({{105.830, 20.990}, {105.830, 21.010}}, {{"waterway", "canal"}});
    x.way_at({{105.840, 20.990}, {105.840, 21.010}}, {{"waterway", "ditch"}});
    // Bridges: a footbridge, a viaduct, a bridge closed to motor vehicles, bridge=no.
    f.codes["footbridge"] = w(x.way_at({{105.801, 21.003}, {105.802, 21.003}},
                                       {{"highway", "footway"}, {"bridge", "yes"}}));
    f.codes["viaduct"] = w(x.way_at(
        {{105.801, 21.004}, {105.802, 21.004}},
        {{"highway", "secondary"}, {"bridge", "viaduct"}, {"surface", "concrete:plates"}}));
    f.codes["no_motor"] =
        w(x.way_at({{105.801, 21.005}, {105.802, 21.005}},
                   {{"highway", "residential"}, {"bridge", "yes"}, {"motor_vehicle", "no"}}));
    f.codes["tunnel"] = w(x.way_at({{105.801, 21.006}, {105.802, 21.006}},
                                   {{"highway", "unclassified"}, {"tunnel", "yes"}}));
    f.codes["not_bridge"] = w(
        x.way_at({{105.801, 21.007}, {105.802, 21.007}}, {{"highway", "track"}, {"bridge", "no"}}));
    x.way_at({{105.801, 21.008}, {105.802, 21.008}}, {{"highway", "path"}});
    // Highway ways with ford=yes: one meets the stream, one meets no waterway.
    f.crossing = {105.805, 21.002};
    f.codes["ford_way"] = w(
        x.way_at({{105.803, 21.002}, {105.809, 21.002}}, {{"highway", "track"}, {"ford", "yes"}}));
    f.dry_ford_from = {105.850, 21.050};
    f.dry_ford_to = {105.860, 21.050};
    f.codes["dry_ford_way"] =
        w(x.way_at({f.dry_ford_from, f.dry_ford_to}, {{"highway", "track"}, {"ford", "yes"}}));
    // Facilities by tag.
    const std::vector<std::pair<std::string, osm_tags>> tagged = {
        {"commune_centre", {{"amenity", "townhall"}, {"name", "UBND xã An Lạc"}}},
        {"health_station", {{"amenity", "clinic"}}},
        {"health_station", {{"amenity", "doctors"}}},
        {"health_station", {{"amenity", "hospital"}, {"name", "Bệnh viện huyện"}}},
        {"kindergarten", {{"amenity", "kindergarten"}}},
        {"secondary_school", {{"amenity", "school"}, {"name", "Trường THCS Nà Ó"}}},
        {"secondary_school", {{"amenity", "school"}, {"name", "Truong Trung hoc co so Ban Phu"}}},
        {"secondary_school", {{"amenity", "school"}, {"name", "Bac Son Secondary School"}}},
        {"primary_school", {{"amenity", "school"}, {"name", "Trường Tiểu học Nà Ó"}}},
        {"primary_school", {{"amenity", "school"}}},
        {"culture_house", {{"amenity", "community_centre"}}},
        {"market", {{"amenity", "marketplace"}}},
        {"water_station", {{"man_made", "water_works"}}},
        // Vietnamese name prefixes, with and without accents, any case.
        {"commune_centre", {{"name", "ubnd xa Phu Luong"}}},
        {"health_station", {{"name", "Trạm Y tế xã An Lạc"}}},
        {"kindergarten", {{"name", "TRƯỜNG MẦM NON Hoa Sen"}}},
        {"primary_school", {{"name", "Truong tieu hoc Kim Dong"}}},
        {"secondary_school", {{"name", "Trường THCS Lê Lợi"}}},
        {"culture_house", {{"name", "Nhà văn hoá thôn Nà Ó"}}},
        {"culture_house", {{"name", "Nha van hoa ban Ve"}}},
        {"market", {{"name", "Chợ Nà Ó"}}},
        {"market", {{"name", "CHO PHIEN"}}},
    };
    double lon = 105.700;
    for (const auto& [kind, tags] : tagged) {
        f.codes["facility:" + std::to_string(f.codes.size())] =
            kind + "=" + n(x.node(lon, 21.02, tags));
        lon += 0.001;
    }
    // Not facilities: an amenity of no listed kind, names that only look like a prefix, a bus
    // stop named after the market.
    x.node(105.760, 21.02, {{"amenity", "restaurant"}, {"name", "Quán Chợ"}});
    x.node(105.761, 21.02, {{"name", "Chòm Đá"}});
    x.node(105.762, 21.02, {{"highway", "bus_stop"}, {"name", "Chợ Mới"}});
    // A school area (closed way) and a market multipolygon relation.
    f.codes["school_area"] =
        w(x.closed_way_at({{105.70, 21.03}, {105.701, 21.03}, {105.701, 21.031}, {105.70, 21.031}},
                          {{"amenity", "school"}, {"name", "Trường THPT Nà Ó"}}));
    const long outer = x.closed_way_at(
        {{105.71, 21.03}, {105.711, 21.03}, {105.711, 21.031}, {105.71, 21.031}}, {});
    f.codes["market_relation"] =
        "r" + std::to_string(x.multipolygon(outer, {{"amenity", "marketplace"}, {"name", "Chợ"}}));
    // Villages: nodes of each listed place, a place=city node, and a village area.
    for (const char* place : {"village", "hamlet", "isolated_dwelling", "neighbourhood", "town"}) {
        f.codes[std::string("place:") + place] =
            n(x.node(105.75, 21.04, {{"place", place}, {"name", std::string("Bản ") + place}}));
    }
    f.codes["hamlet"] = n(x.node(105.751, 21.04, {{"place", "hamlet"}, {"name", "Bản Nà Ó"}}));
    x.node(105.752, 21.04, {{"place", "city"}, {"name", "Thành phố"}});
    f.village_area_min = {105.76, 21.04};
    f.village_area_max = {105.77, 21.05};
    f.codes["village_area"] =
        w(x.closed_way_at({{105.76, 21.04}, {105.77, 21.04}, {105.77, 21.05}, {105.76, 21.05}},
                          {{"place", "village"}, {"name", "Thôn Khuổi Khon"}}));
    return f;
}

importers::import_options all_options(const std::filesystem::path& project,
                                      const std::filesystem::path& source) {
    return options(project, "all", source);
}

const importers::osm_layer_summary& layer_of(const importers::osm_import_summary& s,
                                             const std::string& name) {
    for (const auto& l : s.layers) {
        if (l.layer == name) {
            return l;
        }
    }
    FAIL("no layer " << name << " in the summary");
    throw std::logic_error("unreachable");
}

std::int64_t skipped(const importers::osm_layer_summary& l, const std::string& why) {
    for (const auto& [reason, count] : l.skipped) {
        if (reason == why) {
            return count;
        }
    }
    return 0;
}

double distance_to(const std::filesystem::path& project, const std::string& table,
                   const std::string& code, std::pair<double, double> lon_lat) {
    const auto [x, y] = gdal_transform("EPSG:4326", "EPSG:32648", lon_lat.first, lon_lat.second);
    const auto xy = query_one(project, "SELECT ST_X(geom) || '|' || ST_Y(geom) FROM " + table +
                                           " WHERE code = '" + code + "'");
    const double px = std::stod(xy.substr(0, xy.find('|')));
    const double py = std::stod(xy.substr(xy.find('|') + 1));
    return std::hypot(px - x, py - y);
}

} // namespace

TEST_CASE("import all: every tag rule of contract §3", "[importers][osm]") {
    temp_dir dir;
    const auto f = commune();
    const auto file = dir / "an_lac.osm";
    f.xml.write(file);
    const auto project = make_project(dir, "");
    const auto s = importers::import_osm_all(all_options(project, file));
    CHECK_THAT(s.crs_note, Contains("EPSG:32648"));

    SECTION("roads: class, surface, structure; footways skipped") {
        CHECK(query_one(project, "SELECT class || '|' || surface || '|' || "
                                 "ifnull(structure, 'NULL') || '|' || name FROM roads "
                                 "WHERE code = '" +
                                     f.codes.at("road") + "'") ==
              "inter_commune|gravel|NULL|Đường Nà Ó");
        auto road = [&](const std::string& role) {
            return query_one(project, "SELECT class || '|' || surface || '|' || "
                                      "ifnull(structure, 'NULL') FROM roads WHERE code = '" +
                                          f.codes.at(role) + "'");
        };
        CHECK(road("viaduct") == "provincial|concrete|bridge");
        CHECK(road("no_motor") == "village_axis|concrete|bridge");
        CHECK(road("tunnel") == "commune_axis|gravel|tunnel");
        CHECK(road("not_bridge") == "track|earth|NULL");
        CHECK(query_one(project, "SELECT count(*) FROM roads WHERE code = '" +
                                     f.codes.at("footbridge") + "'") == "0");
        const auto& roads = layer_of(s, "roads");
        CHECK(skipped(roads, "highway=footway") == 1);
        CHECK(skipped(roads, "highway=path") == 1);
        CHECK(query_one(project, "SELECT count(*) FROM roads WHERE name IS NULL") != "0");
    }
    SECTION("bridges: highway ways with bridge other than no, footbridges without vehicles") {
        CHECK(query(project,
                    "SELECT code, vehicles, GeometryType(geom) FROM bridges ORDER BY "
                    "code") == std::vector<std::string>{f.codes.at("footbridge") + "|0|LINESTRING",
                                                        f.codes.at("viaduct") + "|1|LINESTRING",
                                                        f.codes.at("no_motor") + "|0|LINESTRING"});
    }
    SECTION("fords: nodes on a road, ways at the waterway or their middle") {
        CHECK(query(project,
                    "SELECT code, ifnull(flood_depth_m, 'NULL') FROM fords ORDER BY "
                    "code") == std::vector<std::string>{f.codes.at("ford_node") + "|NULL",
                                                        f.codes.at("ford_way") + "|NULL",
                                                        f.codes.at("dry_ford_way") + "|NULL"});
        CHECK(query_one(project, "SELECT name FROM fords WHERE code = '" + f.codes.at("ford_node") +
                                     "'") == "Ngầm Nà Ó");
        CHECK(distance_to(project, "fords", f.codes.at("ford_way"), f.crossing) < 0.5);
        const auto [x0, y0] = gdal_transform("EPSG:4326", "EPSG:32648", f.dry_ford_from.first,
                                             f.dry_ford_from.second);
        const auto [x1, y1] =
            gdal_transform("EPSG:4326", "EPSG:32648", f.dry_ford_to.first, f.dry_ford_to.second);
        const auto xy = query(project, "SELECT ST_X(geom), ST_Y(geom) FROM fords WHERE code = '" +
                                           f.codes.at("dry_ford_way") + "'");
        REQUIRE(xy.size() == 1);
        const double px = std::stod(xy[0].substr(0, xy[0].find('|')));
        const double py = std::stod(xy[0].substr(xy[0].find('|') + 1));
        CHECK(std::hypot(px - (x0 + x1) / 2, py - (y0 + y1) / 2) < 0.01);
        CHECK(skipped(layer_of(s, "fords"), "ford nodes on no imported road") == 1);
    }
    SECTION("waterways: rivers and streams, culverts, other waterways skipped") {
        CHECK(query(project,
                    "SELECT kind, culvert, ifnull(name, 'NULL') FROM waterways ORDER "
                    "BY kind") == std::vector<std::string>{"river|1|NULL", "stream|0|Suối Nà Ó"});
        const auto& waterways = layer_of(s, "waterways");
        CHECK(skipped(waterways, "waterway=canal") == 1);
        CHECK(skipped(waterways, "waterway=ditch") == 1);
    }
    SECTION("facilities: by amenity and man_made, by Vietnamese name prefix, areas") {
        for (const auto& [role, expected] : f.codes) {
            if (!role.starts_with("facility:")) {
                continue;
            }
            const auto eq = expected.find('=');
            INFO(role << " " << expected);
            CHECK(query_one(project, "SELECT kind FROM facilities WHERE code = '" +
                                         expected.substr(eq + 1) + "'") == expected.substr(0, eq));
        }
        CHECK(query_one(project, "SELECT kind || '|' || GeometryType(geom) FROM facilities "
                                 "WHERE code = '" +
                                     f.codes.at("school_area") + "'") == "secondary_school|POINT");
        CHECK(query_one(project, "SELECT kind FROM facilities WHERE code = '" +
                                     f.codes.at("market_relation") + "'") == "market");
        CHECK(query_one(project, "SELECT count(*) FROM facilities") == "24");
        CHECK(skipped(layer_of(s, "facilities"), "amenity=restaurant") == 1);
    }
    SECTION("villages: place nodes and areas as points, households unknown") {
        CHECK(query_one(project, "SELECT count(*) FROM villages") == "7");
        CHECK(query_one(project, "SELECT count(*) FROM villages WHERE households IS NULL AND "
                                 "GeometryType(geom) = 'POINT'") == "7");
        CHECK(query_one(project, "SELECT name FROM villages WHERE code = '" + f.codes.at("hamlet") +
                                     "'") == "Bản Nà Ó");
        const auto [x0, y0] = gdal_transform("EPSG:4326", "EPSG:32648", f.village_area_min.first,
                                             f.village_area_min.second);
        const auto [x1, y1] = gdal_transform("EPSG:4326", "EPSG:32648", f.village_area_max.first,
                                             f.village_area_max.second);
        const auto inside = query_one(
            project, fmt::format("SELECT ST_X(geom) > {} AND ST_X(geom) < {} AND ST_Y(geom) > {} "
                                 "AND ST_Y(geom) < {} FROM villages WHERE code = '{}'",
                                 std::min(x0, x1) + 1, std::max(x0, x1) - 1, std::min(y0, y1) + 1,
                                 std::max(y0, y1) - 1, f.codes.at("village_area")));
        CHECK(inside == "1");
        CHECK(skipped(layer_of(s, "villages"), "place=city") == 1);
    }
}

TEST_CASE("import roads from OSM also fills structure", "[importers][osm]") {
    temp_dir dir;
    const auto f = commune();
    const auto file = dir / "an_lac.osm";
    f.xml.write(file);
    const auto one = make_project(dir, "EPSG:32648", "one.sqlite");
    importers::import_layer(options(one, "roads", file));
    const auto all = make_project(dir, "EPSG:32648", "all.sqlite");
    importers::import_osm_all(all_options(all, file));
    const std::string sql = "SELECT code, class, surface, ifnull(structure, 'NULL'), "
                            "AsText(geom) FROM roads ORDER BY code";
    CHECK(query(one, sql) == query(all, sql));
    CHECK(query_one(one, "SELECT structure FROM roads WHERE code = '" + f.codes.at("tunnel") +
                             "'") == "tunnel");
}
