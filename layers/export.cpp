// Writes the export GeoPackage through GDAL: the tables of export_tables.cpp, the
// layer_styles table QGIS reads default styles from, and the stored QGIS project.
#include "layers/export.hpp"

#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "layers/export_tables.hpp"
#include "layers/project.hpp"
#include "layers/qgis_project.hpp"
#include "layers/styles.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <ogrsf_frmts.h>
#include <system_error>
#include <unistd.h>

namespace allseason::layers {

namespace {

using detail::geometry_target;
using detail::table_plan;

OGRwkbGeometryType ogr_type(geometry_target target) {
    switch (target) {
    case geometry_target::point: return wkbPoint;
    case geometry_target::multi_point: return wkbMultiPoint;
    case geometry_target::line: return wkbLineString;
    case geometry_target::multi_line: return wkbMultiLineString;
    case geometry_target::multi_polygon: return wkbMultiPolygon;
    case geometry_target::none: return wkbNone;
    }
    return wkbUnknown;
}

std::string wkb_type_name(geometry_target target) {
    switch (target) {
    case geometry_target::point: return "Point";
    case geometry_target::multi_point: return "MultiPoint";
    case geometry_target::line: return "LineString";
    case geometry_target::multi_line: return "MultiLineString";
    case geometry_target::multi_polygon: return "MultiPolygon";
    case geometry_target::none: return "None";
    }
    return "Unknown";
}

// Sets the feature's geometry from the project's WKB, promoted to the table's type.
void set_geometry(OGRFeature& f, const geo::blob& wkb, geometry_target target,
                  OGREnvelope& extent) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
        throw data_error("a geometry in the project is not valid WKB");
    }
    g = OGRGeometryFactory::forceTo(g, ogr_type(target));
    if (!g->IsEmpty()) {
        OGREnvelope e;
        g->getEnvelope(&e);
        extent.Merge(e);
    }
    f.SetGeometryDirectly(g);
}

std::int64_t write_table(geo::vector_dataset& ds, geo::database& db, const table_plan& plan,
                         const std::string& crs_text, OGREnvelope& extent) {
    const bool spatial = plan.geometry != geometry_target::none;
    std::vector<std::string> options{"FID=fid", fmt::format("IDENTIFIER={}", plan.title),
                                     fmt::format("DESCRIPTION={}", plan.description.empty()
                                                                       ? plan.title
                                                                       : plan.description)};
    if (spatial) {
        options.push_back("GEOMETRY_NAME=geom");
        options.push_back("SPATIAL_INDEX=YES");
    }
    auto layer = ds.create_layer(plan.table, ogr_type(plan.geometry), spatial ? crs_text : "",
                                 options);
    for (const auto& c : plan.columns) {
        layer.create_field({c.name, c.kind});
    }
    auto stmt = db.prepare(plan.sql);
    for (std::size_t i = 0; i < plan.params.size(); ++i) {
        stmt.bind(static_cast<int>(i + 1), plan.params[i]);
    }
    const int geometry_column = static_cast<int>(plan.columns.size()) + 1;
    std::int64_t count = 0;
    ds.start_transaction();
    while (stmt.step()) {
        auto f = layer.new_feature();
        if (plan.keep_fid) {
            f.handle()->SetFID(stmt.get_int(0));
        }
        for (std::size_t i = 0; i < plan.columns.size(); ++i) {
            const int column = static_cast<int>(i) + 1;
            if (stmt.is_null(column)) {
                continue; // unset is NULL in a GeoPackage
            }
            const auto& name = plan.columns[i].name;
            switch (plan.columns[i].kind) {
            case geo::field_kind::integer:
            case geo::field_kind::integer64:
            case geo::field_kind::boolean: f.set_int(name, stmt.get_int(column)); break;
            case geo::field_kind::real: f.set_double(name, stmt.get_double(column)); break;
            default: f.set_text(name, stmt.get_text(column)); break;
            }
        }
        if (spatial && !stmt.is_null(geometry_column)) {
            set_geometry(*f.handle(), stmt.get_blob(geometry_column), plan.geometry, extent);
        }
        layer.create_feature(f);
        ++count;
    }
    ds.commit_transaction();
    return count;
}

// The findings of `check` as points (a finding without a location has no geometry).
std::int64_t write_check_problems(geo::vector_dataset& ds, const std::vector<check_problem>& rows,
                                  const std::string& crs_text, OGREnvelope& extent) {
    auto layer = ds.create_layer("check_problems", wkbPoint, crs_text,
                                 {"FID=fid", "GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES",
                                  "IDENTIFIER=Lỗi dữ liệu / data problems",
                                  "DESCRIPTION=data problems found by allseason check"});
    for (const auto* name : {"severity", "problem", "layer", "code", "message"}) {
        layer.create_field({name, geo::field_kind::text});
    }
    ds.start_transaction();
    for (const auto& r : rows) {
        auto f = layer.new_feature();
        f.set_text("severity", r.severity);
        f.set_text("problem", r.problem);
        f.set_text("layer", r.layer);
        f.set_text("code", r.code);
        f.set_text("message", r.message);
        if (r.x && r.y) {
            f.handle()->SetGeometryDirectly(new OGRPoint(*r.x, *r.y));
            OGREnvelope e;
            f.handle()->GetGeometryRef()->getEnvelope(&e);
            extent.Merge(e);
        }
        layer.create_feature(f);
    }
    ds.commit_transaction();
    return static_cast<std::int64_t>(rows.size());
}

// QGIS's own layout of layer_styles (as QGIS 3.22 creates it when saving a style to a
// GeoPackage); QGIS loads the useAsDefault row of a table as that layer's style.
void write_styles(geo::vector_dataset& ds, const std::vector<styles::layer_style>& list) {
    auto layer = ds.create_layer("layer_styles", wkbNone, "",
                                 {"FID=id", "DESCRIPTION=QGIS layer styles"});
    using geo::field_kind;
    for (const auto& name : {"f_table_catalog", "f_table_schema", "f_table_name",
                             "f_geometry_column", "styleName", "styleQML", "styleSLD"}) {
        layer.create_field({name, field_kind::text});
    }
    layer.create_field({"useAsDefault", field_kind::boolean});
    for (const auto& name : {"description", "owner", "ui"}) {
        layer.create_field({name, field_kind::text});
    }
    layer.create_field({"update_time", field_kind::datetime});
    const std::string now = utc_now_iso8601();
    ds.start_transaction();
    for (const auto& style : list) {
        auto f = layer.new_feature();
        f.set_text("f_table_catalog", "");
        f.set_text("f_table_schema", "");
        f.set_text("f_table_name", style.layer);
        f.set_text("f_geometry_column", "geom");
        f.set_text("styleName", style.name);
        f.set_text("styleQML", styles::to_qml(style));
        f.set_text("styleSLD", styles::to_sld(style));
        f.set_int("useAsDefault", 1);
        f.set_text("description", style.description);
        f.set_text("owner", "allseason");
        f.set_text("update_time", now);
        layer.create_feature(f);
    }
    ds.commit_transaction();
}

qgis_project_spec project_spec(project& p, const std::filesystem::path& out,
                               const export_options& options) {
    const auto crs = p.crs();
    qgis_project_spec spec;
    spec.name = p.metadata().name.empty() ? out.stem().string() : p.metadata().name;
    spec.title = fmt::format("{} — {}, {}", spec.name, options.scenario, options.destination);
    spec.gpkg_file_name = out.filename().string();
    set_project_crs(spec, crs);
    return spec;
}

void remove_quietly(const std::filesystem::path& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        std::filesystem::path file = path;
        file += suffix;
        std::filesystem::remove(file, ignored);
    }
}

void check_target(const std::filesystem::path& out, bool force) {
    if (std::filesystem::is_directory(out)) {
        throw usage_error(fmt::format("{}: is a directory; give the GeoPackage file to write",
                                      out.string()));
    }
    if (std::filesystem::exists(out) && !force) {
        throw usage_error(fmt::format("{}: the file already exists; use --force to replace it",
                                      out.string()));
    }
    const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(folder)) {
        throw io_error(fmt::format("{}: the folder {} does not exist", out.string(),
                                   folder.string()));
    }
}

} // namespace

const std::vector<std::string>& destination_names() {
    static const std::vector<std::string> names{"commune_centre",   "health_station",
                                                "primary_school",   "secondary_school",
                                                "market",           "highway"};
    return names;
}

export_summary export_geopackage(project& p, const std::filesystem::path& out,
                                 const export_options& options) {
    const auto& destinations = destination_names();
    if (std::find(destinations.begin(), destinations.end(), options.destination) ==
        destinations.end()) {
        throw usage_error(fmt::format("unknown destination \"{}\"; the destinations are: {}",
                                      options.destination, fmt::join(destinations, ", ")));
    }
    detail::export_context context{options.scenario, options.destination,
                                   resolve_result_key(p, options.scenario)};
    const std::string crs_text = p.crs().canonical_text(); // data_error without a CRS
    check_target(out, options.force);

    export_summary summary;
    summary.path = out;
    auto plans = detail::plan_tables(p, context, summary.notes);
    std::stable_sort(plans.begin(), plans.end(), [](const table_plan& a, const table_plan& b) {
        return detail::tree_rank(a.base) < detail::tree_rank(b.base);
    });

    // Written beside the target (same file system, so the rename is atomic), hidden.
    const auto folder = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
    const auto temp =
        folder / fmt::format(".{}.{}.partial.gpkg", out.filename().string(), ::getpid());
    remove_quietly(temp);
    try {
        // GDAL reports some failures (deferred table creation, triggers, a full disk) only as
        // CPLErrors: any error while writing fails the export.
        geo::gdal_error_capture capture;
        auto check = [&](std::string_view what) {
            if (auto errors = capture.errors(); !errors.empty()) {
                throw io_error(fmt::format("{}: writing {} failed: {}", out.string(), what,
                                           errors));
            }
        };
        auto ds = geo::vector_dataset::create("GPKG", temp);
        OGREnvelope extent;
        auto spec = project_spec(p, out, options);
        std::vector<styles::layer_style> style_list;
        const styles::scenario_view view{options.scenario};
        for (const auto& plan : plans) {
            const auto count = write_table(ds, p.db(), plan, crs_text, extent);
            check(plan.table);
            summary.layers.push_back({plan.table, plan.source, plan.title,
                                      wkb_type_name(plan.geometry), count, plan.visible});
            if (plan.geometry == geometry_target::none) {
                continue;
            }
            auto style = styles::style_for(plan.table, plan.base,
                                           detail::symbol_kind_of(plan.geometry), view);
            style_list.push_back(style);
            spec.layers.push_back({plan.table, plan.title, wkb_type_name(plan.geometry),
                                   plan.visible, std::move(style), {}});
        }
        if (options.check_problems) {
            const auto count = write_check_problems(ds, *options.check_problems, crs_text, extent);
            const std::string title = "Lỗi dữ liệu / data problems";
            summary.layers.insert(summary.layers.begin(),
                                  {"check_problems", "check", title, "Point", count, true});
            auto style = styles::style_for("check_problems", "check_problems",
                                           styles::symbol_kind::marker, view);
            style_list.push_back(style);
            spec.layers.insert(spec.layers.begin(),
                               {"check_problems", title, "Point", true, std::move(style), {}});
        } else {
            summary.notes.push_back("data problems (check) were not given to the export");
        }
        write_styles(ds, style_list);
        check("layer_styles");
        if (extent.IsInit()) {
            spec.extent = qgis_extent{extent.MinX, extent.MinY, extent.MaxX, extent.MaxY};
        }
        std::string time = utc_now_iso8601();
        time.pop_back(); // QGIS writes local time without a zone
        for (const auto& sql : qgis_projects_sql(spec, "allseason", time)) {
            ds.execute_sql(sql);
        }
        check("qgis_projects");
        ds.close();
        check("the file");
        std::filesystem::rename(temp, out);
    } catch (const std::filesystem::filesystem_error& e) {
        remove_quietly(temp);
        throw io_error(fmt::format("{}: cannot write the GeoPackage: {}", out.string(),
                                   e.code().message()));
    } catch (...) {
        remove_quietly(temp);
        throw;
    }
    return summary;
}

} // namespace allseason::layers
