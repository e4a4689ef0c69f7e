// Villages known only by their centre (contract §1: Points) and villages whose households are
// not known yet, end to end through the program: cutoff, rank, indicators, export, map and
// report all carry the unknown households as unknown — never as a silent 0.
#include "geo/gdal.hpp"
#include "layers/render/map_renderer.hpp"
#include "layers/render/map_style.hpp"
#include "routing/map_project.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <numbers>

using namespace allseason;
using nlohmann::json;
using test::run_allseason;

namespace {

// The commune centre at A; the road to Nà Trắng crosses the deep ford X. Behind it: Nà Trắng
// (a Point, 124 households) and Khuổi Mười (a Point, households unknown). Near the centre: a
// point village without a name (30 households) and a polygon village, Pác Ả (40 households).
// Bridge project P01 replaces the ford.
const test::ascii_map commune_map(R"(
A...X...N
)");

geo::xy offset(geo::xy p, double dx, double dy) {
    return {p.x + dx, p.y + dy};
}

std::filesystem::path make_commune(const test::temp_dir& dir) {
    const auto path = dir / "diem.sqlite";
    test::map_project p(path, commune_map);
    const auto& m = commune_map;
    p.road("R1", "AXN", "asphalt", "inter_commune", "Đường liên xã");
    p.facility("UBND", "commune_centre", m.at('A'));
    p.ford("F07", m.at('X'), 0.9, "Ngầm Nà Trắng");
    p.point_village("NT", "Nà Trắng", 124, offset(m.at('N'), 0, 150));
    p.point_village("KM", "Khuổi Mười", std::nullopt, offset(m.at('N'), -100, -200));
    p.point_village("V9", std::nullopt, 30, offset(m.at('A'), 0, -200));
    p.village("PA", "Pác Ả", 40, offset(m.at('A'), 150, 200));
    const auto x = m.at('X');
    p.project_row("P01", "bridge", "proposed", fmt::format("POINT({} {})", x.x, x.y), 5000, "F07");
    return path;
}

json run_json(const std::vector<std::string>& args) {
    const auto r = run_allseason(args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::string sqlite3_cli(const std::filesystem::path& db, const std::string& sql) {
    return test::run_program("/usr/bin/sqlite3", {db.string(), sql}).out;
}

const json& village(const json& cutoff, const std::string& code) {
    for (const auto& v : cutoff.at("villages")) {
        if (v.at("code") == code)
            return v;
    }
    FAIL("no village " << code);
    throw;
}

struct png_image {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
        nullptr, cairo_surface_destroy};
    explicit png_image(const std::filesystem::path& path) {
        surface.reset(cairo_image_surface_create_from_png(path.string().c_str()));
        REQUIRE(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
    }
    unsigned rgb(double x, double y) const {
        const auto* data = cairo_image_surface_get_data(surface.get());
        const int stride = cairo_image_surface_get_stride(surface.get());
        std::uint32_t pixel;
        std::memcpy(&pixel, data + static_cast<int>(y) * stride + static_cast<int>(x) * 4, 4);
        return pixel & 0xffffff;
    }
};

unsigned to_rgb(const render::colour& c) {
    return (static_cast<unsigned>(std::lround(c.r * 255)) << 16) |
           (static_cast<unsigned>(std::lround(c.g * 255)) << 8) |
           static_cast<unsigned>(std::lround(c.b * 255));
}

bool close_colour(unsigned a, unsigned b, int tolerance = 8) {
    for (int shift : {0, 8, 16}) {
        if (std::abs(static_cast<int>((a >> shift) & 0xff) -
                     static_cast<int>((b >> shift) & 0xff)) > tolerance)
            return false;
    }
    return true;
}

} // namespace

TEST_CASE("cutoff: a point village joins at its point, unknown households stay null",
          "[villages][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto cutoff = run_json({"cutoff", path.string(), "--format", "json"});
    const auto& nt = village(cutoff, "NT");
    CHECK(nt.at("households") == 124);
    CHECK(nt.at("reachable_dry") == true);
    CHECK(nt.at("reachable") == false);
    const auto& km = village(cutoff, "KM");
    CHECK(km.at("name") == "Khuổi Mười");
    CHECK(km.at("households").is_null());
    CHECK(km.at("reachable_dry") == true);
    CHECK(km.at("reachable") == false); // cut off by its place, not by a count
    CHECK(km.at("blocked_by").size() == 1);
    const auto& v9 = village(cutoff, "V9");
    CHECK(v9.at("name") == "V9"); // no name: the code
    CHECK(v9.at("reachable") == true);
    CHECK(village(cutoff, "PA").at("reachable") == true); // the polygon village as before
    const auto& s = cutoff.at("summary");
    CHECK(s.at("villages") == 4);
    CHECK(s.at("villages_cut_off") == 2);
    CHECK(s.at("households") == 124 + 30 + 40);
    CHECK(s.at("households_cut_off") == 124);
    CHECK(s.at("villages_households_unknown") == 1);

    // Stored for map, report and QGIS: households null, the point kept as a point.
    CHECK(sqlite3_cli(path, "SELECT quote(households) || ' ' || (geom IS NOT NULL) FROM "
                            "cutoff_results WHERE village_code = 'KM'") == "NULL 1\n");

    const auto csv = run_allseason({"cutoff", path.string(), "--format", "csv"});
    CHECK_THAT(csv.out, Catch::Contains("KM,Khuổi Mười,,0,true,false,true"));
    const auto table = run_allseason({"cutoff", path.string()});
    CHECK_THAT(table.out,
               Catch::Contains("unknown") && Catch::Contains("1 villages of unknown households"));
}

TEST_CASE("cutoff rebuilds a cutoff_results table of the old layout, keeping its rows",
          "[villages][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    {
        auto project = layers::project::open(path);
        project.db().exec(R"(CREATE TABLE cutoff_results (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, scenario TEXT NOT NULL, destination TEXT NOT NULL,
  village_code TEXT NOT NULL, village_name TEXT, households INTEGER NOT NULL,
  ethnic_minority_households INTEGER NOT NULL, households_cut_off INTEGER NOT NULL,
  households_without_road INTEGER NOT NULL DEFAULT 0, has_road_access INTEGER NOT NULL,
  reachable_dry INTEGER NOT NULL, reachable INTEGER NOT NULL, cut_off INTEGER NOT NULL,
  travel_min_dry REAL, travel_min REAL, blocked_by TEXT NOT NULL DEFAULT '[]',
  computed TEXT NOT NULL, UNIQUE (scenario, destination, village_code)))");
        project.db().exec(
            "SELECT AddGeometryColumn('cutoff_results', 'geom', 32648, 'MULTIPOLYGON', 'XY')");
        project.db().exec(
            "INSERT INTO cutoff_results (scenario, destination, village_code, households, "
            "ethnic_minority_households, households_cut_off, has_road_access, reachable_dry, "
            "reachable, cut_off, computed) VALUES ('dry', 'commune_centre', 'PA', 40, 0, 0, 1, "
            "1, 1, 0, '2025-01-01T00:00:00Z')");
    }
    run_json({"cutoff", path.string(), "--format", "json"});
    CHECK(sqlite3_cli(path,
                      "SELECT scenario || ' ' || village_code || ' ' || quote(households) "
                      "FROM cutoff_results WHERE village_code IN ('PA', 'KM') ORDER BY fid") ==
          "dry PA 40\nrainy KM NULL\nrainy PA 40\n");
}

TEST_CASE("rank: a project reconnecting villages of unknown households says so",
          "[villages][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto rank = run_json({"rank", path.string(), "--budget", "6000", "--format", "json"});
    REQUIRE(rank.at("projects").size() == 1);
    const auto& p01 = rank.at("projects")[0];
    CHECK(p01.at("households_unflooded") == 124); // only the known households
    CHECK(p01.at("villages_unflooded") == json({"KM", "NT"}));
    CHECK(p01.at("villages_households_unknown") == json({"KM"}));
    REQUIRE(p01.contains("notes"));
    CHECK_THAT(p01.at("notes")[0].get<std::string>(),
               Catch::Contains("unknown households") && Catch::Contains("KM"));
    const auto& portfolio = rank.at("portfolio");
    CHECK(portfolio.at("households_unflooded") == 124);
    CHECK(portfolio.at("villages_households_unknown") == json({"KM"}));
}

TEST_CASE("indicators: villages of unknown households are noted and left out", "[villages][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    const auto cutoff = run_json({"cutoff", path.string(), "--format", "json"});
    const auto indicators = run_json({"indicators", path.string(), "--format", "json"});
    const json* access = nullptr;
    for (const auto& i : indicators.at("indicators")) {
        if (i.at("id") == "households_all_season_access")
            access = &i;
    }
    REQUIRE(access);
    const auto& s = cutoff.at("summary");
    const double households = s.at("households").get<double>();
    const double with_access = households - s.at("households_cut_off").get<double>();
    CHECK(access->at("value").get<double>() == Approx(100 * with_access / households).margin(0.01));
    CHECK_THAT(access->at("note").get<std::string>(), Catch::Contains("1 village"));
    CHECK(access->at("basis").at("villages_households_unknown") == 1);

    const auto vi = run_json({"indicators", path.string(), "--format", "json", "--lang", "vi"});
    for (const auto& i : vi.at("indicators")) {
        if (i.at("id") == "households_all_season_access") {
            CHECK_THAT(i.at("note").get<std::string>(), Catch::Contains("1 thôn chưa có số hộ"));
        }
    }
}

TEST_CASE("export: point villages in villages_points, unknown households null", "[villages][cli]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    run_json({"cutoff", path.string(), "--format", "json"});
    const auto out = dir / "diem.gpkg";
    const auto r = run_allseason({"export", path.string(), out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto ds = geo::vector_dataset::open(out);
    CHECK(ds.layer("villages").feature_count(true) == 1);
    auto points = ds.layer("villages_points");
    CHECK(points.feature_count(true) == 3);
    CHECK(points.geometry_type_name() == "Point");
    int unknown = 0;
    while (auto f = points.next_feature()) {
        const bool is_null = f->is_null(f->field_index("households"));
        CHECK(is_null == (f->get_text(f->field_index("code")) == "KM"));
        unknown += is_null ? 1 : 0;
    }
    CHECK(unknown == 1);
    auto cut = ds.layer("cutoff_villages_points");
    CHECK(cut.feature_count(true) == 3);
    while (auto f = cut.next_feature()) {
        if (f->get_text(f->field_index("village_code")) == "KM") {
            CHECK(f->is_null(f->field_index("households")));
            CHECK(f->get_text(f->field_index("cutoff_status")) == "cut_off");
        }
    }
    CHECK(ds.layer("cutoff_villages").feature_count(true) == 1);
}

TEST_CASE("map and report: point villages drawn by status, unknown households shown",
          "[villages][render]") {
    test::temp_dir dir;
    const auto path = make_commune(dir);
    run_json({"cutoff", path.string(), "--format", "json"});
    auto project = layers::project::open(path);
    const auto d = render::load_map_data(project, "rainy", "commune_centre");
    CHECK(d.summary.villages_households_unknown == 1);
    render::map_options options;
    options.dpi = 100;
    const auto png = dir / "map.png";
    const auto layout = render::render_map(d, options, render::map_format::png, png);
    const png_image image(png);
    const double k = 100.0 / 72;
    const auto cut_off = to_rgb(render::village_fill(render::village_status::cut_off));
    const auto reachable = to_rgb(render::village_fill(render::village_status::reachable));
    for (const auto& v : d.villages) {
        if (!v.point)
            continue;
        INFO(v.code);
        const auto q = layout.to_page(*v.point);
        const auto want = v.code == "V9" ? reachable : cut_off;
        if (v.households) {
            CHECK(close_colour(image.rgb(q.x * k, q.y * k), want));
        } else {
            // A hollow ring in the status colour: its pixels, not its centre, carry it.
            const double r = 7.75 + 0.9;
            int on_ring = 0;
            for (int a = 0; a < 24; ++a) {
                const double t = a * std::numbers::pi / 12;
                on_ring += close_colour(
                    image.rgb((q.x + r * std::cos(t)) * k, (q.y + r * std::sin(t)) * k), want, 24);
            }
            CHECK(on_ring >= 8);
            CHECK_FALSE(close_colour(image.rgb(q.x * k, q.y * k - 3), want));
        }
    }

    const auto html = dir / "report.html";
    const auto r = run_allseason({"report", path.string(), html.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::ifstream in(html);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(text,
               Catch::Contains("1 thôn chưa có số hộ: Khuổi Mười") && Catch::Contains("chưa rõ"));
}
