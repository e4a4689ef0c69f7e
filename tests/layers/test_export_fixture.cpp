#include "test_export_fixture.hpp"

#include "geo/geos.hpp"
#include "layers/schema.hpp"

#include <fmt/format.h>

namespace allseason::test {

namespace {

layers::project create(const std::filesystem::path& path) {
    return layers::project::create(path, geo::crs::from_user_text("EPSG:9214"),
                                   {"An Lạc thử nghiệm", false});
}

} // namespace

row with_defaults(const layers::layer_spec& spec, row values) {
    for (std::size_t i = values.size(); i < spec.columns.size(); ++i) {
        const auto& c = spec.columns[i];
        const std::string def(c.default_sql);
        if (def.empty()) {
            values.emplace_back(std::monostate{});
        } else if (def.front() == '\'') {
            values.emplace_back(def.substr(1, def.size() - 2));
        } else {
            values.emplace_back(std::int64_t{std::stoll(def)});
        }
    }
    return values;
}

project_builder::project_builder(const std::filesystem::path& path) : m_project(create(path)) {}

project_builder& project_builder::add(const std::string& layer, const row& values,
                                      const std::string& wkt) {
    geo::geos_context geos;
    const auto& spec = layers::layer(layer);
    layers::layer_writer writer(m_project.db(), spec, m_project.srid());
    writer.insert(with_defaults(spec, values), geos.from_wkt(wkt).to_wkb());
    writer.finish(); // indexes the row and restores the layer's triggers
    return *this;
}

project_builder& project_builder::road(const std::string& code, const std::string& klass,
                                       const std::string& surface, const std::string& wkt) {
    // code, name, class, surface, width_m, condition
    return add("roads", {code, "Đường " + code, klass, surface, std::monostate{}, std::monostate{}},
               wkt);
}

project_builder& project_builder::village(const std::string& code, const std::string& name,
                                          std::int64_t households,
                                          std::optional<std::int64_t> population, std::int64_t poor,
                                          std::int64_t near_poor, const std::string& wkt) {
    layers::field_value pop = std::monostate{};
    if (population)
        pop = *population;
    // code, name, households, population, ethnic_minority_households, poor, near_poor,
    // especially_difficult
    return add("villages",
               {code, name, households, pop, households / 2, poor, near_poor, std::int64_t{1}},
               wkt);
}

project_builder& project_builder::facility(const std::string& code, const std::string& name,
                                           const std::string& kind,
                                           std::optional<std::string> village_code,
                                           std::optional<std::int64_t> level,
                                           std::optional<std::int64_t> beds, double x, double y) {
    auto opt = [](const auto& v) -> layers::field_value {
        if (v)
            return *v;
        return std::monostate{};
    };
    return add("facilities", {code, name, kind, opt(village_code), opt(level), opt(beds)},
               point(x, y));
}

project_builder& project_builder::household(const std::string& village_code, std::int64_t members,
                                            const std::string& poverty, double x, double y) {
    return add("households", {village_code, members, std::int64_t{1}, poverty}, point(x, y));
}

std::string box(double min_x, double min_y, double max_x, double max_y) {
    return fmt::format("MULTIPOLYGON((({0} {1},{2} {1},{2} {3},{0} {3},{0} {1})))", min_x, min_y,
                       max_x, max_y);
}

std::string segment(double x0, double y0, double x1, double y1) {
    return fmt::format("LINESTRING({} {},{} {})", x0, y0, x1, y1);
}

std::string point(double x, double y) {
    return fmt::format("POINT({} {})", x, y);
}

// A commune east of x = 480000, y = 2350000 (EPSG:9214 metres):
//
//   NT (Nà Trắng) ■ culture house        KD (Khe Đin) far north-east, 13 km from any road,
//        |R5 earth 100 m                    inside the Khe Rồ reserve core
//        |R4 village_axis concrete 900 m, ford F01 (0.8 m) on it
//   -----+----R1 concrete 1000----+--R2 gravel 500--+--R3 asphalt 500--
//                          UBND, health station, schools       bridge B01
void build_small_commune(project_builder& b) {
    const double x = 480000, y = 2350000;
    b.road("R1", "commune_axis", "concrete", segment(x, y, x + 1000, y))
        .road("R2", "commune_axis", "gravel", segment(x + 1000, y, x + 1500, y))
        .road("R3", "inter_commune", "asphalt", segment(x + 1500, y, x + 2000, y))
        .road("R4", "village_axis", "concrete", segment(x, y, x, y + 900))
        .road("R5", "village_axis", "earth", segment(x, y + 900, x, y + 1000));
    b.village("NT", "Nà Trắng", 100, 400, 5, 4, box(x - 200, y + 800, x + 200, y + 1200))
        .village("KD", "Khe Đin", 50, std::nullopt, 2, 1,
                 box(x + 10000, y + 10000, x + 10400, y + 10400));
    b.facility("UBND", "UBND xã An Lạc", "commune_centre", std::nullopt, std::nullopt, std::nullopt,
               x + 1000, y + 10)
        .facility("TYT", "Trạm y tế xã An Lạc", "health_station", std::nullopt, std::nullopt, 12,
                  x + 1100, y + 10)
        .facility("NVH-NT", "Nhà văn hóa thôn Nà Trắng", "culture_house", "NT", std::nullopt,
                  std::nullopt, x + 50, y + 1000)
        .facility("TH", "Trường Tiểu học An Lạc", "primary_school", std::nullopt, 2, std::nullopt,
                  x + 1200, y + 10)
        .facility("THCS", "Trường THCS Lê Viễn", "secondary_school", std::nullopt, 1, std::nullopt,
                  x + 1300, y + 10)
        .facility("MN", "Trường Mầm non Lê Viễn", "kindergarten", std::nullopt, 0, std::nullopt,
                  x + 1400, y + 10)
        .facility("MN-R", "Điểm trường Rõng", "kindergarten", std::nullopt, std::nullopt,
                  std::nullopt, x + 1450, y + 10);
    // fords: code, name, flood_depth_m, flooded_days_per_year
    b.add("fords", {"F01", "Ngầm Nà Trắng", 0.8, std::int64_t{20}}, point(x, y + 500))
        .add("fords", {"F02", "Ngầm Đầu Làng", 0.2, std::monostate{}}, point(x + 1250, y));
    // bridges: code, name, vehicles — one point, one line (a footbridge)
    b.add("bridges", {"B01", "Cầu Suối Con", std::int64_t{1}}, point(x + 1750, y))
        .add("bridges", {"B02", "Cầu treo Khe Đin", std::int64_t{0}},
             segment(x + 500, y + 300, x + 520, y + 300));
    // projects: code, name, kind, ford_code, road_code, cost, funding, status, progress, year
    b.add("projects",
          {"P01", "Cầu dân sinh Nà Trắng (thay ngầm)", "bridge", "F01", std::monostate{}, 4500.0,
           "Chương trình 1719", "proposed", std::int64_t{0}, std::int64_t{2027}},
          point(x, y + 500))
        .add("projects",
             {"P02", "Đường bê tông Nà Trắng", "road_new", std::monostate{}, std::monostate{},
              2000.0, std::monostate{}, "proposed", std::int64_t{0}, std::monostate{}},
             segment(x + 200, y + 1000, x + 1000, y + 1000));
    // reserve_zones: name, zone
    b.add("reserve_zones", {"Khu bảo tồn Khe Rồ - vùng lõi", "core"},
          box(x + 9000, y + 9000, x + 11000, y + 11000))
        .add("reserve_zones", {"Khu bảo tồn Khe Rồ - vùng đệm", "buffer"},
             box(x + 8000, y + 8000, x + 12000, y + 9000));
    // hazard_zones: kind, scenario — a landslide over 200 m of the gravel road R2
    b.add("hazard_zones", {"landslide", "rainy"}, box(x + 1100, y - 100, x + 1300, y + 100));
    // forest_parcels: code, owner, use, species, certificate, fsc — 1 ha, 2 ha, 1 ha
    b.add("forest_parcels",
          {"L1", "Nguyễn Văn Đức", "production", "keo", std::int64_t{1}, std::int64_t{0}},
          box(x + 3000, y + 3000, x + 3100, y + 3100))
        .add("forest_parcels",
             {"L2", "Hoàng Thị Hằng", "protection", std::monostate{}, std::int64_t{1},
              std::int64_t{0}},
             box(x + 3200, y + 3000, x + 3400, y + 3100))
        .add("forest_parcels",
             {"L3", std::monostate{}, "production", "bạch đàn", std::int64_t{0}, std::int64_t{0}},
             box(x + 3500, y + 3000, x + 3600, y + 3100));
    // waterways: name, kind
    b.add("waterways", {"Suối Khe Đin", "stream"}, segment(x - 500, y + 500, x + 500, y + 500));
}

} // namespace allseason::test
