// Reading the rows of an import: values mapped and coerced, OSM tags mapped, codes checked,
// geometries shaped, every problem collected with its row, and the good rows written.
#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "geo/bounded_queue.hpp"
#include "importers/importer.hpp"
#include "importers/osm_mapping.hpp"
#include "importers/osm_rules.hpp"

#include <exception>
#include <fmt/format.h>
#include <thread>

namespace allseason::importers::detail {

void importer::problem(std::string text) {
    ++m_problem_count;
    if (m_problems.size() < max_listed_problems) {
        m_problems.push_back(std::move(text));
    }
}

raw_value importer::read_raw(const geo::feature& f, int index) {
    return m_source.value(f, index, m_fields[static_cast<size_t>(index)].kind);
}

bool importer::osm_values(const geo::feature& f, std::vector<layers::field_value>& values) {
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
            const std::string id =
                m_osm_fields.id >= 0 ? f.get_text(m_osm_fields.id) : std::to_string(f.fid());
            values[c] = "w" + id;
        } else if (name == "class") {
            values[c] = std::string(*road_class);
        } else if (name == "surface") {
            values[c] = std::string(osm_surface(surface, *road_class));
        } else if (name == "structure") {
            values[c] = osm_road_structure(f);
        }
    }
    return true;
}

layers::field_value importer::osm_road_structure(const geo::feature& f) {
    if (m_osm_fields.other_tags < 0 || f.is_null(m_osm_fields.other_tags)) {
        return std::monostate{};
    }
    const std::string tags = f.get_text(m_osm_fields.other_tags);
    const osm_tag_lookup tag = [&](std::string_view key) { return other_tag(tags, key); };
    if (const auto structure = osm_structure(tag)) {
        return std::string(*structure);
    }
    return std::monostate{};
}

bool importer::row_values(const geo::feature& f, const importer::row_place& where,
                          std::vector<layers::field_value>& values) {
    bool ok = true;
    for (size_t c = 0; c < m_spec.columns.size(); ++c) {
        const auto& source = m_plan.columns[c];
        const auto& column = m_spec.columns[c];
        try {
            switch (source.how) {
            case field_source::kind::computed:
                break;
            case field_source::kind::absent:
                values[c] = coerce(m_spec, column, std::monostate{});
                break;
            case field_source::kind::constant:
                values[c] = m_constants[c];
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

layers::field_value importer::coerce_cached(size_t c, raw_value raw,
                                            const std::string& source_name) {
    const auto& column = m_spec.columns[c];
    const auto* text = std::get_if<std::string>(&raw);
    const bool cacheable = text && text->size() < 64 &&
                           (!column.allowed.empty() || column.type == layers::column_type::boolean);
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

bool importer::check_code(const std::vector<layers::field_value>& values, std::int64_t row,
                          const importer::row_place& where) {
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

std::optional<shaped_geometry> importer::shape_row(geometry_shaper& shaper, const geo::feature& f,
                                                   const importer::row_place& where,
                                                   const source_crs& crs) {
    try {
        auto wkb = m_source.geometry_wkb(f);
        if (!wkb) {
            throw geometry_rejected(geometry_rejected::kind::empty, "the feature has no geometry");
        }
        return shaper.shape(std::move(*wkb));
    } catch (const geometry_rejected& e) {
        if (e.which() == geometry_rejected::kind::not_degrees) {
            throw data_error(
                fmt::format("{}: {}, but the source CRS ({}, from {}) is geographic — the CRS "
                            "does not match the coordinates (a wrong .prj?); import again with "
                            "--source-crs naming the real CRS, e.g. EPSG:3405 (VN-2000 / UTM 48N)",
                            std::string(where), e.what(), crs.crs.name(), crs.origin));
        }
        if (e.which() == geometry_rejected::kind::mismatch) {
            throw data_error(fmt::format("{}: {} — is it the right file or layer?",
                                         std::string(where), e.what()));
        }
        problem(fmt::format("{}: {}", std::string(where), e.what()));
    } catch (const crs_error& e) {
        problem(fmt::format("{}: {}", std::string(where), e.what()));
    }
    return std::nullopt;
}

void importer::read_rows(geometry_shaper& shaper, const source_crs& crs,
                         const std::function<bool(row_batch&&)>& emit) {
    const std::int64_t total = m_source.layer().feature_count(false);
    std::vector<layers::field_value> values(m_spec.columns.size());
    std::vector<std::string> repairs;
    row_batch batch{{}, 0, total};
    batch.rows.reserve(batch_rows);
    auto hand_over = [&] {
        batch.rows_read = m_summary.rows_read;
        const bool go_on = emit(std::move(batch));
        batch = row_batch{{}, 0, total};
        batch.rows.reserve(batch_rows);
        return go_on;
    };
    auto& layer = m_source.layer();
    layer.reset_reading();
    while (auto f = layer.next_feature()) {
        const std::int64_t row = ++m_summary.rows_read;
        if (m_osm && !osm_values(*f, values)) {
            ++m_summary.skipped;
            continue;
        }
        const row_place where{this, row, &*f};
        bool ok = row_values(*f, where, values);
        ok = check_code(values, row, where) && ok;
        auto shaped = shape_row(shaper, *f, where, crs);
        if (m_problem_count >= max_problems) {
            break;
        }
        if (!ok || !shaped || m_problem_count > 0) {
            continue; // keep reading to report every problem; nothing will be written
        }
        if (shaped->repaired) {
            ++m_summary.repaired;
            if (repairs.size() < max_listed_problems) {
                repairs.push_back(fmt::format("{}: geometry repaired ({})", std::string(where),
                                              shaped->repair_reason));
            }
        }
        for (auto& part : shaped->parts) {
            batch.rows.push_back({values, std::move(part)});
        }
        if (batch.rows.size() >= batch_rows && !hand_over()) {
            return; // the writer failed; its error is the one reported
        }
    }
    if (!batch.rows.empty() && !hand_over()) {
        return;
    }
    append(m_summary.warnings, repairs);
    if (m_summary.repaired > static_cast<std::int64_t>(repairs.size())) {
        m_summary.warnings.push_back(
            fmt::format("{}: {} more geometries repaired", m_source.label(),
                        thousands(m_summary.repaired - static_cast<std::int64_t>(repairs.size()))));
    }
}

void importer::write_batch(const row_batch& batch, layers::layer_writer& writer) {
    for (const auto& r : batch.rows) {
        writer.insert(r.values, r.wkb);
    }
    m_summary.imported += static_cast<std::int64_t>(batch.rows.size());
    if (m_options.progress &&
        batch.rows_read / progress_every > m_progress_shown / progress_every) {
        m_options.progress(batch.rows_read, batch.total);
    }
    m_progress_shown = batch.rows_read;
}

void importer::transfer_rows(geometry_shaper& shaper, layers::layer_writer& writer,
                             const source_crs& crs) {
    for (size_t c = 0; c < m_spec.columns.size(); ++c) {
        if (m_spec.columns[c].name == "code") {
            m_code_column = c;
        }
    }
    if (!m_options.pipelined) {
        read_rows(shaper, crs, [&](row_batch&& batch) {
            write_batch(batch, writer);
            return true;
        });
    } else {
        // The reader thread owns the source (GDAL), the shaper (GEOS, PROJ) and the reading
        // state; this thread owns the SQLite connection. They meet only in the queue; the
        // rest of the importer is touched by one of them at a time (before, during or after).
        geo::bounded_queue<row_batch> queue(queue_batches);
        std::exception_ptr read_error;
        std::jthread reader([&] {
            try {
                read_rows(shaper, crs,
                          [&](row_batch&& batch) { return queue.push(std::move(batch)); });
            } catch (...) {
                read_error = std::current_exception();
            }
            queue.close();
        });
        try {
            while (auto batch = queue.pop()) {
                write_batch(*batch, writer);
            }
        } catch (...) {
            queue.cancel(); // the reader stops at its next batch
            reader.join();
            throw;
        }
        reader.join();
        if (read_error) {
            std::rethrow_exception(read_error);
        }
    }
    if (m_options.progress) {
        m_options.progress(m_summary.rows_read, m_summary.rows_read);
    }
}

} // namespace allseason::importers::detail
