#include "render/render_fixture.hpp"

#include "geo/sqlite.hpp"
#include "layers/results.hpp"

#include <fmt/format.h>

namespace allseason::test {

namespace {

std::string pt(double x, double y) { return fmt::format("{} {}", origin_x + x, origin_y + y); }

std::string square_wkt(const fixture_village& v) {
    // Shared edges inside the commune bend at their middle, so the polygons are not plain
    // squares and neighbours still meet without gaps.
    const auto bend = [](double x) { return x > 0 && x < 6000 ? 150.0 : 0.0; };
    const double mid = (v.y0 + v.y1) / 2;
    return fmt::format("MULTIPOLYGON((({}, {}, {}, {}, {}, {}, {})))", pt(v.x0, v.y0),
                       pt(v.x1, v.y0), pt(v.x1 - bend(v.x1), mid), pt(v.x1, v.y1),
                       pt(v.x0, v.y1), pt(v.x0 - bend(v.x0), mid), pt(v.x0, v.y0));
}

void exec(geo::database& db, const std::string& sql) { db.exec(sql); }

std::string line(std::initializer_list<std::pair<double, double>> points) {
    std::string out = "LINESTRING(";
    bool first = true;
    for (const auto& [x, y] : points) {
        out += (first ? "" : ", ") + pt(x, y);
        first = false;
    }
    return out + ")";
}

std::string geom(const std::string& wkt) { return fmt::format("GeomFromText('{}', 9214)", wkt); }
std::string point(double x, double y) { return geom(fmt::format("POINT({})", pt(x, y))); }

} // namespace

const std::vector<fixture_village>& fixture_villages() {
    static const std::vector<fixture_village> villages = {
        {"NT", "Nà Trắng", 0, 2000, 2000, 4000, "cut_off", 124},
        {"DA", "Thôn Đồng Ẩm", 2000, 2000, 4000, 4000, "reachable", 210},
        {"KC", "Khuổi Củng", 4000, 2000, 6000, 4000, "reachable", 95},
        {"NR", "Nậm Rứ", 0, 0, 2000, 2000, "no_road_access", 60},
        {"BC", "Bản Chiềng", 2000, 0, 4000, 2000, "reachable", 150},
        {"PL", "Phiêng Lùng", 4000, 0, 6000, 2000, "cut_off", 88},
    };
    return villages;
}

layers::project make_small_commune(const std::filesystem::path& path) {
    auto project = layers::project::create(path, geo::crs::from_user_text("EPSG:9214"),
                                           {"An Lạc", false});
    auto& db = project.db();
    for (const auto& v : fixture_villages()) {
        exec(db, fmt::format("INSERT INTO villages (code, name, households, geom) VALUES "
                             "('{}', '{}', {}, {})",
                             v.code, v.name, v.households, geom(square_wkt(v))));
    }
    const struct {
        const char* code;
        const char* name;
        const char* klass;
        const char* surface;
        std::string wkt;
    } roads[] = {
        {"QL279", "Quốc lộ 279", "national", "asphalt",
         line({{1900, 450}, {3000, 600}, {4200, 700}, {6600, 650}})},
        {"TX01", "Đường trục xã", "commune_axis", "concrete",
         line({{3000, 600}, {3050, 1800}, {3000, 3000}})},
        {"TT02", "Đường Khuổi Củng", "village_axis", "gravel",
         line({{3000, 3000}, {4000, 3050}, {5000, 3000}})},
        {"TT03", "Đường Nà Trắng", "village_axis", "gravel",
         line({{3000, 3000}, {2000, 3000}, {1000, 3100}})},
        {"TM04", "Đường mòn Nà Trắng", "track", "earth", line({{1000, 3100}, {500, 3800}})},
        {"TT05", "Đường Phiêng Lùng", "village_axis", "concrete",
         line({{5000, 660}, {5000, 1500}})},
    };
    for (const auto& r : roads) {
        exec(db, fmt::format("INSERT INTO roads (code, name, class, surface, geom) VALUES "
                             "('{}', '{}', '{}', '{}', {})",
                             r.code, r.name, r.klass, r.surface, geom(r.wkt)));
    }
    exec(db, "INSERT INTO fords (code, name, flood_depth_m, geom) VALUES "
             "('F01', 'Ngầm Nà Trắng', 0.8, " + point(2000, 3000) + "), "
             "('F02', 'Ngầm Khuổi Củng', 0.2, " + point(4500, 3025) + ")");
    exec(db, "INSERT INTO bridges (code, name, vehicles, geom) VALUES "
             "('B01', 'Cầu Đồng Ẩm', 1, " + point(3040, 1500) + "), "
             "('B02', 'Cầu treo Nậm Rứ', 0, " + point(1000, 1000) + ")");
    exec(db, "INSERT INTO facilities (code, name, kind, village_code, geom) VALUES "
             "('UB', 'UBND xã An Lạc', 'commune_centre', 'DA', " + point(3150, 3150) + "), "
             "('YT', 'Trạm y tế xã', 'health_station', 'DA', " + point(3350, 2800) + "), "
             "('TH', 'Trường Tiểu học Đồng Ẩm', 'primary_school', 'DA', " + point(2700, 2800) +
             "), ('CH', 'Chợ An Lạc', 'market', 'BC', " + point(3300, 400) + "), "
             "('VH1', 'Nhà văn hoá Nà Trắng', 'culture_house', 'NT', " + point(1000, 2900) + "), "
             "('VH2', 'Nhà văn hoá Khuổi Củng', 'culture_house', 'KC', " + point(5000, 2850) + ")");
    exec(db, "INSERT INTO reserve_zones (name, zone, geom) VALUES "
             "('Khu bảo tồn Tây Yên Tử', 'core', " +
             geom("MULTIPOLYGON(((" + pt(100, 100) + ", " + pt(900, 100) + ", " + pt(900, 1500) +
                  ", " + pt(100, 1500) + ", " + pt(100, 100) + ")))") + "), "
             "('Khu bảo tồn Tây Yên Tử', 'buffer', " +
             geom("MULTIPOLYGON(((" + pt(0, 0) + ", " + pt(1300, 0) + ", " + pt(1300, 1800) +
                  ", " + pt(0, 1800) + ", " + pt(0, 0) + ")))") + ")");
    exec(db, "INSERT INTO hazard_zones (kind, scenario, geom) VALUES ('landslide', 'rainy', " +
             geom("MULTIPOLYGON(((" + pt(4800, 900) + ", " + pt(5200, 900) + ", " + pt(5200, 1150) +
                  ", " + pt(4800, 1150) + ", " + pt(4800, 900) + ")))") + ")");
    exec(db, "INSERT INTO waterways (name, kind, geom) VALUES ('Suối Nà Trắng', 'stream', " +
             geom(line({{1800, 4000}, {2000, 3000}, {2150, 1500}, {2100, 0}})) + ")");
    exec(db, "INSERT INTO projects (code, name, kind, ford_code, road_code, cost_million_vnd, "
             "status, geom) VALUES "
             "('P01', 'Cầu dân sinh Nà Trắng', 'bridge', 'F01', NULL, 4500, 'proposed', " +
             point(2000, 3000) + "), "
             "('P02', 'Cứng hoá đường Phiêng Lùng', 'road_upgrade', NULL, 'TT05', 2500, "
             "'approved', " + geom(line({{5000, 900}, {5000, 1150}})) + "), "
             "('P03', 'Đường mới Nậm Rứ', 'road_new', NULL, NULL, 3000, 'proposed', " +
             geom(line({{1000, 1000}, {1500, 700}, {1900, 450}})) + ")");
    return project;
}

void write_fixture_results(layers::project& project) {
    std::vector<layers::cutoff_result_row> rows;
    auto stmt = project.db().prepare("SELECT code, AsBinary(geom) FROM villages ORDER BY fid");
    std::size_t i = 0;
    while (stmt.step()) {
        const auto& v = fixture_villages().at(i++);
        layers::cutoff_result_row r;
        r.village_code = stmt.get_text(0);
        r.village_name = v.name;
        r.households = v.households;
        r.has_road_access = v.status != "no_road_access";
        r.reachable_dry = r.has_road_access && v.status != "unreachable_dry";
        r.reachable = v.status == "reachable";
        r.households_cut_off = v.status == "cut_off" ? v.households : 0;
        r.households_without_road = r.has_road_access ? 0 : v.households;
        r.travel_min_dry = r.reachable_dry ? std::optional<double>(12.5) : std::nullopt;
        r.travel_min = r.reachable ? std::optional<double>(12.5) : std::nullopt;
        r.blocked_by_json = v.code == "NT"
                                ? R"([{"layer":"fords","code":"F01","name":"Ngầm Nà Trắng"}])"
                                : "[]";
        r.geom = stmt.get_blob(1);
        rows.push_back(std::move(r));
    }
    layers::replace_cutoff_results(project, "rainy", "commune_centre", rows);
}

} // namespace allseason::test
