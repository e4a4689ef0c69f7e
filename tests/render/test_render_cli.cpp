#include "layers/render/map_data.hpp"
#include "render/render_fixture.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace allseason;
using allseason::test::run_allseason;
using allseason::test::temp_dir;

TEST_CASE("allseason map and report on a hand-made commune", "[render][cli]") {
    temp_dir dir;
    const auto project = (dir / "p.sqlite").string();
    test::make_small_commune(project);

    // No stored answers: map runs the cut-off analysis first, stores it and says so.
    const auto png = run_allseason({"map", project, (dir / "m.png").string(), "--dpi", "96"});
    INFO(png.err);
    REQUIRE(png.exit_code == 0);
    CHECK_THAT(png.err, Catch::Contains("ran the cut-off analysis first"));
    CHECK(std::filesystem::file_size(dir / "m.png") > 10000);
    {
        auto p = layers::project::open(project, false);
        CHECK(render::has_cutoff_results(p, "rainy", "commune_centre"));
    }
    const auto pdf = run_allseason({"map", project, (dir / "m.pdf").string(), "--size", "A3",
                                    "--title", "Bản đồ ưu tiên xã An Lạc", "--lang", "en"});
    REQUIRE(pdf.exit_code == 0);
    CHECK(pdf.err.empty()); // the answers are stored now
    const auto text = test::run_program("/usr/bin/pdftotext", {(dir / "m.pdf").string(), "-"});
    CHECK_THAT(text.out, Catch::Contains("Bản đồ ưu tiên xã An Lạc") &&
                             Catch::Contains("Legend") && Catch::Contains("Khuổi Củng"));

    const auto svg = run_allseason({"map", project, (dir / "m.svg").string(), "--scenario", "dry"});
    REQUIRE(svg.exit_code == 0);
    CHECK(test::run_program("/usr/bin/xmllint", {"--noout", (dir / "m.svg").string()}).exit_code ==
          0);

    const auto report = run_allseason({"report", project, (dir / "r.html").string()});
    INFO(report.err);
    REQUIRE(report.exit_code == 0);
    const auto html = test::read_file(dir / "r.html");
    CHECK_THAT(html, Catch::Contains("Nà Trắng") && Catch::Contains("Phương pháp và giả định") &&
                         Catch::Contains("Vấn đề dữ liệu"));
}

TEST_CASE("map and report usage errors exit 2", "[render][cli]") {
    temp_dir dir;
    const auto project = (dir / "p.sqlite").string();
    test::make_small_commune(project);
    const auto out = (dir / "m.png").string();
    CHECK(run_allseason({"map", project, (dir / "m.jpg").string()}).exit_code == 2);
    CHECK(run_allseason({"map", project, out, "--size", "A5"}).exit_code == 2);
    CHECK(run_allseason({"map", project, out, "--dpi", "20"}).exit_code == 2);
    CHECK(run_allseason({"map", project, out, "--lang", "fr"}).exit_code == 2);
    const auto scenario = run_allseason({"map", project, out, "--scenario", "monsoon"});
    CHECK(scenario.exit_code == 2);
    CHECK_THAT(scenario.err, Catch::Contains("monsoon") && Catch::Contains("rainy"));
    CHECK(run_allseason({"map", project, out, "--to", "airport"}).exit_code == 2);
    CHECK(run_allseason({"report", project}).exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(out));
    const auto missing = run_allseason({"map", (dir / "none.sqlite").string(), out});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("none.sqlite"));
}
