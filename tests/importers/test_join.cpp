// `join` in the library: names matched in three steps, fields mapped and values checked as in
// `import`, tables from CSV (UTF-8 and TCVN3), XLSX and ODS, and every bad row listed with the
// project unchanged.
#include "importers/import_fixture.hpp"
#include "importers/join.hpp"
#include "importers/name_match.hpp"

#include "geo/errors.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

// Four villages known by their centre points, households not known yet (as after an OSM
// import); Cốc Lầy and Cọc Lây differ only by accents.
std::filesystem::path village_project(const temp_dir& dir) {
    const auto project = make_project(dir, "EPSG:3405");
    const auto source = dir / "thon.gpkg";
    write_source(source, {"GPKG",
                          "thon",
                          wkbPoint,
                          "EPSG:3405",
                          {{"code"}, {"name"}},
                          {{"POINT(600000 2330000)", {"V01", "Thôn Nà Ó"}},
                           {"POINT(601000 2330000)", {"V02", "Bản Khe Đin"}},
                           {"POINT(602000 2330000)", {"V03", "Thôn Cốc Lầy"}},
                           {"POINT(603000 2330000)", {"V04", "Thôn Cọc Lây"}}}});
    importers::import_layer(options(project, "villages", source));
    return project;
}

std::filesystem::path write_text(const temp_dir& dir, const std::string& name,
                                 const std::string& content) {
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

importers::join_options join(const std::filesystem::path& project, const std::string& layer,
                             const std::filesystem::path& table) {
    importers::join_options o;
    o.project = project;
    o.layer = layer;
    o.table = table;
    return o;
}

std::vector<std::string> households(const std::filesystem::path& project) {
    return query(project, "SELECT code, households FROM villages ORDER BY code");
}

} // namespace

TEST_CASE("name match: the spellings planners use, in three steps", "[join][name_match]") {
    const importers::name_index index(
        {"Thôn Nà Ó", "Bản Khe Đin", "Thôn Cốc Lầy", "Thôn Cọc Lây", "", "Khu"});
    using step = importers::match_step;
    auto one = [&](const std::string& name) {
        const auto m = index.find(name);
        REQUIRE(m.found_one());
        return std::pair{m.candidates.front(), m.step};
    };
    CHECK(one("Thôn Nà Ó") == std::pair{size_t{0}, step::exact});
    CHECK(one("Nà Ó") == std::pair{size_t{0}, step::ignoring_case});
    CHECK(one("NÀ Ó") == std::pair{size_t{0}, step::ignoring_case});
    CHECK(one("  thôn   nà ó ") == std::pair{size_t{0}, step::ignoring_case});
    CHECK(one("na o") == std::pair{size_t{0}, step::ignoring_accents});
    CHECK(one("THON NA O") == std::pair{size_t{0}, step::ignoring_accents});
    CHECK(one("Bản Khe Đin") == std::pair{size_t{1}, step::exact});
    CHECK(one("Khe Din") == std::pair{size_t{1}, step::ignoring_accents});
    CHECK(one("khe đin") == std::pair{size_t{1}, step::ignoring_case});
    CHECK(one("Cốc Lầy") == std::pair{size_t{2}, step::ignoring_case});
    CHECK(one("Khu") == std::pair{size_t{5}, step::exact}); // only the word: kept as the name
    // Decomposed input (NFD from a Mac) is the same text.
    CHECK(one("Na\xCC\x80 O\xCC\x81") == std::pair{size_t{0}, step::ignoring_case});

    const auto accents = index.find("Coc Lay");
    CHECK(accents.candidates == std::vector<size_t>{2, 3}); // refused, not guessed
    CHECK(accents.step == step::ignoring_accents);
    CHECK(index.find("Pác Bó").candidates.empty());
    CHECK(index.find("").candidates.empty());
    CHECK(index.find("  ").candidates.empty());
    CHECK(importers::name_key_ignoring_case("Plei Ơ Rõ") == "ơ rõ");
    CHECK(importers::name_key_ignoring_accents("Sóc Bưng") == "bung");
}

TEST_CASE("join: households per thôn from a CSV, by name", "[join]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto table = write_text(dir, "so_ho.csv",
                                  "ten_thon,so_ho,ghi_chu\n"
                                  "Thôn Nà Ó,45,\n"
                                  "Khe Din,\"1.250\",ước tính\n"
                                  "cốc lầy,\"  32 \",\n");
    const auto summary = importers::join_table(join(project, "villages", table));
    CHECK(summary.on == "name");
    CHECK(summary.key == "ten_thon");
    CHECK(summary.rows_read == 3);
    CHECK(summary.updated == 3);
    CHECK(summary.fields == std::vector<std::string>{"households ← so_ho"});
    REQUIRE(summary.loose.size() == 2);
    CHECK(summary.loose[0].row == 2);
    CHECK(summary.loose[0].key == "Khe Din");
    CHECK(summary.loose[0].feature == "Bản Khe Đin (V02)");
    CHECK(summary.loose[0].step == importers::match_step::ignoring_accents);
    CHECK(summary.loose[1].step == importers::match_step::ignoring_case);
    CHECK_THAT(summary.notes.front(), Contains("ghi_chu"));
    CHECK(households(project) ==
          std::vector<std::string>{"V01|45", "V02|1250", "V03|32", "V04|NULL"});
    // Names are the key, not written; the log has the join.
    CHECK(query_one(project, "SELECT name FROM villages WHERE code = 'V02'") == "Bản Khe Đin");
    CHECK(query_one(project,
                    "SELECT mode, status, rows_read, rows_imported, substr(message, 1, "
                    "4) FROM import_log ORDER BY id DESC LIMIT 1") == "append|ok|3|3|join");
}

TEST_CASE("join: bad rows are listed with their rows and nothing is written", "[join]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto before = dump_layers(project);
    const auto table = write_text(dir, "so_ho.csv",
                                  "ten,so_ho\n"
                                  "Nà Ó,45\n"        // row 1: ok
                                  "Pác Bó,12\n"      // row 2: no such village
                                  "Coc Lay,30\n"     // row 3: two villages without accents
                                  "na o,46\n"        // row 4: Nà Ó again
                                  "Khe Đin,mười\n"); // row 5: not a number
    try {
        importers::join_table(join(project, "villages", table));
        FAIL("join accepted bad rows");
    } catch (const data_error& e) {
        const std::string m = e.what();
        CHECK_THAT(m, Contains("so_ho.csv row 2 (line 3): \"Pác Bó\" matches no feature of "
                               "villages"));
        CHECK_THAT(m, Contains("so_ho.csv row 3 (line 4): \"Coc Lay\" matches two features of "
                               "villages") &&
                          Contains("Thôn Cốc Lầy (V03), Thôn Cọc Lây (V04)"));
        CHECK_THAT(m, Contains("so_ho.csv row 4 (line 5): \"na o\" matches Thôn Nà Ó (V01), "
                               "which row 1 (line 2) matches already"));
        CHECK_THAT(m, Contains("so_ho.csv row 5 (line 6): field \"so_ho\" (households) is "
                               "\"mười\" — expected a whole number"));
        CHECK_THAT(m, Contains("nothing was written: villages is unchanged"));
    }
    CHECK(dump_layers(project) == before);
    CHECK(query_one(project, "SELECT status FROM import_log ORDER BY id DESC LIMIT 1") == "failed");

    // --skip-unmatched skips Pác Bó but still refuses Coc Lay.
    auto skip = join(project, "villages", table);
    skip.skip_unmatched = true;
    CHECK_THROWS_WITH(importers::join_table(skip),
                      Contains("row 3 (line 4)") && !Contains("Pác Bó"));
    CHECK(dump_layers(project) == before);
}

TEST_CASE("join --skip-unmatched lists the rows it skipped", "[join]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto table = write_text(dir, "so_ho.csv",
                                  "ten,so_ho\n"
                                  "Nà Ó,45\n"
                                  "Tổng cộng,45\n"
                                  ",7\n"
                                  ",\n"); // a blank line: not a row to match
    auto o = join(project, "villages", table);
    o.skip_unmatched = true;
    const auto summary = importers::join_table(o);
    CHECK(summary.updated == 1);
    CHECK(summary.skipped == 2);
    CHECK(summary.rows_read == 4);
    REQUIRE(summary.skipped_rows.size() == 2);
    CHECK_THAT(summary.skipped_rows[0], Contains("row 2 (line 3): \"Tổng cộng\" matches no"));
    CHECK_THAT(summary.skipped_rows[1], Contains("row 3 (line 4): the key field \"ten\" is empty"));
    CHECK(households(project) ==
          std::vector<std::string>{"V01|45", "V02|NULL", "V03|NULL", "V04|NULL"});
}

TEST_CASE("join --on code: ford depths with a decimal comma", "[join]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto fords = dir / "ngam.gpkg";
    write_source(fords, {"GPKG",
                         "ngam",
                         wkbPoint,
                         "EPSG:3405",
                         {{"code"}, {"name"}},
                         {{"POINT(600000 2330000)", {"F01", "Ngầm Khuổi Nặm"}},
                          {"POINT(601000 2330000)", {"F02", "Ngầm Nà Đình"}}}});
    importers::import_layer(options(project, "fords", fords));
    // Lon/lat columns make no geometry here: join needs no --source-crs.
    const auto table = write_text(dir, "do_sau.csv",
                                  "ma,ten,do_sau,so_ngay_ngap,lon,lat\n"
                                  "F02,Ngầm tràn Nà Đình,\"0,45\",12,106.05,21.12\n"
                                  "F01,,\"1,2\",,106.06,21.13\n");
    auto o = join(project, "ngầm tràn", table);
    o.fields = {{"name", "ten"}};
    const auto summary = importers::join_table(o);
    CHECK(summary.on == "code");
    CHECK(summary.key == "ma");
    CHECK(summary.updated == 2);
    CHECK(summary.loose.empty());
    CHECK(query(project, "SELECT code, name, flood_depth_m, flooded_days_per_year FROM fords "
                         "ORDER BY code") ==
          std::vector<std::string>{"F01|Ngầm Khuổi Nặm|1.2|NULL", "F02|Ngầm tràn Nà Đình|0.45|12"});

    // Codes match exactly: "f01" is not F01.
    const auto lower = write_text(dir, "lower.csv", "ma,do_sau\nf01,0.3\n");
    CHECK_THROWS_WITH(importers::join_table(join(project, "fords", lower)),
                      Contains("\"f01\" matches no feature of fords by code"));
    // --key names the field; --on name matches by the names instead.
    const auto by_name = write_text(dir, "by_name.csv", "ngam,do_sau\nngầm khuổi nặm,0.6\n");
    auto named = join(project, "fords", by_name);
    named.key = "ngam";
    CHECK(importers::join_table(named).on == "name");
    CHECK(query_one(project, "SELECT flood_depth_m FROM fords WHERE code = 'F01'") == "0.6");
}

TEST_CASE("join: usage errors name what is wrong", "[join]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto table = write_text(dir, "so_ho.csv", "ten,so_ho\nNà Ó,45\n");
    auto field = join(project, "villages", table);
    field.fields = {{"so_ho_ngheo", "so_ho"}};
    CHECK_THROWS_AS(importers::join_table(field), usage_error);
    auto source = join(project, "villages", table);
    source.fields = {{"households", "ho"}};
    CHECK_THROWS_AS(importers::join_table(source), usage_error);
    auto key = join(project, "villages", table);
    key.key = "ma";
    CHECK_THROWS_WITH(importers::join_table(key), Contains("--key ma") && Contains("ten, so_ho"));
    auto code = join(project, "villages", table);
    code.fields = {{"code", "ten"}};
    CHECK_THROWS_AS(importers::join_table(code), usage_error);
    const auto nothing = write_text(dir, "ten.csv", "ten,stt\nNà Ó,1\n");
    CHECK_THROWS_WITH(importers::join_table(join(project, "villages", nothing)),
                      Contains("no field to write"));
    CHECK(households(project)[0] == "V01|NULL");
}

TEST_CASE("join: a TCVN3 CSV, with --encoding and guessed", "[join]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto tcvn3 = [](const std::string& text) {
        return importers::encode_text(text, importers::text_encoding::tcvn3);
    };
    const auto table =
        write_text(dir, "so_ho_abc.csv",
                   "ten_thon,so_ho\n" + tcvn3("Thôn Nà Ó") + ",45\n" + tcvn3("Bản Khe Đin") +
                       ",60\n" + tcvn3("Thôn Cốc Lầy") + ",32\n" + tcvn3("Thôn Cọc Lây") + ",28\n");
    auto o = join(project, "villages", table);
    o.encoding = importers::text_encoding::tcvn3;
    const auto exact = importers::join_table(o);
    CHECK(exact.loose.empty());
    CHECK(exact.warnings.empty());
    CHECK(households(project) == std::vector<std::string>{"V01|45", "V02|60", "V03|32", "V04|28"});

    const auto guessed = importers::join_table(join(project, "villages", table));
    CHECK(guessed.updated == 4);
    REQUIRE(!guessed.warnings.empty());
    CHECK_THAT(guessed.warnings.front(), Contains("tcvn3"));
}

TEST_CASE("join: XLSX and ODS tables written through GDAL", "[join]") {
    for (const std::string driver : {"XLSX", "ODS"}) {
        DYNAMIC_SECTION(driver) {
            temp_dir dir;
            const auto project = village_project(dir);
            const auto table = dir / ("so_ho." + std::string(driver == "XLSX" ? "xlsx" : "ods"));
            write_source(table, {driver,
                                 "Sheet1",
                                 wkbNone,
                                 "",
                                 {{"Tên thôn"}, {"Số hộ", 1}, {"Hộ nghèo", 1}, {"Ghi chú"}},
                                 {{"", {"Nà Ó", std::int64_t{45}, std::int64_t{7}, "x"}},
                                  {"", {"Bản Khe Đin", std::int64_t{60}, std::int64_t{12}, ""}}}});
            const auto summary = importers::join_table(join(project, "thôn", table));
            CHECK(summary.key == "Tên thôn");
            CHECK(summary.updated == 2);
            REQUIRE(summary.loose.size() == 1);
            CHECK(summary.loose[0].key == "Nà Ó");
            CHECK(query(project, "SELECT code, households, poor_households FROM villages "
                                 "WHERE households IS NOT NULL ORDER BY code") ==
                  std::vector<std::string>{"V01|45|7", "V02|60|12"});

            // A sheet of text only: its first row is still the header, and rows count from it.
            const auto text_only = dir / ("chu." + std::string(driver == "XLSX" ? "xlsx" : "ods"));
            write_source(text_only, {driver,
                                     "Sheet1",
                                     wkbNone,
                                     "",
                                     {{"ten"}, {"so_ho"}},
                                     {{"", {"Nà Ó", "1.250"}},
                                      {"", {std::monostate{}, std::monostate{}}},
                                      {"", {"Pác Bó", "3"}}}});
            CHECK_THROWS_WITH(importers::join_table(join(project, "villages", text_only)),
                              Contains("chu.") && Contains("row 3 (sheet row 4): \"Pác Bó\""));
        }
    }
}

TEST_CASE("join roads by code: every segment of the road, vocabulary words", "[join]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:3405");
    const auto roads = dir / "duong.gpkg";
    write_source(roads, {"GPKG",
                         "duong",
                         wkbMultiLineString,
                         "EPSG:3405",
                         {{"code"}, {"name"}, {"class"}, {"surface"}},
                         {{"MULTILINESTRING((600000 2330000,600100 2330000),(600100 2330000,600200 "
                           "2330000))",
                           {"R01", "Đường trục xã", "commune_axis", "gravel"}},
                          {"LINESTRING(600200 2330000,600300 2330000)",
                           {"R02", "Đường ra đồng", "field", "earth"}}}});
    importers::import_layer(options(project, "roads", roads));
    REQUIRE(query_one(project, "SELECT count(*) FROM roads WHERE code = 'R01'") == "2");
    const auto table = write_text(dir, "hien_trang.csv",
                                  "ma,tinh_trang,mat_duong,rong\n"
                                  "R01,Xuống cấp,Bê tông,\"3,5\"\n"
                                  "R02,hư hỏng nặng,,\n");
    const auto summary = importers::join_table(join(project, "roads", table));
    CHECK(summary.updated == 3); // two segments of R01, one of R02
    CHECK(query(project, "SELECT code, condition, surface, width_m FROM roads ORDER BY fid") ==
          std::vector<std::string>{"R01|poor|concrete|3.5", "R01|poor|concrete|3.5",
                                   "R02|bad|earth|NULL"});
    const auto wrong = write_text(dir, "sai.csv", "ma,tinh_trang\nR02,tuyệt vời\n");
    CHECK_THROWS_WITH(importers::join_table(join(project, "roads", wrong)),
                      Contains("sai.csv row 1 (line 2): field \"tinh_trang\" (condition) is "
                               "\"tuyệt vời\" — not a known roads condition"));
}
