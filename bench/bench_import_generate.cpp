// Writes a GeoPackage of N road segments for the import benchmark: a grid of roads in
// VN-2000 / UTM 48N, each segment 3–6 vertices, with Vietnamese names and words so that
// the importer's mapping, vocabulary and NFC paths all run. Deterministic for a given N.
//
//   bench_import_generate N OUT.gpkg
#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/geos.hpp"

#include <cstdio>
#include <cstdlib>
#include <ogr_core.h>
#include <string>

using namespace allseason;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: bench_import_generate N OUT.gpkg\n");
        return 2;
    }
    const long n = std::atol(argv[1]);
    const char* classes[] = {"đường trục xã", "trục thôn", "liên xã", "ngõ xóm", "nội đồng"};
    const char* surfaces[] = {"Bê tông", "nhựa", "cấp phối", "đất"};
    try {
        geo::geos_context geos;
        auto ds = geo::vector_dataset::create("GPKG", argv[2]);
        auto layer = ds.create_layer("duong", wkbLineString, "EPSG:3405");
        layer.create_field({"ma", geo::field_kind::text});
        layer.create_field({"ten", geo::field_kind::text});
        layer.create_field({"cap", geo::field_kind::text});
        layer.create_field({"mat", geo::field_kind::text});
        layer.create_field({"rong", geo::field_kind::real});
        ds.start_transaction();
        const long per_row = 1000; // segments per grid row
        for (long i = 0; i < n; ++i) {
            const double x0 = 500000.0 + 100.0 * static_cast<double>(i % per_row);
            const double y0 = 2200000.0 + 100.0 * static_cast<double>(i / per_row);
            const int vertices = 3 + static_cast<int>(i % 4);
            std::vector<geo::xy> points;
            for (int v = 0; v < vertices; ++v) {
                const double t = static_cast<double>(v) / (vertices - 1);
                points.push_back({x0 + 100.0 * t, y0 + (v % 2 ? 7.5 : 0.0)});
            }
            auto f = layer.new_feature();
            f.set_text("ma", "R" + std::to_string(i / 3)); // three segments per road
            f.set_text("ten", "Đường thôn Nà Trắng số " + std::to_string(i / 3));
            f.set_text("cap", classes[i % 5]);
            f.set_text("mat", surfaces[i % 4]);
            f.set_double("rong", 3.0 + static_cast<double>(i % 3));
            f.set_geometry_wkb(geos.line(points).to_wkb());
            layer.create_feature(f);
            if (i % 100000 == 99999) {
                ds.commit_transaction();
                ds.start_transaction();
            }
        }
        ds.commit_transaction();
        ds.close();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_import_generate: %s\n", e.what());
        return 1;
    }
    return 0;
}
