// Every format planners hold, written here through GDAL, imported, and read back by SQL.
#include "geo/errors.hpp"
#include "importers/import.hpp"
#include "importers/import_fixture.hpp"
#include "importers/text_encoding.hpp"

#include <catch2/catch.hpp>
#include <iconv.h>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

double number(const std::filesystem::path& project, const std::string& sql) {
    return std::stod(query_one(project, sql));
}

bool any_contains(const std::vector<std::string>& texts, const std::string& part) {
    for (const auto& t : texts) {
        if (t.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// Bytes read as Windows-1252 and written as UTF-8 (glibc iconv; nullopt if it refuses).
std::optional<std::string> iconv_cp1252_to_utf8(const std::string& bytes) {
    iconv_t cd = iconv_open("UTF-8", "CP1252");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(bytes.size() * 4 + 4, '\0');
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size();
    char* to = out.data();
    size_t out_left = out.size();
    const size_t rc = iconv(cd, &in, &in_left, &to, &out_left);
    iconv_close(cd);
    if (rc == static_cast<size_t>(-1)) {
        return std::nullopt;
    }
    out.resize(out.size() - out_left);
    return out;
}

// A 1 km square with its south-west corner at (x, y).
std::string fmt_polygon(double x, double y) {
    return "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
           std::to_string(x + 1000) + " " + std::to_string(y) + "," + std::to_string(x + 1000) +
           " " + std::to_string(y + 1000) + "," + std::to_string(x) + " " +
           std::to_string(y + 1000) + "," + std::to_string(x) + " " + std::to_string(y) + "))";
}

} // namespace

TEST_CASE("GeoPackage roads: multi-part roads split, Vietnamese words mapped, project takes the "
          "file's CRS",
          "[importers][gpkg]") {
    temp_dir dir;
    const auto project = make_project(dir, "");
    const auto source = dir / "duong.gpkg";
    write_source(source,
                 {"GPKG",
                  "duong",
                  wkbUnknown,
                  "EPSG:3405",
                  {{"code"}, {"name"}, {"class"}, {"surface"}, {"width_m", 2}},
                  {{"MULTILINESTRING((600000 2330000,600100 2330000),"
                    "(600100 2330000,600100 2330200))",
                    {"R01", "Đường trục xã Nà Trắng", "đường trục xã", "Bê tông", 3.5}},
                   {"LINESTRING(600100 2330200,600300 2330250)",
                    {"R02", "Đường liên thôn Khuổi Nặm", "trục thôn", "đất", std::monostate{}}}}});
    const auto summary = importers::import_layer(options(project, "roads", source));
    CHECK(summary.rows_read == 2);
    CHECK(summary.imported == 3);
    CHECK(summary.repaired == 0);
    CHECK_THAT(summary.crs_note, Contains("EPSG:3405"));
    CHECK(query_one(project, "SELECT value FROM allseason_metadata WHERE key = 'crs'") ==
          "EPSG:3405");
    CHECK(query(project, "SELECT code, name, class, surface, width_m FROM roads ORDER BY fid") ==
          std::vector<std::string>{"R01|Đường trục xã Nà Trắng|commune_axis|concrete|3.5",
                                   "R01|Đường trục xã Nà Trắng|commune_axis|concrete|3.5",
                                   "R02|Đường liên thôn Khuổi Nặm|village_axis|earth|NULL"});
    CHECK(query(project, "SELECT AsText(geom) FROM roads ORDER BY fid") ==
          std::vector<std::string>{"LINESTRING(600000 2330000, 600100 2330000)",
                                   "LINESTRING(600100 2330000, 600100 2330200)",
                                   "LINESTRING(600100 2330200, 600300 2330250)"});
    CHECK(query_one(project, "SELECT DISTINCT SRID(geom) FROM roads") == "3405");
}

TEST_CASE("Shapefile with a .cpg in Windows-1258, reprojected from a VN-2000 TM-3 zone",
          "[importers][shapefile]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon.shp";
    const auto cp1258 = [](const char* text) {
        return importers::encode_text(text, importers::text_encoding::cp1258);
    };
    // The DBF holds Windows-1258 bytes and the .cpg says so, as ArcGIS and MapInfo leave them.
    write_source(source, {"ESRI Shapefile",
                          "thon",
                          wkbPolygon,
                          "EPSG:9209", // VN2000:bac-ninh
                          {{"ma"}, {"ten"}, {"so_ho", 1}, {"dbkk"}},
                          {{"POLYGON((530000 2340000,531000 2340000,531000 2341000,530000 "
                            "2340000))",
                            {"NT", cp1258("Thôn Nà Trắng"), std::int64_t{124}, cp1258("có")}},
                           {"POLYGON((532000 2340000,533000 2340000,533000 2341000,532000 "
                            "2340000))",
                            {"DM", cp1258("Thôn Đồng Mỏ"), std::int64_t{87}, cp1258("không")}}},
                          {},
                          {"ENCODING="}});
    write_file(dir / "thon.cpg", "1258\n");
    REQUIRE(read_file(dir / "thon.dbf").find("Trắng") == std::string::npos);
    REQUIRE(read_file(dir / "thon.dbf").find(cp1258("Trắng")) != std::string::npos);

    const auto summary = importers::import_layer(options(project, "villages", source));
    CHECK(summary.imported == 2);
    CHECK(any_contains(summary.notes, "code ← ma"));
    CHECK(query(project, "SELECT code, name, households, especially_difficult, "
                         "GeometryType(geom) FROM villages ORDER BY fid") ==
          std::vector<std::string>{"NT|Thôn Nà Trắng|124|1|MULTIPOLYGON",
                                   "DM|Thôn Đồng Mỏ|87|0|MULTIPOLYGON"});
    const auto [x, y] = gdal_transform("EPSG:9209", "EPSG:3405", 530000, 2340000);
    CHECK(number(project, "SELECT X(PointN(ExteriorRing(GeometryN(geom, 1)), 1)) FROM villages "
                          "WHERE code = 'NT'") == Approx(x).margin(0.001));
    CHECK(number(project, "SELECT Y(PointN(ExteriorRing(GeometryN(geom, 1)), 1)) FROM villages "
                          "WHERE code = 'NT'") == Approx(y).margin(0.001));
}

TEST_CASE("Shapefile without a .cpg holding UTF-8", "[importers][shapefile]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam.shp";
    write_source(source, {"ESRI Shapefile",
                          "ngam",
                          wkbPoint,
                          "EPSG:3405",
                          {{"code"}, {"name"}, {"do_sau", 2}},
                          {{"POINT(600000 2330000)", {"F07", "Ngầm Nà Trắng", 0.8}}},
                          {},
                          {"ENCODING="}});
    std::filesystem::remove(dir / "ngam.cpg"); // as older software leaves it: no .cpg at all
    auto o = options(project, "fords", source);
    const auto summary = importers::import_layer(o);
    CHECK(summary.warnings.empty());
    CHECK(query_one(project, "SELECT code, name, flood_depth_m FROM fords") ==
          "F07|Ngầm Nà Trắng|0.8");
}

TEST_CASE("Shapefile in TCVN3 without a .cpg: read, warned, and exact with --encoding",
          "[importers][shapefile][encoding]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon_abc.shp";
    const std::vector<std::string> names = {"Thôn Nà Trắng", "Bản Khuổi Nặm", "Thôn Đồng Mỏ",
                                            "Xóm Bãi Sậy",   "Bản Nà Đình",   "Thôn Cầu Treo"};
    source_spec spec{"ESRI Shapefile",
                     "thon_abc",
                     wkbPolygon,
                     "EPSG:3405",
                     {{"code"}, {"name"}, {"households", 1}},
                     {},
                     {},
                     {"ENCODING="}};
    for (size_t i = 0; i < names.size(); ++i) {
        const double x = 600000 + 2000.0 * static_cast<double>(i);
        spec.rows.push_back({fmt_polygon(x, 2330000),
                             {"V" + std::to_string(i),
                              importers::encode_text(names[i], importers::text_encoding::tcvn3),
                              std::int64_t{50}}});
    }
    write_source(source, spec);
    std::filesystem::remove(dir / "thon_abc.cpg");

    const auto guessed = importers::import_layer(options(project, "villages", source));
    CHECK(any_contains(guessed.warnings, "--encoding tcvn3"));

    auto o = options(project, "villages", source);
    o.encoding = importers::text_encoding::tcvn3;
    const auto exact = importers::import_layer(o);
    CHECK(exact.warnings.empty());
    std::vector<std::string> stored = query(project, "SELECT name FROM villages ORDER BY fid");
    CHECK(stored == names);
}

TEST_CASE("GeoJSON fords in WGS 84 reprojected to VN-2000 / UTM 48N", "[importers][geojson]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam.geojson";
    write_source(
        source, {"GeoJSON",
                 "ngam",
                 wkbPoint,
                 "EPSG:4326",
                 {{"code"}, {"name"}, {"do_sau"}, {"so_ngay_ngap", 1}},
                 {{"POINT(106.05 21.12)", {"F01", "Ngầm Khuổi Nặm", "0,45", std::int64_t{30}}},
                  {"POINT(106.06 21.13)", {"F02", "Ngầm tràn Nà Đình", "1.2", std::monostate{}}}}});
    const auto summary = importers::import_layer(options(project, "fords", source));
    CHECK(summary.imported == 2);
    CHECK(query(project, "SELECT code, name, flood_depth_m, flooded_days_per_year FROM fords "
                         "ORDER BY fid") ==
          std::vector<std::string>{"F01|Ngầm Khuổi Nặm|0.45|30", "F02|Ngầm tràn Nà Đình|1.2|NULL"});
    const auto [x, y] = gdal_transform("EPSG:4326", "EPSG:3405", 106.05, 21.12);
    CHECK(number(project, "SELECT X(geom) FROM fords WHERE code = 'F01'") ==
          Approx(x).margin(0.01));
    CHECK(number(project, "SELECT Y(geom) FROM fords WHERE code = 'F01'") ==
          Approx(y).margin(0.01));
}

TEST_CASE("KML placemarks from Google Earth into facilities", "[importers][kml]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "cong_trinh.kml";
    write_source(
        source,
        {"KML",
         "cong_trinh",
         wkbPoint,
         "EPSG:4326",
         {{"Name"}, {"ma"}, {"loai"}, {"giuong", 1}},
         {{"POINT(106.05 21.12)", {"Trạm y tế xã An Lạc", "TYT", "Trạm y tế", std::int64_t{10}}},
          {"POINT(106.06 21.13)",
           {"Nhà văn hóa thôn Nà Trắng", "NVH-NT", "nhà văn hoá", std::monostate{}}}}});
    auto o = options(project, "facilities", source);
    o.fields = {{"name", "Name"}};
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 2);
    CHECK(query(project, "SELECT code, name, kind, beds FROM facilities ORDER BY code") ==
          std::vector<std::string>{"NVH-NT|Nhà văn hóa thôn Nà Trắng|culture_house|NULL",
                                   "TYT|Trạm y tế xã An Lạc|health_station|10"});
}

TEST_CASE("CSV survey with lon/lat columns needs and takes --source-crs", "[importers][csv]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ho_gia_dinh.csv";
    write_source(source,
                 {"CSV",
                  "ho_gia_dinh",
                  wkbNone,
                  "",
                  {{"lon", 2}, {"lat", 2}, {"ma_thon"}, {"so_nguoi", 1}, {"phan_loai"}, {"dtts"}},
                  {{"", {106.05, 21.12, "NT", std::int64_t{5}, "hộ nghèo", "có"}},
                   {"", {106.051, 21.121, "NT", std::int64_t{3}, "Cận nghèo", "không"}},
                   {"", {106.052, 21.122, "NT", std::monostate{}, "", "x"}}}});
    auto without_crs = options(project, "households", source);
    without_crs.fields = {{"poverty", "phan_loai"}};
    CHECK_THROWS_WITH(importers::import_layer(without_crs),
                      Contains("ho_gia_dinh.csv") && Contains("--source-crs"));
    auto o = options(project, "households", source);
    o.source_crs = "EPSG:4326";
    o.fields = {{"poverty", "phan_loai"}};
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 3);
    CHECK(query(project, "SELECT village_code, members, poverty, ethnic_minority FROM households "
                         "ORDER BY fid") ==
          std::vector<std::string>{"NT|5|poor|1", "NT|3|near_poor|0", "NT|1|none|1"});
    const auto [x, y] = gdal_transform("EPSG:4326", "EPSG:3405", 106.051, 21.121);
    CHECK(number(project, "SELECT X(geom) FROM households WHERE fid = 2") ==
          Approx(x).margin(0.01));
    CHECK(number(project, "SELECT Y(geom) FROM households WHERE fid = 2") ==
          Approx(y).margin(0.01));
}

TEST_CASE("CSV with a WKT column: hazard polygons", "[importers][csv]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "vung_nguy_co.csv";
    write_source(source, {"CSV",
                          "vung_nguy_co",
                          wkbPolygon,
                          "",
                          {{"loai"}, {"kich_ban"}},
                          {{"POLYGON((600000 2330000,600500 2330000,600500 2330500,600000 "
                            "2330000))",
                            {"sạt lở", "rainy"}},
                           {"POLYGON((601000 2330000,601500 2330000,601500 2330500,601000 "
                            "2330000))",
                            {"Ngập lụt", "rainy"}}},
                          {},
                          {"GEOMETRY=AS_WKT"}});
    REQUIRE_THAT(read_file(source), Contains("WKT"));
    auto o = options(project, "hazard_zones", source);
    o.source_crs = "EPSG:3405";
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 2);
    CHECK(query(project,
                "SELECT kind, scenario, GeometryType(geom), Area(geom) FROM hazard_zones "
                "ORDER BY fid") == std::vector<std::string>{"landslide|rainy|MULTIPOLYGON|125000.0",
                                                            "flood|rainy|MULTIPOLYGON|125000.0"});
}

TEST_CASE("GPX track with two segments becomes two road rows", "[importers][gpx]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "duong_mon.gpx";
    write_source(source, {"GPX",
                          "tracks",
                          wkbMultiLineString,
                          "EPSG:4326",
                          {{"name"}},
                          {{"MULTILINESTRING((106.05 21.12,106.051 21.121),"
                            "(106.051 21.121,106.052 21.123))",
                            {"Đường mòn lên bản Khuổi Nặm"}}}});
    auto o = options(project, "roads", source);
    o.fields = {{"code", "name"}, {"name", "name"}, {"class", "=đường mòn"}, {"surface", "=đất"}};
    const auto summary = importers::import_layer(o);
    CHECK(summary.source_layer == "tracks");
    CHECK(summary.rows_read == 1);
    CHECK(summary.imported == 2);
    CHECK(query(project, "SELECT code, class, surface, NumPoints(geom) FROM roads") ==
          std::vector<std::string>{"Đường mòn lên bản Khuổi Nặm|track|earth|2",
                                   "Đường mòn lên bản Khuổi Nặm|track|earth|2"});
}

TEST_CASE("MapInfo TAB forest parcels", "[importers][mapinfo]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "lo_rung.tab";
    write_source(source, {"MapInfo File",
                          "lo_rung",
                          wkbPolygon,
                          "EPSG:3405",
                          {{"code"}, {"chu_rung"}, {"muc_dich"}, {"so_do"}},
                          {{"POLYGON((600000 2330000,600400 2330000,600400 2330300,600000 "
                            "2330300,600000 2330000))",
                            {"LR-12", "Hộ ông Hoàng Văn Tư", "rừng sản xuất", "có"}}}});
    const auto summary = importers::import_layer(options(project, "forest_parcels", source));
    CHECK(summary.imported == 1);
    CHECK(query_one(project, "SELECT code, owner, use, certificate, fsc FROM forest_parcels") ==
          "LR-12|Hộ ông Hoàng Văn Tư|production|1|0");
    CHECK(number(project, "SELECT Area(geom) FROM forest_parcels") == Approx(120000.0).margin(1.0));
}

TEST_CASE("DGN v7 drawing: the CRS must be supplied", "[importers][dgn]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ban_ve.dgn";
    write_source(source, {"DGN",
                          "elements",
                          wkbUnknown,
                          "",
                          {{"Level", 1, true}},
                          {{"LINESTRING(600000 2330000,600150 2330050)", {std::int64_t{7}}},
                           {"LINESTRING(600150 2330050,600300 2330050)", {std::int64_t{8}}}}});
    auto o = options(project, "roads", source);
    o.fields = {{"code", "Level"}, {"class", "=đường trục xã"}, {"surface", "=Đất"}};
    CHECK_THROWS_AS(importers::import_layer(o), crs_error);
    o.source_crs = "EPSG:3405";
    const auto summary = importers::import_layer(o);
    CHECK(summary.imported == 2);
    CHECK(query(project, "SELECT code, class, surface FROM roads ORDER BY fid") ==
          std::vector<std::string>{"7|commune_axis|earth", "8|commune_axis|earth"});
    CHECK(number(project, "SELECT GLength(geom) FROM roads WHERE code = '8'") ==
          Approx(150.0).margin(0.01));
}

TEST_CASE("GeoJSON holding VNI text seen through Windows-1252: warned, exact with --encoding",
          "[importers][geojson][encoding]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon_vni.geojson";
    // A planner typed these in a VNI font; the file was later saved as UTF-8, so each VNI
    // byte became the Windows-1252 character of the same code.
    const std::vector<std::string> names = {"Thôn Nà Trắng", "Bản Khuổi Nặm", "Thôn Đồng Mỏ",
                                            "Xóm Bãi Sậy",   "Bản Nà Đình",   "Thôn Cầu Treo"};
    source_spec spec{
        "GeoJSON", "thon", wkbPolygon, "EPSG:3405", {{"code"}, {"name"}, {"households", 1}}, {}};
    for (size_t i = 0; i < names.size(); ++i) {
        const auto vni = importers::encode_text(names[i], importers::text_encoding::vni);
        const auto seen = iconv_cp1252_to_utf8(vni);
        REQUIRE(seen);
        spec.rows.push_back({fmt_polygon(600000 + 2000.0 * static_cast<double>(i), 2330000),
                             {"V" + std::to_string(i), *seen, std::int64_t{40}}});
    }
    write_source(source, spec);

    const auto kept = importers::import_layer(options(project, "villages", source));
    CHECK(any_contains(kept.warnings, "--encoding vni"));
    CHECK(query(project, "SELECT name FROM villages ORDER BY fid") != names);

    auto o = options(project, "villages", source);
    o.encoding = importers::text_encoding::vni;
    const auto decoded = importers::import_layer(o);
    CHECK(decoded.warnings.empty());
    CHECK(query(project, "SELECT name FROM villages ORDER BY fid") == names);
}

TEST_CASE("decomposed Vietnamese (NFD, as macOS writes it) is stored NFC", "[importers][geojson]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "ngam_nfd.geojson";
    // "Ngầm Nà Trắng" with every tone and vowel mark as a combining character.
    const std::string nfd = "Nga\xCC\x82\xCC\x80m Na\xCC\x80 Tra\xCC\x86\xCC\x81ng";
    write_source(source, {"GeoJSON", "ngam", wkbPoint, "EPSG:3405",
                          {{"code"}, {"name"}, {"flood_depth_m", 2}},
                          {{"POINT(600000 2330000)", {"F01", nfd, 0.5}}}});
    importers::import_layer(options(project, "fords", source));
    CHECK(query_one(project, "SELECT name, length(CAST(name AS BLOB)) FROM fords") ==
          "Ngầm Nà Trắng|" + std::to_string(std::string("Ngầm Nà Trắng").size()));
}
