#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using allseason::test::run_allseason;
using allseason::test::temp_dir;

TEST_CASE("init then info, as a planner would", "[cli]") {
    temp_dir dir;
    const auto project = (dir / "anlac.sqlite").string();
    auto init = run_allseason({"init", project, "--crs", "VN2000:bac-giang", "--name", "An Lạc"});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    CHECK_THAT(init.out, Catch::Contains("EPSG:9214"));

    auto info = run_allseason({"info", project});
    REQUIRE(info.exit_code == 0);
    CHECK_THAT(info.out, Catch::Contains("An Lạc") && Catch::Contains("VN-2000 / TM-3 107-00") &&
                             Catch::Contains("villages") && Catch::Contains("MULTIPOLYGON"));

    auto json = run_allseason({"info", project, "--format", "json"});
    REQUIRE(json.exit_code == 0);
    const auto answer = nlohmann::json::parse(json.out);
    CHECK(answer["name"] == "An Lạc");
    CHECK(answer["crs"] == "EPSG:9214");
    CHECK(answer["schema_version"].get<int>() >= 1);
    CHECK(answer["layers"].size() == 12);
    CHECK(answer["layers"][0]["layer"] == "villages");
    CHECK(answer["layers"][0]["features"] == 0);
    CHECK(json.err.empty());
}

TEST_CASE("usage errors exit 2 with a message that says what to do", "[cli]") {
    temp_dir dir;
    const auto project = (dir / "p.sqlite").string();
    REQUIRE(run_allseason({"init", project, "--crs", "EPSG:3405"}).exit_code == 0);

    auto again = run_allseason({"init", project, "--crs", "EPSG:3405"});
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("already exists") && Catch::Contains("--force"));
    CHECK(run_allseason({"init", project, "--crs", "EPSG:3405", "--force"}).exit_code == 0);

    auto bad_crs = run_allseason({"init", (dir / "b.sqlite").string(), "--crs", "EPSG:123456789"});
    CHECK(bad_crs.exit_code == 2);
    CHECK_THAT(bad_crs.err, Catch::Contains("EPSG:123456789"));

    auto geographic = run_allseason({"init", (dir / "g.sqlite").string(), "--crs", "EPSG:4326"});
    CHECK(geographic.exit_code == 2);
    CHECK_THAT(geographic.err, Catch::Contains("geographic") && Catch::Contains("VN2000:bac-giang"));
    CHECK_FALSE(std::filesystem::exists(dir / "g.sqlite"));

    CHECK(run_allseason({"frobnicate"}).exit_code == 2);
    CHECK(run_allseason({}).exit_code == 2);
    CHECK(run_allseason({"info"}).exit_code == 2);
    CHECK(run_allseason({"info", project, "--format", "xml"}).exit_code == 2);
}

TEST_CASE("data errors exit 1 and name the file", "[cli]") {
    temp_dir dir;
    auto missing = run_allseason({"info", (dir / "missing.sqlite").string()});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("missing.sqlite") && Catch::Contains("no such"));

    allseason::test::write_file(dir / "notes.sqlite", "not a database");
    auto junk = run_allseason({"info", (dir / "notes.sqlite").string()});
    CHECK(junk.exit_code == 1);
    CHECK_THAT(junk.err, Catch::Contains("notes.sqlite"));
}

TEST_CASE("every command has help, and the program a version", "[cli]") {
    auto version = run_allseason({"--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Catch::StartsWith("allseason "));
    for (const char* command : {"init", "info", "import", "check", "cutoff", "critical", "rank",
                                "indicators", "export", "map", "report"}) {
        auto help = run_allseason({command, "--help"});
        INFO(command);
        CHECK(help.exit_code == 0);
        CHECK_THAT(help.out, Catch::Contains("PROJECT"));
    }
    CHECK_THAT(run_allseason({"build", "--help"}).out, Catch::Contains("MANIFEST"));
    CHECK_THAT(run_allseason({"demo", "--help"}).out, Catch::Contains("OUTDIR"));
}
