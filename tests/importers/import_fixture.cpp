#include "importers/import_fixture.hpp"

#include "geo/gdal.hpp"
#include "geo/sqlite.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <catch2/catch.hpp>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace allseason::test {

void write_source(const std::filesystem::path& path, const source_spec& spec) {
    auto ds = geo::vector_dataset::create(spec.driver, path, spec.dataset_options);
    auto layer = ds.create_layer(spec.layer, spec.geometry_type, spec.crs, spec.layer_options);
    for (const auto& f : spec.fields) {
        if (f.existing) {
            continue;
        }
        const auto kind = f.kind == 1   ? geo::field_kind::integer
                          : f.kind == 2 ? geo::field_kind::real
                                        : geo::field_kind::text;
        layer.create_field({f.name, kind});
    }
    for (const auto& row : spec.rows) {
        auto feature = layer.new_feature();
        for (size_t i = 0; i < spec.fields.size() && i < row.cells.size(); ++i) {
            const auto& name = spec.fields[i].name;
            const auto& c = row.cells[i];
            if (const auto* s = std::get_if<std::string>(&c)) {
                feature.set_text(name, *s);
            } else if (const auto* n = std::get_if<std::int64_t>(&c)) {
                feature.set_int(name, *n);
            } else if (const auto* d = std::get_if<double>(&c)) {
                feature.set_double(name, *d);
            } else {
                feature.set_null(name);
            }
        }
        if (!row.wkt.empty()) {
            OGRGeometry* g = nullptr;
            REQUIRE(OGRGeometryFactory::createFromWkt(row.wkt.c_str(), nullptr, &g) == OGRERR_NONE);
            feature.handle()->SetGeometryDirectly(g);
        }
        layer.create_feature(feature);
    }
    ds.close();
}

std::filesystem::path make_project(const temp_dir& dir, const std::string& crs,
                                   const std::string& name) {
    const auto path = dir / name;
    std::optional<geo::crs> c;
    if (!crs.empty()) {
        c = geo::crs::from_user_text(crs);
    }
    layers::project::create(path, c, {});
    return path;
}

std::vector<std::string> query(const std::filesystem::path& project, const std::string& sql) {
    auto db = geo::database::open(project, geo::open_mode::read_only);
    auto stmt = db.prepare(sql);
    std::vector<std::string> rows;
    while (stmt.step()) {
        std::string row;
        for (int c = 0; c < stmt.column_count(); ++c) {
            row += (c ? "|" : "") + (stmt.is_null(c) ? std::string("NULL") : stmt.get_text(c));
        }
        rows.push_back(row);
    }
    return rows;
}

std::string query_one(const std::filesystem::path& project, const std::string& sql) {
    const auto rows = query(project, sql);
    REQUIRE(rows.size() == 1);
    return rows.front();
}

std::string dump_layers(const std::filesystem::path& project) {
    std::string dump;
    auto db = geo::database::open(project, geo::open_mode::read_only);
    for (const auto& spec : layers::source_layers()) {
        if (!db.table_exists(spec.name)) {
            dump += std::string(spec.name) + ": no table\n";
            continue;
        }
        auto stmt = db.prepare("SELECT *, hex(geom) FROM " + geo::quote_identifier(spec.name) +
                               " ORDER BY fid");
        dump += std::string(spec.name) + ":\n";
        while (stmt.step()) {
            for (int c = 0; c < stmt.column_count(); ++c) {
                if (stmt.column_name(c) == "geom") {
                    continue; // compared as hex(geom), the last column
                }
                dump += (c ? "|" : "") + (stmt.is_null(c) ? std::string("NULL") : stmt.get_text(c));
            }
            dump += "\n";
        }
    }
    for (const char* meta : {"SELECT key, value FROM allseason_metadata ORDER BY key",
                             "SELECT srid FROM spatial_ref_sys ORDER BY srid"}) {
        auto stmt = db.prepare(meta);
        while (stmt.step()) {
            dump += stmt.get_text(0) + "=" +
                    (stmt.column_count() > 1 ? stmt.get_text(1) : std::string()) + "\n";
        }
    }
    return dump;
}

importers::import_options options(const std::filesystem::path& project, const std::string& layer,
                                  const std::filesystem::path& source) {
    importers::import_options o;
    o.project = project;
    o.layer = layer;
    o.source = source;
    return o;
}

std::pair<double, double> gdal_transform(const std::string& from, const std::string& to, double x,
                                         double y) {
    geo::gdal_initialise();
    OGRSpatialReference a;
    OGRSpatialReference b;
    a.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    b.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    REQUIRE(a.SetFromUserInput(from.c_str()) == OGRERR_NONE);
    REQUIRE(b.SetFromUserInput(to.c_str()) == OGRERR_NONE);
    std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&a, &b));
    REQUIRE(ct);
    REQUIRE(ct->Transform(1, &x, &y));
    return {x, y};
}

} // namespace allseason::test
