#include "importers/manifest.hpp"

#include "importers/vocabulary.hpp"

#include "geo/errors.hpp"
#include "layers/schema.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml.hpp>

namespace allseason::importers {

namespace {

std::string optional_string(const toml::value& table, const std::string& key) {
    if (!table.contains(key)) {
        return {};
    }
    return toml::get<std::string>(table.at(key));
}

manifest_source read_source(const toml::value& entry, const std::filesystem::path& folder,
                            std::size_t index) {
    manifest_source s;
    s.layer = toml::find<std::string>(entry, "layer");
    s.file = folder / toml::find<std::string>(entry, "file");
    s.source_layer = optional_string(entry, "source_layer");
    s.encoding = optional_string(entry, "encoding");
    s.source_crs = optional_string(entry, "source_crs");
    s.append = toml::find_or<bool>(entry, "append", false);
    if (entry.contains("fields")) {
        for (const auto& [target, source] : toml::find<toml::table>(entry, "fields")) {
            s.fields[target] = toml::get<std::string>(source);
        }
    }
    if (auto layer = match_layer_name(s.layer)) {
        s.layer = std::string(*layer);
    } else if (s.layer != "all") { // "all": every layer an OpenStreetMap file fills
        throw data_error(fmt::format("source {} ({}): unknown layer \"{}\"; the layers are: {}",
                                     index + 1, s.file.filename().string(), s.layer,
                                     fmt::join(layers::layer_names(), ", ")));
    }
    return s;
}

} // namespace

manifest read_manifest(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path)) {
        throw io_error(fmt::format("{}: no such manifest file", path.string()));
    }
    manifest m;
    m.path = path;
    const auto folder = path.parent_path();
    try {
        const auto root = toml::parse(path.string());
        m.name = toml::find_or<std::string>(root, "name", path.parent_path().filename().string());
        m.crs = optional_string(root, "crs");
        if (root.contains("analysis")) {
            const auto& a = toml::find(root, "analysis");
            m.analysis.scenario = toml::find_or<std::string>(a, "scenario", "rainy");
            m.analysis.destination = toml::find_or<std::string>(a, "to", "commune_centre");
            if (a.contains("budget_million_vnd")) {
                const auto& b = a.at("budget_million_vnd");
                m.analysis.budget_million_vnd =
                    b.is_integer() ? static_cast<double>(b.as_integer()) : toml::get<double>(b);
            }
        }
        const auto& sources = toml::find<toml::array>(root, "source");
        for (std::size_t i = 0; i < sources.size(); ++i) {
            m.sources.push_back(read_source(sources[i], folder, i));
        }
    } catch (const allseason::error&) {
        throw;
    } catch (const std::exception& e) {
        // toml11's messages carry the line and a caret under the fault.
        throw data_error(fmt::format("{}: {}", path.string(), e.what()));
    }
    if (m.sources.empty()) {
        throw data_error(fmt::format("{}: the manifest lists no [[source]]", path.string()));
    }
    return m;
}

} // namespace allseason::importers
