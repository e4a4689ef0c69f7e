#include "importers/import.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/field_mapping.hpp"
#include "importers/geometry_repair.hpp"
#include "importers/osm_mapping.hpp"
#include "importers/source.hpp"
#include "importers/source_crs.hpp"
#include "layers/layer_writer.hpp"
#include "layers/project.hpp"

#include <chrono>
#include <fmt/format.h>
#include <map>
#include <unordered_map>

namespace allseason::importers {

namespace {

// Problems listed in one error message; the rest are counted.
constexpr size_t max_listed_problems = 20;
// Reading stops after this many bad rows: the file needs fixing anyway.
constexpr size_t max_problems = 1000;
constexpr std::int64_t progress_every = 4096;

std::string thousands(std::int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<size_t>(i), ",");
    }
    return (n < 0 ? "-" : "") + digits;
}

// The OSM fields the tag mapping reads.
struct osm_fields {
    int id = -1;
    int highway = -1;
    int surface = -1;
    int other_tags = -1;
};

class importer {
public:
    importer(const import_options& options, layers::project& project)
        : m_options(options), m_spec(layers::layer(options.layer)), m_project(project),
          m_source(options.source, options.source_layer, m_spec, options.encoding) {
        m_summary.layer = options.layer;
        m_summary.source = m_source.label();
        m_summary.source_layer = m_source.layer().name();
        m_summary.append = options.append;
    }

    import_summary run() {
        const auto start = std::chrono::steady_clock::now();
        const auto crs = resolve_source_crs(m_source.layer().crs_wkt(),
                                            m_source.layer().crs_authority(),
                                            m_options.source_crs, m_source.label());
        append(m_summary.warnings, crs.warnings);
        plan();
        geo::transaction tx(m_project.db());
        if (!m_project.has_crs()) {
            give_project_crs(crs.crs);
        }
        const geo::crs project_crs = m_project.crs();
        const geo::transformation transform(crs.crs, project_crs);
        geometry_shaper shaper(m_spec.geometry, m_spec.name, &transform,
                               crs.crs.is_geographic());
        layers::layer_writer writer(m_project.db(), m_spec, m_project.srid());
        if (!m_options.append) {
            writer.clear();
        } else {
            load_existing_codes();
        }
        read_rows(shaper, writer, crs);
        finish_checks(shaper, crs.crs, project_crs);
        writer.finish();
        m_summary.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        log(m_project.db(), m_options, m_summary, "ok", summary_line(m_summary));
        m_project.touch();
        tx.commit();
        return m_summary;
    }

    static void log(geo::database& db, const import_options& options,
                    const import_summary& summary, std::string_view status,
                    std::string_view message) {
        db.prepare("INSERT INTO import_log (time, layer, source, source_layer, mode, rows_read, "
                   "rows_imported, rows_repaired, rows_skipped, status, message) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, layers::utc_now_iso8601())
            .bind(2, options.layer)
            .bind(3, options.source.string())
            .bind(4, summary.source_layer)
            .bind(5, options.append ? "append" : "replace")
            .bind(6, summary.rows_read)
            .bind(7, summary.imported)
            .bind(8, summary.repaired)
            .bind(9, summary.skipped)
            .bind(10, status)
            .bind(11, message)
            .run();
    }

private:
    static void append(std::vector<std::string>& to, const std::vector<std::string>& from) {
        to.insert(to.end(), from.begin(), from.end());
    }

    void plan() {
        m_osm = m_source.is_osm() && m_spec.name == "roads";
        std::vector<std::string> computed;
        if (m_osm) {
            for (const char* c : {"code", "class", "surface"}) {
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
        if (m_osm) {
            auto index = [&](std::string_view name) {
                for (size_t i = 0; i < m_fields.size(); ++i) {
                    if (m_fields[i].name == name) return static_cast<int>(i);
                }
                return -1;
            };
            m_osm_fields = {index("osm_id"), index("highway"), index("surface"),
                            index("other_tags")};
            if (m_osm_fields.highway < 0) {
                throw data_error(fmt::format("{}: layer {} has no highway field; import the "
                                             "OSM lines layer (--source-layer lines)",
                                             m_source.label(), m_source.layer().name()));
            }
        }
    }

    // A project without a CRS takes the source's; a geographic one (degrees) is replaced by
    // the WGS 84 / UTM zone of the data's centre, since a project measures in metres.
    void give_project_crs(const geo::crs& source) {
        if (!source.is_geographic()) {
            m_project.set_crs(source);
            m_summary.crs_note = fmt::format("the project CRS is now {} ({}), {}'s CRS",
                                             m_project.metadata().crs_text, source.name(),
                                             m_source.label());
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

    void load_existing_codes() {
        if (!m_spec.code_unique) {
            return;
        }
        auto stmt = m_project.db().prepare(
            fmt::format("SELECT code FROM {}", geo::quote_identifier(m_spec.name)));
        while (stmt.step()) {
            m_codes.emplace(stmt.get_text(0), 0);
        }
    }

    // Where a row is, for messages; the text is only made when a message needs it.
    struct row_place {
        const importer* self;
        std::int64_t row;
        const geo::feature* feature;
        operator std::string() const { return self->row_label(row, *feature); }
    };

    std::string row_label(std::int64_t row, const geo::feature& f) const {
        const std::int64_t fid = f.fid();
        if (fid >= 0 && fid != row) {
            return fmt::format("{} row {} (feature id {})", m_source.label(), row, fid);
        }
        return fmt::format("{} row {}", m_source.label(), row);
    }

    void problem(std::string text) {
        ++m_problem_count;
        if (m_problems.size() < max_listed_problems) {
            m_problems.push_back(std::move(text));
        }
    }

    raw_value read_raw(const geo::feature& f, int index) {
        if (f.is_null(index)) {
            return std::monostate{};
        }
        switch (m_fields[static_cast<size_t>(index)].kind) {
        case geo::field_kind::integer:
        case geo::field_kind::integer64:
        case geo::field_kind::boolean: return f.get_int(index);
        case geo::field_kind::real: return f.get_double(index);
        default: return m_source.text(f, index);
        }
    }

    // Fills the OSM-derived columns; false when the way is not a road (counted as skipped).
    bool osm_values(const geo::feature& f, std::vector<layers::field_value>& values) {
        const std::string highway =
            f.is_null(m_osm_fields.highway) ? std::string() : f.get_text(m_osm_fields.highway);
        const auto road_class = highway.empty() ? std::nullopt : osm_road_class(highway);
        if (!road_class) {
            ++m_skipped_by[highway.empty() ? std::string("lines without a highway tag")
                                           : "highway=" + highway];
            return false;
        }
        std::optional<std::string> surface;
        if (m_osm_fields.surface >= 0 && !f.is_null(m_osm_fields.surface)) {
            surface = f.get_text(m_osm_fields.surface);
        } else if (m_osm_fields.other_tags >= 0 && !f.is_null(m_osm_fields.other_tags)) {
            surface = other_tag(f.get_text(m_osm_fields.other_tags), "surface");
        }
        for (size_t c = 0; c < m_spec.columns.size(); ++c) {
            if (m_plan.columns[c].how != field_source::kind::computed) {
                continue;
            }
            const auto name = m_spec.columns[c].name;
            if (name == "code") {
                const std::string id = m_osm_fields.id >= 0 ? f.get_text(m_osm_fields.id)
                                                            : std::to_string(f.fid());
                values[c] = "w" + id;
            } else if (name == "class") {
                values[c] = std::string(*road_class);
            } else if (name == "surface") {
                values[c] = std::string(osm_surface(surface, *road_class));
            }
        }
        return true;
    }

    // The row's values in column order; false when a value is wrong (recorded as a problem).
    bool row_values(const geo::feature& f, const row_place& where,
                    std::vector<layers::field_value>& values) {
        bool ok = true;
        for (size_t c = 0; c < m_spec.columns.size(); ++c) {
            const auto& source = m_plan.columns[c];
            const auto& column = m_spec.columns[c];
            try {
                switch (source.how) {
                case field_source::kind::computed: break;
                case field_source::kind::absent:
                    values[c] = coerce(m_spec, column, std::monostate{});
                    break;
                case field_source::kind::constant:
                    values[c] = coerce(m_spec, column, geo::to_nfc(source.constant));
                    break;
                case field_source::kind::field:
                    values[c] = coerce_cached(c, read_raw(f, source.index), source.name);
                    break;
                }
            } catch (const data_error& e) {
                values[c] = std::monostate{};
                const std::string what = describe_field(column, source.name);
                const std::string text = e.what();
                problem(fmt::format("{}: {}", std::string(where),
                                    text.starts_with("field ") ? text : what + ": " + text));
                ok = false;
            }
        }
        return ok;
    }

    // Enumerations and yes/no columns hold a handful of distinct values: remember each one's
    // answer instead of folding the same text a million times.
    layers::field_value coerce_cached(size_t c, raw_value raw, const std::string& source_name) {
        const auto& column = m_spec.columns[c];
        const auto* text = std::get_if<std::string>(&raw);
        const bool cacheable = text && text->size() < 64 &&
                               (!column.allowed.empty() ||
                                column.type == layers::column_type::boolean);
        if (!cacheable) {
            return coerce(m_spec, column, raw, source_name);
        }
        auto& memo = m_memo[c];
        if (auto hit = memo.find(*text); hit != memo.end()) {
            return hit->second;
        }
        auto value = coerce(m_spec, column, raw, source_name); // errors are not remembered
        if (memo.size() < 1000) {
            memo.emplace(*text, value);
        }
        return value;
    }

    bool check_code(const std::vector<layers::field_value>& values, std::int64_t row,
                    const row_place& where) {
        if (!m_spec.code_unique) {
            return true;
        }
        const auto* code = std::get_if<std::string>(&values[m_code_column]);
        if (!code) {
            return true;
        }
        const auto [it, inserted] = m_codes.emplace(*code, row);
        if (inserted) {
            return true;
        }
        problem(it->second == 0
                    ? fmt::format("{}: code \"{}\" is already in the project's {} (codes are "
                                  "unique; import without --append to replace the layer)",
                                  std::string(where), *code, m_spec.name)
                    : fmt::format("{}: code \"{}\" is already used by row {} (codes are unique "
                                  "in {})",
                                  std::string(where), *code, it->second, m_spec.name));
        return false;
    }

    void read_rows(geometry_shaper& shaper, layers::layer_writer& writer, const source_crs& crs) {
        for (size_t c = 0; c < m_spec.columns.size(); ++c) {
            if (m_spec.columns[c].name == "code") {
                m_code_column = c;
            }
        }
        const std::int64_t total = m_source.layer().feature_count(false);
        std::vector<layers::field_value> values(m_spec.columns.size());
        std::vector<std::string> repairs;
        auto& layer = m_source.layer();
        layer.reset_reading();
        while (auto f = layer.next_feature()) {
            const std::int64_t row = ++m_summary.rows_read;
            if (m_options.progress && row % progress_every == 0) {
                m_options.progress(row, total);
            }
            if (m_osm && !osm_values(*f, values)) {
                ++m_summary.skipped;
                continue;
            }
            const row_place where{this, row, &*f};
            bool ok = row_values(*f, where, values);
            ok = check_code(values, row, where) && ok;
            shaped_geometry shaped;
            try {
                auto wkb = m_source.geometry_wkb(*f);
                if (!wkb) {
                    throw geometry_rejected(geometry_rejected::kind::empty,
                                            "the feature has no geometry");
                }
                shaped = shaper.shape(std::move(*wkb));
            } catch (const geometry_rejected& e) {
                if (e.which() == geometry_rejected::kind::not_degrees) {
                    throw data_error(fmt::format(
                        "{}: {}, but the source CRS ({}, from {}) is geographic — the CRS "
                        "does not match the coordinates (a wrong .prj?); import again with "
                        "--source-crs naming the real CRS, e.g. EPSG:3405 (VN-2000 / UTM 48N)",
                        std::string(where), e.what(), crs.crs.name(), crs.origin));
                }
                if (e.which() == geometry_rejected::kind::mismatch) {
                    throw data_error(fmt::format("{}: {} — is it the right file or layer?",
                                                 std::string(where), e.what()));
                }
                problem(fmt::format("{}: {}", std::string(where), e.what()));
                ok = false;
            } catch (const crs_error& e) {
                problem(fmt::format("{}: {}", std::string(where), e.what()));
                ok = false;
            }
            if (m_problem_count >= max_problems) {
                break;
            }
            if (!ok || m_problem_count > 0) {
                continue; // keep reading to report every problem; nothing will be written
            }
            if (shaped.repaired) {
                ++m_summary.repaired;
                if (repairs.size() < max_listed_problems) {
                    repairs.push_back(fmt::format("{}: geometry repaired ({})",
                                                  std::string(where), shaped.repair_reason));
                }
            }
            for (const auto& part : shaped.parts) {
                writer.insert(values, part);
                ++m_summary.imported;
            }
        }
        append(m_summary.warnings, repairs);
        if (m_summary.repaired > static_cast<std::int64_t>(repairs.size())) {
            m_summary.warnings.push_back(
                fmt::format("{}: {} more geometries repaired", m_source.label(),
                            thousands(m_summary.repaired - static_cast<std::int64_t>(repairs.size()))));
        }
        if (m_options.progress) {
            m_options.progress(m_summary.rows_read, m_summary.rows_read);
        }
    }

    void finish_checks(const geometry_shaper& shaper, const geo::crs& source,
                       const geo::crs& project) {
        if (m_problem_count > 0) {
            std::string message;
            for (const auto& p : m_problems) {
                message += (message.empty() ? "" : "\n") + p;
            }
            if (m_problem_count > m_problems.size()) {
                message += fmt::format("\n… and {} more problems",
                                       thousands(static_cast<std::int64_t>(m_problem_count -
                                                                           m_problems.size())));
            }
            message += fmt::format("\nnothing was imported: {} is unchanged", m_spec.name);
            throw data_error(message);
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
                        m_source.label(), extent->min_x, extent->min_y, extent->max_x,
                        extent->max_y, source.name()));
                }
                m_summary.warnings.push_back(*far);
            }
        }
        append(m_summary.warnings, m_source.text_warnings());
    }

    const import_options& m_options;
    const layers::layer_spec& m_spec;
    layers::project& m_project;
    source m_source;
    std::vector<geo::field_definition> m_fields;
    field_plan m_plan;
    bool m_osm = false;
    osm_fields m_osm_fields;
    std::map<std::string, std::int64_t> m_skipped_by;
    size_t m_code_column = 0;
    std::unordered_map<std::string, std::int64_t> m_codes; // code → row (0: already stored)
    std::map<size_t, std::unordered_map<std::string, layers::field_value>> m_memo;
    std::vector<std::string> m_problems;
    size_t m_problem_count = 0;
    import_summary m_summary;
};

void check_targets(const import_options& options) {
    const auto& spec = layers::layer(options.layer);
    for (const auto& [target, source] : options.fields) {
        if (!layers::find_column(spec, target)) {
            std::string list;
            for (const auto& c : spec.columns) {
                list += (list.empty() ? "" : ", ") + std::string(c.name);
            }
            throw usage_error(fmt::format("--field {}={}: \"{}\" is not a field of {}; its "
                                          "fields are: {}",
                                          target, source, target, options.layer, list));
        }
    }
}

} // namespace

import_summary import_layer(const import_options& options) {
    check_targets(options);
    auto project = layers::project::open(options.project);
    import_summary partial;
    partial.source_layer = options.source_layer;
    try {
        importer run(options, project);
        return run.run(); // its transaction has rolled back if it threw
    } catch (const std::exception& e) {
        // Record the failed attempt; the layers are untouched. A log that cannot be written
        // must not hide the real error.
        try {
            geo::transaction tx(project.db());
            importer::log(project.db(), options, partial, "failed", e.what());
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
                       thousands(s.rows_read), thousands(s.imported), thousands(s.repaired),
                       thousands(s.skipped), s.seconds, s.append ? "appended" : "replaced");
}

} // namespace allseason::importers
