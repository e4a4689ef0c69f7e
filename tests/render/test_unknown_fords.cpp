// Fords closed only because nobody measured them: their own symbol and legend row on the map
// (only when the map has one), marked and listed in the report, derived ones said so.
#include "layers/render/map_data.hpp"
#include "layers/render/map_renderer.hpp"
#include "layers/render/report.hpp"
#include "render/render_fixture.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

// The fixture with Ngầm Nà Trắng (F01, closed, blocking Nà Trắng) never measured and derived,
// and the stored blocked_by saying so, as `cutoff` writes it.
layers::project unmeasured_commune(const std::filesystem::path& path) {
    auto project = test::make_small_commune(path);
    test::write_fixture_results(project);
    project.db()
        .prepare("UPDATE fords SET flood_depth_m = NULL, derived = 1 WHERE code = 'F01'")
        .run();
    project.db()
        .prepare(
            "UPDATE cutoff_results SET blocked_by = replace(blocked_by, "
            "'\"name\":\"Ngầm Nà Trắng\"', '\"name\":\"Ngầm Nà Trắng\",\"depth\":\"unknown\"')")
        .run();
    return project;
}

std::string pdf_text(const render::map_data& d, const std::filesystem::path& pdf) {
    render::render_map(d, render::map_options{}, render::map_format::pdf, pdf);
    const auto text = test::run_program("/usr/bin/pdftotext", {pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    return text.out;
}

} // namespace

TEST_CASE("map: closed fords of unknown depth get their own legend row", "[render][crossings]") {
    temp_dir dir;
    auto project = unmeasured_commune(dir / "p.sqlite");
    const auto d = render::load_map_data(project, "rainy", "commune_centre");
    const auto f01 =
        std::find_if(d.fords.begin(), d.fords.end(), [](const auto& f) { return f.code == "F01"; });
    REQUIRE(f01 != d.fords.end());
    CHECK(f01->closed);
    CHECK(f01->depth_unknown);
    CHECK(f01->derived);
    CHECK_THAT(pdf_text(d, dir / "map.pdf"), Catch::Contains("Ngầm, chưa đo độ sâu"));

    auto measured = test::make_small_commune(dir / "measured.sqlite");
    const auto m = render::load_map_data(measured, "rainy", "commune_centre");
    CHECK_THAT(pdf_text(m, dir / "measured.pdf"), !Catch::Contains("chưa đo độ sâu"));
}

TEST_CASE("report: fords closed for an unknown depth are marked and listed",
          "[render][crossings]") {
    temp_dir dir;
    auto project = unmeasured_commune(dir / "p.sqlite");
    render::report_options o;
    o.date = "2025-11-26";
    const auto vi = render::render_report(project, o);
    CHECK_THAT(vi, Catch::Contains("Ngầm Nà Trắng (F01) — chưa đo độ sâu"));
    CHECK_THAT(vi, Catch::Contains("1 ngầm bị coi là không qua được chỉ vì chưa đo độ sâu: "
                                   "Ngầm Nà Trắng (F01) — suy ra từ chỗ đường cắt suối"));
    o.lang = render::language::en;
    const auto en = render::render_report(project, o);
    CHECK_THAT(en, Catch::Contains("Ngầm Nà Trắng (F01) — depth not measured") &&
                       Catch::Contains("1 fords closed only because their depth is unknown"));
}
