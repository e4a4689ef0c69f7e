// `allseason join` end to end: the summary on stdout, errors on stderr, exit codes 0, 1 and 2.
#include "importers/import_fixture.hpp"
#include "support/run_command.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <ogr_core.h>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

std::string village_project(const temp_dir& dir) {
    const auto project = (dir / "anlac.sqlite").string();
    REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);
    const auto source = dir / "thon.geojson";
    write_source(source, {"GeoJSON",
                          "thon",
                          wkbPoint,
                          "EPSG:3405",
                          {{"ma"}, {"ten"}},
                          {{"POINT(600000 2330000)", {"V01", "Nà Ó"}},
                           {"POINT(601000 2330000)", {"V02", "Bản Khe Đin"}},
                           {"POINT(602000 2330000)", {"V03", "Thôn Cốc Lầy"}},
                           {"POINT(603000 2330000)", {"V04", "Thôn Cọc Lây"}}}});
    REQUIRE(run_allseason({"import", project, "villages", source.string()}).exit_code == 0);
    return project;
}

std::string write_text(const temp_dir& dir, const std::string& name, const std::string& content) {
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

} // namespace

TEST_CASE("cli join: households by name, the loose matches listed", "[join][cli]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto table = write_text(dir, "so_ho.csv",
                                  "ten_thon,so_ho,ho_ngheo\n"
                                  "Na O,45,\"3\"\n"
                                  "Khe Din,\"1.250\",10\n"
                                  "Thôn Cốc Lầy,32,0\n");
    const auto r = run_allseason({"join", project, "villages", table});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("households ← so_ho") && Contains("poor_households ← ho_ngheo"));
    CHECK_THAT(r.out, Contains("row 1: \"Na O\" → Nà Ó (V01), ignoring accents"));
    CHECK_THAT(r.out, Contains("row 2: \"Khe Din\" → Bản Khe Đin (V02)"));
    CHECK(r.out.find("Cốc Lầy\" →") == std::string::npos); // exact: not listed
    CHECK_THAT(r.out, Contains("join villages ← so_ho.csv (so_ho) on name (\"ten_thon\"): 3 rows "
                               "read, 3 features updated, 0 skipped"));
    CHECK(query(project, "SELECT code, households, poor_households FROM villages ORDER BY code") ==
          std::vector<std::string>{"V01|45|3", "V02|1250|10", "V03|32|0", "V04|NULL|0"});
}

TEST_CASE("cli join: bad rows exit 1 with their rows, usage errors exit 2", "[join][cli]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto before = dump_layers(project);
    const auto table = write_text(dir, "so_ho.csv",
                                  "ten,so_ho\n"
                                  "Coc Lay,30\n"
                                  "Pác Bó,12\n"
                                  "NÀ Ó,45\n");
    const auto bad = run_allseason({"join", project, "villages", table});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Contains("row 1 (line 2): \"Coc Lay\" matches two features of villages"));
    CHECK_THAT(bad.err, Contains("row 2 (line 3): \"Pác Bó\" matches no feature"));
    CHECK_THAT(bad.err, Contains("nothing was written") && Contains("--skip-unmatched skips"));
    CHECK(bad.out.empty());
    CHECK(dump_layers(project) == before);

    const auto skipped = run_allseason({"join", project, "villages", table, "--skip-unmatched"});
    CHECK(skipped.exit_code == 1); // Coc Lay still refused
    CHECK(dump_layers(project) == before);

    const auto target = run_allseason({"join", project, "villages", table, "--field", "ho=so_ho"});
    CHECK(target.exit_code == 2);
    CHECK_THAT(target.err, Contains("\"ho\" is not a field of villages"));
    const auto on = run_allseason({"join", project, "villages", table, "--on", "ten"});
    CHECK(on.exit_code == 2);
    const auto key = run_allseason({"join", project, "villages", table, "--key", "ten_thon"});
    CHECK(key.exit_code == 2);
    CHECK_THAT(key.err, Contains("has no field \"ten_thon\""));
    const auto missing = run_allseason({"join", project, "villages", (dir / "khong.csv").string()});
    CHECK(missing.exit_code == 1);
    CHECK(dump_layers(project) == before);
}

TEST_CASE("cli join --on code --skip-unmatched", "[join][cli]") {
    temp_dir dir;
    const auto project = village_project(dir);
    const auto table = write_text(dir, "dan_so.csv",
                                  "ma_thon,ten,dan_so,dbkk\n"
                                  "V01,Nà Ó,210,có\n"
                                  "V09,Thôn mới,80,không\n"
                                  "V02,,260,x\n");
    const auto r = run_allseason({"join", project, "villages", table, "--on", "code", "--key",
                                  "ma_thon", "--skip-unmatched"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("skipped dan_so.csv row 2 (line 3): \"V09\" matches no feature of "
                               "villages by code"));
    CHECK_THAT(r.out, Contains("3 rows read, 2 features updated, 1 skipped"));
    // name is written when it is not the key; an empty cell leaves the stored value.
    CHECK(query(project, "SELECT code, name, population, especially_difficult FROM villages "
                         "WHERE code IN ('V01', 'V02') ORDER BY code") ==
          std::vector<std::string>{"V01|Nà Ó|210|1", "V02|Bản Khe Đin|260|1"});
}
