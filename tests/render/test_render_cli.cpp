#include "layers/features.hpp"
#include "layers/project.hpp"
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
    CHECK_THAT(test::read_file(dir / "m.svg"), Catch::Contains("<svg") && Catch::EndsWith("</svg>\n"));

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
    const auto empty = (dir / "empty.sqlite").string();
    REQUIRE(run_allseason({"init", empty}).exit_code == 0);
    for (const auto& command : {std::vector<std::string>{"map", empty, out},
                                std::vector<std::string>{"report", empty, out + ".html"}}) {
        const auto r = run_allseason(command);
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("import villages and roads first"));
    }
    const auto missing = run_allseason({"map", (dir / "none.sqlite").string(), out});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("none.sqlite"));
}

TEST_CASE("the An Lạc example: every format, every village name, no label left out",
          "[render][cli][example]") {
    temp_dir dir;
    const auto out = dir / "demo";
    const auto demo = run_allseason({"demo", out.string()});
    INFO(demo.err);
    REQUIRE(demo.exit_code == 0);
    const auto project = (out / "anlac.sqlite").string();
    std::vector<std::string> names;
    {
        auto p = layers::project::open(project, false);
        for (const auto& v : layers::read_villages(p)) names.push_back(v.name);
    }
    REQUIRE(names.size() >= 10);

    for (const char* file : {"map.pdf", "map_a3.pdf", "map.png", "map.svg"}) {
        INFO(file);
        std::vector<std::string> args{"map", project, (dir / file).string()};
        if (std::string(file) == "map_a3.pdf") args.insert(args.end(), {"--size", "A3"});
        const auto r = run_allseason(args);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.err, !Catch::Contains("left out"));
    }
    for (const char* file : {"map.pdf", "map_a3.pdf"}) {
        const auto text = test::run_program("/usr/bin/pdftotext", {(dir / file).string(), "-"});
        for (const auto& name : names) {
            INFO(file << ": " << name);
            CHECK_THAT(text.out, Catch::Contains(name));
        }
    }
    CHECK_THAT(test::read_file(dir / "map.svg"), Catch::EndsWith("</svg>\n"));

    const auto report = run_allseason({"report", project, (dir / "report.html").string(),
                                       "--lang", "en"});
    REQUIRE(report.exit_code == 0);
    const auto html = test::read_file(dir / "report.html");
    CHECK_THAT(html, Catch::Contains("Cut-off villages") && Catch::Contains("Nà Trắng") &&
                         Catch::Contains("<figure class=\"chart\">"));
    CHECK_THAT(html, !Catch::Contains("run allseason rank") &&
                         !Catch::Contains("run allseason critical"));
}
