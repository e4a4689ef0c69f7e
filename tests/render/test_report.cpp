#include "geo/errors.hpp"
#include "layers/ranking_results.hpp"
#include "layers/render/map_style.hpp"
#include "layers/render/report.hpp"
#include "layers/results.hpp"
#include "render/render_fixture.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <filesystem>
#include <sstream>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

const char* const chromium = "/usr/bin/chromium";

// Rankings and critical elements as `rank` and `critical` store them.
void write_fixture_ranking(layers::project& p) {
    layers::project_ranking_run run{"rainy", "commune_centre", 8000.0, std::string("exact")};
    std::vector<layers::project_ranking_row> rows(3);
    rows[0].rank = 1;
    rows[0].code = "P01";
    rows[0].name = "Cầu dân sinh Nà Trắng";
    rows[0].kind = "bridge";
    rows[0].status = "proposed";
    rows[0].cost_million_vnd = 4500;
    rows[0].households_unflooded = 124;
    rows[0].villages_unflooded_json = R"(["NT"])";
    rows[0].households_per_billion_vnd = 27.6;
    rows[0].in_portfolio = true;
    rows[1].rank = 2;
    rows[1].code = "P02";
    rows[1].name = "Cứng hoá đường Phiêng Lùng";
    rows[1].kind = "road_upgrade";
    rows[1].status = "approved";
    rows[1].cost_million_vnd = 2500;
    rows[1].households_unflooded = 88;
    rows[1].villages_unflooded_json = R"(["PL"])";
    rows[1].households_per_billion_vnd = 35.2;
    rows[1].in_portfolio = true;
    rows[2].rank = 3;
    rows[2].code = "P03";
    rows[2].name = "Đường mới Nậm Rứ";
    rows[2].kind = "road_new";
    rows[2].status = "proposed";
    rows[2].cost_million_vnd = 3000;
    rows[2].in_portfolio = false;
    layers::replace_project_ranking(p, run, rows);
    layers::critical_element_row ford{"fords", "F01", "Ngầm Nà Trắng", std::nullopt, 124,
                                      R"(["NT"])", {}};
    layers::replace_critical_elements(p, "commune_centre", {ford});
}

std::string fixture_report(const std::filesystem::path& dir, render::language lang,
                           bool results) {
    auto project = test::make_small_commune(dir / "p.sqlite");
    if (results) {
        test::write_fixture_results(project);
        write_fixture_ranking(project);
    }
    render::report_options o;
    o.lang = lang;
    o.date = "2025-11-26";
    if (results) {
        o.problems = std::vector<render::check_problem>{
            {"warning", "crossing_far_from_road", "bridges", "B02",
             "bridge B02 is more than snap_m_crossing (25 m) from every road"}};
    }
    return render::render_report(project, o);
}

// The page's own requests: every src/href must be a fragment or data:, and no CSS url().
void check_self_contained(const std::string& html) {
    CHECK_THAT(html, Catch::Contains("Content-Security-Policy") &&
                         Catch::Contains("default-src 'none'"));
    CHECK_THAT(html, !Catch::Contains("<script") && !Catch::Contains("@import") &&
                         !Catch::Contains("<link") && !Catch::Contains("<img") &&
                         !Catch::Contains("<iframe") && !Catch::Contains("<object"));
    // CSS and SVG url() may only point inside the document (Cairo's clip paths), and every
    // src or href is a fragment or data: (no std::regex: GCC 12 warns inside it under ASan).
    for (auto pos = html.find("url("); pos != std::string::npos; pos = html.find("url(", pos + 1)) {
        auto target = html.substr(pos + 4, 12);
        target.erase(0, target.find_first_not_of(" '\""));
        INFO(target);
        CHECK(target.rfind("#", 0) == 0);
    }
    for (const std::string attribute : {"src=\"", "href=\""}) {
        for (auto pos = html.find(attribute); pos != std::string::npos;
             pos = html.find(attribute, pos + 1)) {
            const auto start = pos + attribute.size();
            const std::string target = html.substr(start, html.find('"', start) - start);
            INFO(target);
            CHECK((target.rfind("#", 0) == 0 || target.rfind("data:", 0) == 0));
        }
    }
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("report: every section from a project with results, in Vietnamese", "[render]") {
    temp_dir dir;
    const auto html = fixture_report(dir.path(), render::language::vi, true);
    CHECK_THAT(html, Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("<html lang=\"vi\">"));
    check_self_contained(html);
    for (const char* id : {"summary", "map", "cutoff", "ranking", "critical", "indicators",
                           "problems", "method"}) {
        INFO(id);
        CHECK(count(html, fmt::format("<section id=\"{}\"", id)) == 1);
    }
    // The two cut-off villages, largest first, with what blocks Nà Trắng.
    const auto cut = html.find("Nà Trắng</td>");
    const auto pl = html.find("Phiêng Lùng</td>");
    REQUIRE(cut != std::string::npos);
    REQUIRE(pl != std::string::npos);
    CHECK(cut < pl);
    CHECK_THAT(html, Catch::Contains("Ngầm Nà Trắng (F01)"));
    CHECK_THAT(html, Catch::Contains("2 trên 6 thôn (212 trên 727 hộ)"));
    // Ranking, portfolio, chart and critical elements.
    CHECK_THAT(html, Catch::Contains("Cầu dân sinh Nà Trắng") &&
                         Catch::Contains("Danh mục đầu tư trong ngân sách 8 tỷ đồng: P01, P02") &&
                         Catch::Contains("<figure class=\"chart\"><svg"));
    CHECK_THAT(html, Catch::Contains("Điểm xung yếu") && Catch::Contains("<td>F01</td>"));
    // Method: the thresholds and speeds of contract §2 and §4.
    CHECK_THAT(html, Catch::Contains("0,3 m") && Catch::Contains("2.000 m") &&
                         Catch::Contains("nhựa 40 km/h") && Catch::Contains("đi bộ đến đường 4 km/h") &&
                         Catch::Contains("1 m") && Catch::Contains("25 m"));
    CHECK_THAT(html, Catch::Contains("crossing_far_from_road"));
    // The map is inline SVG.
    CHECK(count(html, "<svg") >= 2);
    CHECK_THAT(html, !Catch::Contains("<?xml"));
}

TEST_CASE("report: absent data is said, in English", "[render]") {
    temp_dir dir;
    const auto html = fixture_report(dir.path(), render::language::en, false);
    check_self_contained(html);
    CHECK_THAT(html, Catch::Contains("<html lang=\"en\">"));
    CHECK_THAT(html, Catch::Contains("run allseason cutoff") && Catch::Contains("run allseason rank") &&
                         Catch::Contains("run allseason critical") &&
                         Catch::Contains("run allseason check"));
    CHECK_THAT(html, Catch::Contains("Method and assumptions") &&
                         Catch::Contains("asphalt 40 km/h"));
}

TEST_CASE("report: loads in headless Chromium without errors or requests, prints on A4",
          "[render][chromium]") {
    if (!std::filesystem::exists(chromium)) {
        WARN("chromium is not installed (apt-get install chromium): skipping the browser check");
        return;
    }
    temp_dir dir;
    const auto html_path = dir / "report.html";
    test::write_file(html_path, fixture_report(dir.path(), render::language::vi, true));
    const auto url = "file://" + html_path.string();
    const std::vector<std::string> common = {
        "90", chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + (dir / "profile").string(),
        "--enable-logging=stderr", "--v=0"};

    auto dump_args = common;
    dump_args.insert(dump_args.end(), {"--dump-dom", url});
    const auto dump = test::run_program("/usr/bin/timeout", dump_args);
    INFO(dump.err);
    REQUIRE(dump.exit_code == 0);
    CHECK_THAT(dump.out, Catch::Contains("Nà Trắng") && Catch::Contains("Phiêng Lùng"));
    // Console messages (script errors, CSP violations = blocked requests) are logged as CONSOLE.
    CHECK_THAT(dump.err, !Catch::Contains("CONSOLE") && !Catch::Contains("Refused"));

    auto shot_args = common;
    const auto png = dir / "shot.png";
    shot_args.insert(shot_args.end(),
                     {"--window-size=1000,2400", "--screenshot=" + png.string(), url});
    const auto shot = test::run_program("/usr/bin/timeout", shot_args);
    REQUIRE(shot.exit_code == 0);
    CHECK_THAT(shot.err, !Catch::Contains("CONSOLE"));
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
        cairo_image_surface_create_from_png(png.string().c_str()), cairo_surface_destroy);
    REQUIRE(cairo_surface_status(image.get()) == CAIRO_STATUS_SUCCESS);
    const int w = cairo_image_surface_get_width(image.get());
    const int h = cairo_image_surface_get_height(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    const auto* data = cairo_image_surface_get_data(image.get());
    const auto salmon = render::village_fill(render::village_status::cut_off);
    std::size_t inked = 0;
    std::size_t cut_off_fill = 0;
    for (int y = 0; y < h; y += 2) {
        for (int x = 0; x < w; x += 2) {
            std::uint32_t px;
            std::memcpy(&px, data + y * stride + x * 4, 4);
            const int r = static_cast<int>((px >> 16) & 0xff);
            const int g = static_cast<int>((px >> 8) & 0xff);
            const int b = static_cast<int>(px & 0xff);
            inked += (r < 200 || g < 200 || b < 200) ? 1 : 0;
            cut_off_fill += std::abs(r - static_cast<int>(salmon.r * 255)) < 8 &&
                                    std::abs(g - static_cast<int>(salmon.g * 255)) < 8 &&
                                    std::abs(b - static_cast<int>(salmon.b * 255)) < 8
                                ? 1
                                : 0;
        }
    }
    const std::size_t sampled = static_cast<std::size_t>((w / 2) * (h / 2));
    CHECK(inked > sampled / 50);
    CHECK(cut_off_fill > 200); // the inline map's cut-off villages were painted

    auto print_args = common;
    const auto pdf = dir / "printed.pdf";
    print_args.insert(print_args.end(), {"--no-pdf-header-footer",
                                         "--print-to-pdf=" + pdf.string(), url});
    const auto print = test::run_program("/usr/bin/timeout", print_args);
    REQUIRE(print.exit_code == 0);
    const auto info = test::run_program("/usr/bin/pdfinfo", {pdf.string()});
    CHECK_THAT(info.out, Catch::Contains("(A4)"));
    const auto text = test::run_program("/usr/bin/pdftotext", {pdf.string(), "-"});
    CHECK_THAT(text.out, Catch::Contains("Nà Trắng") && Catch::Contains("Phương pháp"));
}
