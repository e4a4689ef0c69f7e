#include "bench/route_instance.hpp"

#include "geo/proj.hpp"
#include "layers/project.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace allseason::bench {

namespace {

void put_u32(geo::blob& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put_f64(geo::blob& b, double d) {
    std::uint64_t v = 0;
    std::memcpy(&v, &d, sizeof v);
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
geo::blob line_wkb(double x0, double y0, double x1, double y1) {
    geo::blob b{1};
    put_u32(b, 2);
    put_u32(b, 2);
    for (double d : {x0, y0, x1, y1}) put_f64(b, d);
    return b;
}
geo::blob point_wkb(double x, double y) {
    geo::blob b{1};
    put_u32(b, 1);
    put_f64(b, x);
    put_f64(b, y);
    return b;
}
geo::blob square_wkb(double cx, double cy, double half) {
    geo::blob b{1};
    put_u32(b, 6); // MultiPolygon
    put_u32(b, 1);
    b.push_back(1);
    put_u32(b, 3);
    put_u32(b, 1);
    put_u32(b, 5);
    const double xs[] = {cx - half, cx + half, cx + half, cx - half, cx - half};
    const double ys[] = {cy - half, cy - half, cy + half, cy + half, cy - half};
    for (int i = 0; i < 5; ++i) {
        put_f64(b, xs[i]);
        put_f64(b, ys[i]);
    }
    return b;
}

// A small deterministic hash for "random" choices that do not depend on the platform.
std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

} // namespace

route_instance_stats make_route_instance(const std::filesystem::path& path,
                                         std::uint64_t segments) {
    const auto k = static_cast<std::uint64_t>(std::ceil(std::sqrt(static_cast<double>(segments) / 2.0))) + 1;
    route_instance_stats stats;
    if (std::filesystem::exists(path)) {
        auto p = layers::project::open(path, false);
        stats.roads = static_cast<std::uint64_t>(p.db().query_int("SELECT count(*) FROM roads").value_or(0));
        if (stats.roads == segments) return stats;
    }
    auto p = layers::project::create(path, geo::crs::from_user_text("EPSG:32648"),
                                     {"bench", true});
    auto& db = p.db();
    geo::transaction tx(db);
    const double x0 = 500000, y0 = 2300000, step = 100;
    auto road = db.prepare("INSERT INTO roads (code, class, surface, geom) "
                           "VALUES (?, 'commune_axis', ?, GeomFromWKB(?, 32648))");
    auto ford = db.prepare("INSERT INTO fords (code, name, flood_depth_m, geom) "
                           "VALUES (?, 'ngầm', 0.6, GeomFromWKB(?, 32648))");
    auto village = db.prepare("INSERT INTO villages (code, name, households, geom) "
                              "VALUES (?, 'thôn', ?, GeomFromWKB(?, 32648))");
    std::uint64_t id = 0;
    auto add = [&](double ax, double ay, double bx, double by) {
        if (stats.roads == segments) return;
        const auto h = mix(++id);
        road.bind(1, fmt::format("R{}", id))
            .bind(2, h % 10 == 0 ? "earth" : (h % 3 == 0 ? "concrete" : "asphalt"))
            .bind(3, line_wkb(ax, ay, bx, by))
            .run();
        ++stats.roads;
        if ((h >> 8) % 20 == 0) {
            ford.bind(1, fmt::format("F{}", id)).bind(2, point_wkb((ax + bx) / 2, (ay + by) / 2)).run();
            ++stats.fords;
        }
        if ((h >> 16) % 100 == 0) {
            village.bind(1, fmt::format("V{}", id))
                .bind(2, static_cast<std::int64_t>(20 + (h >> 24) % 200))
                .bind(3, square_wkb(ax + 40, ay + 45, 15))
                .run();
            ++stats.villages;
        }
    };
    for (std::uint64_t i = 0; i < k; ++i) {
        for (std::uint64_t j = 0; j < k; ++j) {
            const double x = x0 + static_cast<double>(i) * step, y = y0 + static_cast<double>(j) * step;
            if (i + 1 < k) add(x, y, x + step, y);
            if (j + 1 < k) add(x, y, x, y + step);
        }
    }
    db.prepare("INSERT INTO facilities (code, name, kind, geom) VALUES ('UBND', 'Ủy ban', "
               "'commune_centre', GeomFromWKB(?, 32648))")
        .bind(1, point_wkb(x0 + static_cast<double>(k / 2) * step, y0 + static_cast<double>(k / 2) * step))
        .run();
    tx.commit();
    return stats;
}

} // namespace allseason::bench
