#include "importers/import.hpp"
#include "importers/vocabulary.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/importer.hpp"

#include <chrono>
#include <fmt/format.h>

namespace allseason::importers {

namespace detail {

std::string thousands(std::int64_t n) {
    return geo::group_thousands(n);
}

std::string problem_lines(const std::vector<std::string>& shown, std::size_t total) {
    std::string message;
    for (const auto& p : shown) {
        message += (message.empty() ? "" : "\n") + p;
    }
    if (total > shown.size()) {
        message += fmt::format("\n… and {} more problems",
                               thousands(static_cast<std::int64_t>(total - shown.size())));
    }
    return message;
}

importer::importer(const import_options& options, layers::project& project)
    : m_options(options), m_spec(layers::layer(options.layer)), m_project(project),
      m_source(options.source, options.source_layer, m_spec, options.encoding) {
    m_summary.layer = options.layer;
    m_summary.source = m_source.label();
    m_summary.source_layer = m_source.layer().name();
    m_summary.append = options.append;
}

import_summary importer::run() {
    const auto start = std::chrono::steady_clock::now();
    const auto crs =
        resolve_source_crs(m_source.layer().crs_wkt(), m_source.layer().crs_authority(),
                           m_options.source_crs, m_source.label());
    append(m_summary.warnings, crs.warnings);
    plan();
    geo::transaction tx(m_project.db());
    if (!m_project.has_crs()) {
        give_project_crs(crs.crs);
    }
    const geo::crs project_crs = m_project.crs();
    const geo::transformation transform(crs.crs, project_crs);
    geometry_shaper shaper(m_spec.geometry, m_spec.name, &transform, crs.crs.is_geographic());
    layers::layer_writer writer(m_project.db(), m_spec, m_project.srid());
    if (!m_options.append) {
        writer.clear();
    } else {
        load_existing_codes();
    }
    writer.set_tap(m_project.row_tap_for(m_spec));
    transfer_rows(shaper, writer, crs);
    finish_checks(shaper, crs.crs, project_crs);
    writer.finish();
    m_summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log(m_project.db(), m_options, m_summary, "ok", summary_line(m_summary));
    m_project.touch();
    tx.commit();
    return m_summary;
}

void importer::log(geo::database& db, const import_options& options, const import_summary& summary,
                   std::string_view status, std::string_view message) {
    write_import_log(db, {options.layer, options.source.string(), summary.source_layer,
                          options.append ? "append" : "replace", summary.rows_read,
                          summary.imported, summary.repaired, summary.skipped, std::string(status),
                          std::string(message)});
}

void importer::plan() {
    m_osm = m_source.is_osm() && m_spec.name == "roads";
    std::vector<std::string> computed;
    if (m_osm) {
        for (const char* c : {"code", "class", "surface", "structure"}) {
            bool overridden = false;
            for (const auto& [target, from] : m_options.fields) {
                overridden = overridden || target == c;
            }
            if (!overridden) {
                computed.emplace_back(c);
            }
        }
    }
    m_fields = m_source.layer().fields();
    m_plan = plan_fields(m_spec, m_fields, m_options.fields, m_source.label(), computed);
    append(m_summary.notes, m_plan.notes);
    m_constants = fixed_values(m_spec, m_plan);
    if (m_osm) {
        auto index = [&](std::string_view name) {
            for (size_t i = 0; i < m_fields.size(); ++i) {
                if (m_fields[i].name == name)
                    return static_cast<int>(i);
            }
            return -1;
        };
        m_osm_fields = {index("osm_id"), index("highway"), index("surface"), index("other_tags")};
        if (m_osm_fields.highway < 0) {
            throw data_error(fmt::format("{}: layer {} has no highway field; import the "
                                         "OSM lines layer (--source-layer lines)",
                                         m_source.label(), m_source.layer().name()));
        }
    }
}

void importer::give_project_crs(const geo::crs& source) {
    if (!source.is_geographic()) {
        m_project.set_crs(source);
        m_summary.crs_note =
            fmt::format("the project CRS is now {} ({}), {}'s CRS", m_project.metadata().crs_text,
                        source.name(), m_source.label());
        return;
    }
    const auto extent = m_source.extent();
    if (!extent) {
        throw data_error(fmt::format(
            "{}: the project has no CRS and {} has no features to choose one from; create "
            "the project with allseason init --crs",
            m_project.path().string(), m_source.label()));
    }
    const geo::xy centre = centre_lon_lat(source, *extent);
    const int epsg = utm_epsg_for(centre.x, centre.y);
    const auto utm = geo::crs::from_user_text(fmt::format("EPSG:{}", epsg));
    m_project.set_crs(utm);
    m_summary.crs_note = fmt::format(
        "{} is in {} (degrees); the project CRS is now EPSG:{} ({}), the UTM zone of the "
        "data's centre ({:.4f}, {:.4f})",
        m_source.label(), source.name(), epsg, utm.name(), centre.x, centre.y);
}

void importer::load_existing_codes() {
    if (!m_spec.code_unique) {
        return;
    }
    auto stmt = m_project.db().prepare(
        fmt::format("SELECT code FROM {}", geo::quote_identifier(m_spec.name)));
    while (stmt.step()) {
        m_codes.emplace(stmt.get_text(0), 0);
    }
}

void importer::finish_checks(const geometry_shaper& shaper, const geo::crs& source,
                             const geo::crs& project) {
    if (m_problem_count > 0) {
        std::string message = problem_lines(m_problems, m_problem_count);
        message += fmt::format("\nnothing was imported: {} is unchanged", m_spec.name);
        throw data_error(message);
    }
    if (m_summary.imported == 0) {
        m_summary.warnings.push_back(
            fmt::format("{}: no feature was imported; {}", m_source.label(),
                        m_options.append ? fmt::format("{} is unchanged", m_spec.name)
                                         : fmt::format("{} is now empty", m_spec.name)));
    }
    if (!m_skipped_by.empty()) {
        std::string detail;
        for (const auto& [why, n] : m_skipped_by) {
            detail += fmt::format("{}{} {}", detail.empty() ? "" : ", ", thousands(n), why);
        }
        m_summary.notes.push_back("skipped: " + detail);
    }
    if (const auto extent = shaper.source_extent()) {
        if (auto far = check_area_of_use(m_source.label(), source, *extent, project)) {
            if (!source.is_geographic() && looks_like_degrees(*extent)) {
                throw data_error(fmt::format(
                    "{}: every coordinate looks like longitude/latitude degrees ({:.4f}, "
                    "{:.4f} … {:.4f}, {:.4f}) but the source CRS, {}, is projected, so the "
                    "data would land far outside its area of use — a wrong .prj? Import "
                    "again with --source-crs EPSG:4326 if they are degrees",
                    m_source.label(), extent->min_x, extent->min_y, extent->max_x, extent->max_y,
                    source.name()));
            }
            m_summary.warnings.push_back(*far);
        }
    }
    append(m_summary.warnings, m_source.text_warnings());
}

} // namespace detail

namespace {

void check_targets(const import_options& options) {
    check_field_targets(layers::layer(options.layer), options.fields);
}

} // namespace

import_summary import_layer(const import_options& requested) {
    import_options options = requested;
    if (auto layer = match_layer_name(requested.layer)) {
        options.layer = std::string(*layer); // "ngầm tràn" → fords
    }
    check_targets(options);
    auto project = layers::project::open(options.project);
    import_summary partial;
    partial.source_layer = options.source_layer;
    try {
        detail::importer run(options, project);
        return run.run(); // its transaction has rolled back if it threw
    } catch (const std::exception& e) {
        // Record the failed attempt; the layers are untouched. A log that cannot be written
        // must not hide the real error.
        try {
            geo::transaction tx(project.db());
            detail::importer::log(project.db(), options, partial, "failed", e.what());
            tx.commit();
        } catch (const std::exception&) {
        }
        throw;
    }
}

std::string summary_line(const import_summary& s) {
    return fmt::format("{} ← {}{}: {} rows read, {} imported, {} repaired, {} skipped in {:.2f} s "
                       "({})",
                       s.layer, s.source,
                       s.source_layer.empty() ? std::string() : " (" + s.source_layer + ")",
                       detail::thousands(s.rows_read), detail::thousands(s.imported),
                       detail::thousands(s.repaired), detail::thousands(s.skipped), s.seconds,
                       s.append ? "appended" : "replaced");
}

} // namespace allseason::importers
