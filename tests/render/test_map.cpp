#include "geo/errors.hpp"
#include "layers/render/map_renderer.hpp"
#include "layers/render/map_style.hpp"
#include "render/render_fixture.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <cairo.h>
#include <glib.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <sstream>
#include <fmt/format.h>
#include <memory>

using namespace allseason;
using allseason::test::temp_dir;

namespace {

struct png_image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    int width = 0;
    int height = 0;

    explicit png_image(const std::filesystem::path& path) {
        surface.reset(cairo_image_surface_create_from_png(path.string().c_str()));
        REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
        width = cairo_image_surface_get_width(surface.get());
        height = cairo_image_surface_get_height(surface.get());
    }
    // 0xRRGGBB of a pixel (PNGs from RGB24 surfaces load as RGB24 or ARGB32, both 32 bit).
    unsigned rgb(int x, int y) const {
        const auto* data = cairo_image_surface_get_data(surface.get());
        const int stride = cairo_image_surface_get_stride(surface.get());
        std::uint32_t pixel;
        std::memcpy(&pixel, data + y * stride + x * 4, 4);
        return pixel & 0xffffff;
    }
};

unsigned to_rgb(const render::colour& c) {
    return (static_cast<unsigned>(std::lround(c.r * 255)) << 16) |
           (static_cast<unsigned>(std::lround(c.g * 255)) << 8) |
           static_cast<unsigned>(std::lround(c.b * 255));
}

bool close_colour(unsigned a, unsigned b, int tolerance = 6) {
    for (int shift : {0, 8, 16}) {
        const int da = static_cast<int>((a >> shift) & 0xff);
        const int db = static_cast<int>((b >> shift) & 0xff);
        if (std::abs(da - db) > tolerance) return false;
    }
    return true;
}

// Well-formed XML by GLib's markup parser (no external tool needed); the error text otherwise.
std::string xml_error(const std::string& text) {
    GMarkupParser parser{};
    GMarkupParseContext* context = g_markup_parse_context_new(&parser, G_MARKUP_PREFIX_ERROR_POSITION,
                                                              nullptr, nullptr);
    GError* error = nullptr;
    const bool ok = g_markup_parse_context_parse(context, text.data(),
                                                 static_cast<gssize>(text.size()), &error) &&
                    g_markup_parse_context_end_parse(context, &error);
    std::string message = ok ? "" : (error ? error->message : "unknown error");
    if (error) g_error_free(error);
    g_markup_parse_context_free(context);
    return message;
}

render::village_status status_named(const std::string& word) {
    for (auto s : {render::village_status::reachable, render::village_status::cut_off,
                   render::village_status::no_road_access,
                   render::village_status::unreachable_dry}) {
        if (render::to_string(s) == word) return s;
    }
    return render::village_status::unknown;
}

render::map_data fixture_data(const std::filesystem::path& path, bool results = true) {
    auto project = test::make_small_commune(path);
    if (results) test::write_fixture_results(project);
    return render::load_map_data(project, "rainy", "commune_centre");
}

} // namespace

TEST_CASE("map data: statuses, closures and summary come from the project", "[render]") {
    temp_dir dir;
    const auto d = fixture_data(dir / "p.sqlite");
    REQUIRE(d.villages.size() == 6);
    CHECK(d.has_results);
    CHECK(d.project_name == "An Lạc");
    CHECK_THAT(d.crs_label, Catch::StartsWith("EPSG:9214"));
    for (std::size_t i = 0; i < d.villages.size(); ++i) {
        const auto& expected = test::fixture_villages()[i];
        INFO(expected.name);
        CHECK(d.villages[i].name == expected.name);
        CHECK(render::to_string(d.villages[i].status) == expected.status);
    }
    CHECK(d.summary.villages_cut_off == 2);
    CHECK(d.summary.households_cut_off == 124 + 88);
    CHECK(d.summary.households_without_road == 60);
    // F01 is 0.8 m deep (> 0.3 m), F02 0.2 m.
    REQUIRE(d.fords.size() == 2);
    CHECK(d.fords[0].closed);
    CHECK_FALSE(d.fords[1].closed);
    // The earth track closes whole; the landslide zone closes 250 m of TT05.
    for (const auto& r : d.roads) CHECK(r.closed_by_surface == (r.code == "TM04"));
    REQUIRE(d.closed_parts.size() == 1);
    CHECK(d.roads[d.closed_parts[0].road].code == "TT05");
    CHECK(d.hazard_zones.size() == 1);
    CHECK(d.projects.size() == 3);
    REQUIRE(d.extent);
    CHECK(d.extent->min_x == Approx(test::origin_x));
    CHECK(d.extent->max_y == Approx(test::origin_y + 4000));
}

TEST_CASE("dry scenario: nothing closes", "[render]") {
    temp_dir dir;
    auto project = test::make_small_commune(dir / "p.sqlite");
    const auto d = render::load_map_data(project, "dry", "commune_centre");
    CHECK_FALSE(d.has_results);
    for (const auto& f : d.fords) CHECK_FALSE(f.closed);
    for (const auto& r : d.roads) CHECK_FALSE(r.closed_by_surface);
    CHECK(d.closed_parts.empty());
    for (const auto& v : d.villages) CHECK(v.status == render::village_status::unknown);
    CHECK_THROWS_AS(render::load_map_data(project, "monsoon", "commune_centre"), usage_error);
}

TEST_CASE("PNG: villages filled by status, legend drawn, at the asked dpi", "[render]") {
    temp_dir dir;
    const auto d = fixture_data(dir / "p.sqlite");
    render::map_options options;
    options.dpi = 100;
    options.date = "2025-11-26";
    const auto png = dir / "map.png";
    const auto layout = render::render_map(d, options, render::map_format::png, png);
    const png_image image(png);
    // A4 landscape at 100 dpi: 297 × 210 mm.
    CHECK(image.width == static_cast<int>(std::ceil(layout.page_width * 100 / 72)));
    CHECK(image.width == 1170);
    CHECK(image.height == 827);
    const double k = 100.0 / 72;

    // Inside each village, most sampled pixels carry its status colour (labels, roads and
    // symbols cover some).
    for (const auto& v : test::fixture_villages()) {
        INFO(v.name);
        const auto fill = to_rgb(render::village_fill(status_named(v.status)));
        int matching = 0;
        int blank = 0;
        int samples = 0;
        for (double fx = 0.1; fx < 0.75; fx += 0.08) {
            for (double fy = 0.1; fy < 0.95; fy += 0.08) {
                const auto q = layout.to_page({test::origin_x + v.x0 + (v.x1 - v.x0) * fx,
                                               test::origin_y + v.y0 + (v.y1 - v.y0) * fy});
                const unsigned c = image.rgb(static_cast<int>(q.x * k), static_cast<int>(q.y * k));
                ++samples;
                matching += close_colour(c, fill) ? 1 : 0;
                blank += c == 0xffffff ? 1 : 0; // road casings are white, the paper too
            }
        }
        CHECK(matching > samples / 3);
        CHECK(blank < samples / 10);
    }
    // The legend box: a dark frame and ink inside.
    const auto& legend = layout.legend;
    CHECK(legend.x0 > layout.map_frame.x1);
    const int lx = static_cast<int>((legend.x0 + legend.x1) / 2 * k);
    const unsigned border = image.rgb(lx, static_cast<int>(std::round(legend.y0 * k)));
    CHECK(((border >> 16) & 0xff) < 0x90);
    int inked = 0;
    int total = 0;
    for (int y = static_cast<int>(legend.y0 * k) + 4; y < static_cast<int>(legend.y1 * k) - 4; y += 3) {
        for (int x = static_cast<int>(legend.x0 * k) + 4; x < static_cast<int>(legend.x1 * k) - 4; x += 3) {
            ++total;
            inked += image.rgb(x, y) != 0xffffff ? 1 : 0;
        }
    }
    CHECK(inked > total / 50);
    CHECK(layout.dropped_labels.empty());
    // Six village labels, three project callouts, a closed ford, the commune centre, and
    // none overlaps another or leaves the frame.
    CHECK(layout.labels.size() >= 11);
    for (std::size_t i = 0; i < layout.labels.size(); ++i) {
        CHECK(layout.map_frame.contains(layout.labels[i]));
        for (std::size_t j = i + 1; j < layout.labels.size(); ++j) {
            CHECK_FALSE(layout.labels[i].intersects(layout.labels[j]));
        }
    }
}

TEST_CASE("PDF: vector, fonts embedded, village names extractable byte-exact", "[render]") {
    temp_dir dir;
    const auto d = fixture_data(dir / "p.sqlite");
    const auto pdf = dir / "map.pdf";
    render::map_options options;
    options.size = render::paper_size::a3;
    render::render_map(d, options, render::map_format::pdf, pdf);
    const auto text = test::run_program("/usr/bin/pdftotext", {pdf.string(), "-"});
    REQUIRE(text.exit_code == 0);
    for (const auto& v : test::fixture_villages()) {
        INFO(v.name);
        CHECK_THAT(text.out, Catch::Contains(v.name));
    }
    CHECK_THAT(text.out, Catch::Contains("124 hộ bị chia cắt"));
    CHECK_THAT(text.out, Catch::Contains("Chú giải"));
    CHECK_THAT(text.out, Catch::Contains("EPSG:9214"));
    const auto fonts = test::run_program("/usr/bin/pdffonts", {pdf.string()});
    REQUIRE(fonts.exit_code == 0);
    CHECK_THAT(fonts.out, Catch::Contains("NotoSans"));
    // Every font is embedded: the "emb" column says yes on each font line.
    std::istringstream lines(fonts.out);
    std::string row;
    int font_rows = 0;
    while (std::getline(lines, row)) {
        if (row.find("NotoSans") == std::string::npos) continue;
        ++font_rows;
        CHECK_THAT(row, Catch::Contains(" yes "));
    }
    CHECK(font_rows >= 2);
    // A3 landscape: 420 × 297 mm.
    const auto info = test::run_program("/usr/bin/pdfinfo", {pdf.string()});
    CHECK_THAT(info.out, Catch::Contains("1190.55 x 841.89 pts"));
}

TEST_CASE("SVG parses as XML, in English too", "[render]") {
    temp_dir dir;
    const auto d = fixture_data(dir / "p.sqlite");
    render::map_options options;
    options.lang = render::language::en;
    const auto svg = dir / "map.svg";
    render::render_map(d, options, render::map_format::svg, svg);
    CHECK(xml_error(test::read_file(svg)).empty());
    CHECK_FALSE(xml_error("<svg><g></svg>").empty()); // the check can fail
    if (std::filesystem::exists("/usr/bin/xmllint")) {
        const auto lint = test::run_program("/usr/bin/xmllint", {"--noout", svg.string()});
        INFO(lint.err);
        CHECK(lint.exit_code == 0);
    }
    const auto in_memory = render::render_map_svg(d, options);
    CHECK_THAT(in_memory, Catch::StartsWith("<?xml"));
    CHECK_THAT(in_memory, Catch::Contains("<svg") && Catch::Contains("viewBox"));
    CHECK(xml_error(in_memory).empty());
}

TEST_CASE("a project with nothing to draw is refused", "[render]") {
    temp_dir dir;
    auto project = layers::project::create(dir / "empty.sqlite",
                                           geo::crs::from_user_text("EPSG:9214"), {"Trống", false});
    const auto d = render::load_map_data(project, "rainy", "commune_centre");
    CHECK_THROWS_AS(render::render_map(d, {}, render::map_format::png, dir / "m.png"),
                    data_error);
    CHECK_THROWS_AS(render::format_from_path("map.jpg"), usage_error);
    CHECK(render::format_from_path("MAP.PDF") == render::map_format::pdf);
}
