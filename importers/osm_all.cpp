// `import PROJECT all`: read the whole OSM file, sort its elements into layers
// (osm_collect.cpp), reproject, place the fords, and write every layer in one transaction.
#include "importers/osm_all.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/importer.hpp"
#include "importers/osm_collect.hpp"
#include "importers/osm_fords.hpp"
#include "layers/features.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <unordered_set>

namespace allseason::importers {

namespace {

using detail::osm_layer_rows;
using detail::osm_row;

// Reasons for skipping listed per layer in the summary (most first); the rest are summed.
constexpr size_t listed_reasons = 8;

void check_options(const import_options& o) {
    if (!is_osm_file_name(o.source)) {
        throw usage_error(fmt::format("{}: import … all takes an OpenStreetMap file (.osm, "
                                      ".osm.pbf, .osm.gz or .osm.bz2); import other files one "
                                      "layer at a time",
                                      o.source.string()));
    }
    if (!o.fields.empty() || !o.source_layer.empty() || !o.source_crs.empty() || o.encoding) {
        throw usage_error("import … all maps the OpenStreetMap tags itself: --field, "
                          "--source-layer, --source-crs and --encoding do not apply");
    }
}

// Rows reprojected into the project CRS; a geometry the shaper refuses is skipped and counted.
void shape_rows(osm_layer_rows& rows, geometry_shaper& shaper, std::int64_t& repaired) {
    std::vector<osm_row> shaped_rows;
    shaped_rows.reserve(rows.rows.size());
    for (auto& r : rows.rows) {
        try {
            auto shaped = shaper.shape(std::move(r.wkb));
            repaired += shaped.repaired ? 1 : 0;
            for (size_t p = 0; p + 1 < shaped.parts.size(); ++p) {
                shaped_rows.push_back({r.values, std::move(shaped.parts[p])});
            }
            if (!shaped.parts.empty()) {
                shaped_rows.push_back({std::move(r.values), std::move(shaped.parts.back())});
            }
        } catch (const geometry_rejected& e) {
            ++rows.skipped[fmt::format("unusable geometries ({})", e.what())];
        }
    }
    rows.rows = std::move(shaped_rows);
}

std::vector<std::pair<std::string, std::int64_t>>
most_first(const std::map<std::string, std::int64_t>& counts) {
    std::vector<std::pair<std::string, std::int64_t>> list(counts.begin(), counts.end());
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return list;
}

std::unordered_set<std::string> stored_codes(geo::database& db, const layers::layer_spec& spec) {
    std::unordered_set<std::string> codes;
    auto stmt = db.prepare(fmt::format("SELECT code FROM {} WHERE code IS NOT NULL",
                                       geo::quote_identifier(spec.name)));
    while (stmt.step()) {
        codes.insert(stmt.get_text(0));
    }
    return codes;
}

// Writes one layer's rows, replacing the layer (or adding to it); a layer without rows is
// left as it was.
osm_layer_summary write_layer(layers::project& project, osm_layer_rows& rows, bool append,
                              std::int64_t repaired) {
    osm_layer_summary summary;
    summary.layer = std::string(rows.layer);
    summary.repaired = repaired;
    if (rows.rows.empty()) {
        summary.untouched = true;
        summary.skipped = most_first(rows.skipped);
        return summary;
    }
    const auto& spec = layers::layer(rows.layer);
    layers::layer_writer writer(project.db(), spec, project.srid());
    std::unordered_set<std::string> codes;
    if (append && spec.code_unique) {
        codes = stored_codes(project.db(), spec);
    }
    if (!append) {
        writer.clear();
    }
    std::vector<layers::field_value> values(spec.columns.size());
    std::vector<layers::field_value> defaults;
    for (const auto& c : spec.columns) {
        defaults.push_back(layers::default_value(c));
    }
    for (const auto& r : rows.rows) {
        values = defaults;
        const std::string* code = nullptr;
        for (const auto& [column, value] : r.values) {
            for (size_t c = 0; c < spec.columns.size(); ++c) {
                if (spec.columns[c].name == column) {
                    values[c] = value;
                }
            }
            if (column == "code") {
                code = std::get_if<std::string>(&value);
            }
        }
        if (spec.code_unique && code && !codes.insert(*code).second) {
            ++rows.skipped[append ? "elements already in the layer" : "repeated elements"];
            continue;
        }
        writer.insert(values, r.wkb);
        ++summary.imported;
    }
    writer.finish();
    summary.skipped = most_first(rows.skipped);
    return summary;
}

std::string crs_note_for(layers::project& project, const std::string& label,
                         const geo::envelope& extent) {
    const geo::xy centre{(extent.min_x + extent.max_x) / 2, (extent.min_y + extent.max_y) / 2};
    const int epsg = utm_epsg_for(centre.x, centre.y);
    const auto utm = geo::crs::from_user_text(fmt::format("EPSG:{}", epsg));
    project.set_crs(utm);
    return fmt::format("{} is in WGS 84 (degrees); the project CRS is now EPSG:{} ({}), the UTM "
                       "zone of the data's centre ({:.4f}, {:.4f})",
                       label, epsg, utm.name(), centre.x, centre.y);
}

void log_layers(geo::database& db, const import_options& options,
                const osm_import_summary& summary) {
    for (const auto& l : summary.layers) {
        if (l.untouched) {
            continue;
        }
        import_options o = options;
        o.layer = l.layer;
        import_summary s;
        s.layer = l.layer;
        s.source = summary.source;
        s.rows_read = summary.elements_read;
        s.imported = l.imported;
        s.repaired = l.repaired;
        for (const auto& [why, n] : l.skipped) {
            s.skipped += n;
        }
        detail::importer::log(db, o, s, "ok", "import all: " + osm_summary_lines(summary).back());
    }
}

// Every row into the project CRS, then the fords where contract §3 puts them (that needs
// metres). Returns the geometries repaired per layer.
std::map<std::string_view, std::int64_t> reproject_and_place_fords(layers::project& project,
                                                                   detail::osm_collection& rows) {
    const auto wgs84 = geo::crs::from_user_text("EPSG:4326");
    const geo::transformation transform(wgs84, project.crs());
    std::map<std::string_view, std::int64_t> repaired;
    for (auto* layer : {&rows.roads, &rows.bridges, &rows.waterways, &rows.facilities,
                        &rows.villages, &rows.ford_nodes}) {
        geometry_shaper shaper(layers::layer(layer->layer).geometry, layer->layer, &transform,
                               true);
        shape_rows(*layer, shaper, repaired[layer->layer]);
    }
    osm_layer_rows ford_ways{"fords", {}, {}};
    ford_ways.rows = std::move(rows.ford_ways);
    geometry_shaper way_shaper(layers::geometry_kind::line, "fords", &transform, true);
    shape_rows(ford_ways, way_shaper, repaired["fords"]);
    const auto settings = layers::read_settings(project);
    detail::keep_fords_on_roads(rows.ford_nodes, rows.roads, settings.snap_m_crossing);
    detail::place_ford_ways(ford_ways.rows, rows.waterways, rows.ford_nodes);
    for (const auto& [why, n] : ford_ways.skipped) {
        rows.ford_nodes.skipped[why] += n;
    }
    return repaired;
}

osm_import_summary run(const import_options& options, layers::project& project) {
    const auto start = std::chrono::steady_clock::now();
    const osm_file file(options.source);
    osm_import_summary summary;
    summary.source = file.label();
    summary.append = options.append;
    detail::osm_collector collector;
    file.read([&](const osm_element& e) { collector.add(e); },
              [&](std::int64_t n) {
                  if (options.progress) {
                      options.progress(n, -1);
                  }
              });
    auto& rows = collector.collection();
    summary.elements_read = rows.elements;
    if (rows.elements == 0 || rows.extent.min_x > rows.extent.max_x) {
        throw data_error(fmt::format("{}: the file holds no OpenStreetMap element with a "
                                     "geometry; nothing was imported",
                                     file.label()));
    }
    geo::transaction tx(project.db());
    if (!project.has_crs()) {
        summary.crs_note = crs_note_for(project, file.label(), rows.extent);
    }
    auto repaired = reproject_and_place_fords(project, rows);
    for (auto* layer : {&rows.roads, &rows.bridges, &rows.ford_nodes, &rows.waterways,
                        &rows.facilities, &rows.villages}) {
        summary.layers.push_back(
            write_layer(project, *layer, options.append, repaired[layer->layer]));
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log_layers(project.db(), options, summary);
    project.touch();
    tx.commit();
    return summary;
}

} // namespace

osm_import_summary import_osm_all(const import_options& options) {
    check_options(options);
    auto project = layers::project::open(options.project);
    try {
        return run(options, project);
    } catch (const std::exception& e) {
        try { // record the failed attempt; the layers are untouched
            geo::transaction tx(project.db());
            import_summary partial;
            detail::importer::log(project.db(), options, partial, "failed", e.what());
            tx.commit();
        } catch (const std::exception&) {
        }
        throw;
    }
}

std::vector<std::string> osm_summary_lines(const osm_import_summary& s) {
    std::vector<std::string> lines;
    for (const auto& l : s.layers) {
        std::string skipped;
        std::int64_t others = 0;
        for (size_t i = 0; i < l.skipped.size(); ++i) {
            const auto& [why, n] = l.skipped[i];
            if (i < listed_reasons) {
                skipped += fmt::format("{}{} {}", skipped.empty() ? "" : ", ",
                                       geo::group_thousands(n), why);
            } else {
                others += n;
            }
        }
        if (others > 0) {
            skipped += fmt::format(" and {} more of {} other tags", geo::group_thousands(others),
                                   l.skipped.size() - listed_reasons);
        }
        if (!skipped.empty()) {
            skipped = "; skipped: " + skipped;
        }
        if (l.untouched) {
            lines.push_back(
                fmt::format("{}: nothing in {}, left as it was{}", l.layer, s.source, skipped));
        } else {
            lines.push_back(
                fmt::format("{} ← {}: {} imported ({}){}{}", l.layer, s.source,
                            geo::group_thousands(l.imported), s.append ? "appended" : "replaced",
                            l.repaired ? fmt::format(", {} repaired", l.repaired) : "", skipped));
        }
    }
    lines.push_back(fmt::format("all ← {}: {} OpenStreetMap elements read in {:.2f} s", s.source,
                                geo::group_thousands(s.elements_read), s.seconds));
    return lines;
}

} // namespace allseason::importers
