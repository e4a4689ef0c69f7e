#include "importers/source.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <ogrsf_frmts.h>

namespace allseason::importers {

namespace {

// Column names taken as coordinates or geometry in CSV files (GDAL matches them without
// regard to case). kinh_do/vi_do are Vietnamese for longitude/latitude.
constexpr const char* csv_x_names = "lon,lng,long,longitude,x,kinh_do,kinhdo,easting";
constexpr const char* csv_y_names = "lat,latitude,y,vi_do,vido,northing";
constexpr const char* csv_geom_names = "wkt,geom,geometry,the_geom,shape,wkt_geom,hinh_hoc";

// Values read before deciding what encoding undeclared legacy text is in.
constexpr int prescan_features = 2000;
// Enough text to tell TCVN3 from VNI from Unicode.
constexpr size_t sample_limit = 64 * 1024;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// True when valid UTF-8 `text` is certainly NFC already: every character is below U+0300
// (no combining marks) or a precomposed Latin letter of U+1E00–U+1EFF, which is where
// Vietnamese lives. Saves the normaliser's allocation on nearly every value.
bool plainly_nfc(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
        } else if (c < 0xE0) { // two bytes: U+0080–U+07FF
            const unsigned cp =
                ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            if (cp >= 0x300) {
                return false;
            }
            i += 2;
        } else if (c < 0xF0) { // three bytes
            const unsigned cp = ((c & 0x0Fu) << 12) |
                                ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                                (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
            if (cp < 0x1E00 || cp > 0x1EFF) {
                return false;
            }
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

// The first line of a sample, cut at 60 bytes on a character boundary.
std::string first_line(const std::string& sample) {
    std::string line = sample.substr(0, sample.find('\n'));
    if (line.size() > 60) {
        size_t cut = 60;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        line = line.substr(0, cut) + "…";
    }
    return line;
}

std::optional<std::string> read_cpg(const std::filesystem::path& path) {
    for (const char* ext : {".cpg", ".CPG"}) {
        auto cpg = path;
        cpg.replace_extension(ext);
        std::ifstream in(cpg);
        std::string content;
        if (in && std::getline(in, content)) {
            return trim(content);
        }
    }
    return std::nullopt;
}

// A .cpg names our encodings in several ways; anything else is left to GDAL's recoding.
std::optional<text_encoding> encoding_of_cpg(const std::string& cpg) {
    const std::string c = lower(cpg);
    if (c == "utf-8" || c == "utf8" || c == "65001")
        return text_encoding::utf8;
    if (c == "1258" || c == "cp1258" || c == "ansi 1258" || c == "windows-1258")
        return text_encoding::cp1258;
    if (c.find("tcvn") != std::string::npos)
        return text_encoding::tcvn3;
    if (c.find("vni") != std::string::npos)
        return text_encoding::vni;
    return std::nullopt;
}

std::string gdal_encoding_of_cpg(const std::string& cpg) {
    const std::string c = lower(cpg);
    if (!c.empty() && std::all_of(c.begin(), c.end(), ::isdigit)) {
        return "CP" + c;
    }
    if (c.starts_with("ansi ")) {
        return "CP" + c.substr(5);
    }
    return cpg;
}

bool fits(std::string_view layer_geometry, layers::geometry_kind kind) {
    if (layer_geometry.find("Unknown") != std::string_view::npos) {
        return true;
    }
    switch (kind) {
    case layers::geometry_kind::point:
        return layer_geometry.find("Point") != std::string::npos;
    case layers::geometry_kind::line:
        return layer_geometry.find("Line") != std::string::npos;
    case layers::geometry_kind::polygon:
        return layer_geometry.find("Polygon") != std::string::npos;
    case layers::geometry_kind::point_or_line:
        return layer_geometry.find("Point") != std::string::npos ||
               layer_geometry.find("Line") != std::string::npos;
    case layers::geometry_kind::point_or_polygon:
        return layer_geometry.find("Point") != std::string::npos ||
               layer_geometry.find("Polygon") != std::string::npos;
    }
    return false;
}

source::open_plan plan_open(const std::filesystem::path& path, std::optional<text_encoding> given,
                            source_use use) {
    source::open_plan plan;
    const std::string ext = lower(path.extension().string());
    const bool table = use == source_use::table;
    if (ext == ".csv" || ext == ".tsv") {
        plan.csv = true;
        plan.raw_bytes = true;
        if (table) {
            plan.options = {"HEADERS=YES"};
            plan.header_lines = 1;
        } else {
            plan.options = {fmt::format("X_POSSIBLE_NAMES={}", csv_x_names),
                            fmt::format("Y_POSSIBLE_NAMES={}", csv_y_names),
                            fmt::format("GEOM_POSSIBLE_NAMES={}", csv_geom_names),
                            "KEEP_GEOM_COLUMNS=NO"};
        }
    } else if (ext == ".xlsx" || ext == ".ods" || ext == ".xls") {
        plan.spreadsheet = true;
        if (table) {
            // GDAL 3.6 has no HEADERS open option for these drivers yet, only the config.
            plan.config = {{"OGR_XLSX_HEADERS", "FORCE"},
                           {"OGR_ODS_HEADERS", "FORCE"},
                           {"OGR_XLS_HEADERS", "FORCE"}};
            plan.header_lines = 1;
        }
    } else if (ext == ".shp" || ext == ".dbf") {
        const auto cpg = read_cpg(path);
        const auto ours = cpg ? encoding_of_cpg(*cpg) : std::nullopt;
        if (given || ours || !cpg) {
            plan.options = {"ENCODING="}; // the bytes as they are: we decode them
            plan.raw_bytes = true;
            if (!given && ours) {
                plan.encoding = ours;
                plan.origin = fmt::format("its .cpg file (\"{}\")", *cpg);
            }
        } else {
            plan.options = {"ENCODING=" + gdal_encoding_of_cpg(*cpg)};
        }
    } else if (ext == ".dgn" || ext == ".tab" || ext == ".mif") {
        plan.raw_bytes = true; // DGN has no encoding; MapInfo's "Neutral" charset is raw too
    }
    if (given) {
        plan.encoding = given;
        plan.origin = "--encoding";
    }
    return plan;
}

// A table's layer: the only one, the one named like the target, or the only non-empty one.
std::optional<int> pick_table_layer(const geo::vector_dataset& ds,
                                    const layers::layer_spec& target) {
    const int count = ds.layer_count();
    const auto names = ds.layer_names();
    std::vector<int> non_empty;
    for (int i = 0; i < count; ++i) {
        if (lower(names[static_cast<size_t>(i)]) == target.name) {
            return i;
        }
        if (ds.layer(i).feature_count(true) > 0) {
            non_empty.push_back(i);
        }
    }
    if (non_empty.size() == 1) {
        return non_empty.front();
    }
    return std::nullopt;
}

geo::vector_layer pick_layer(const geo::vector_dataset& ds, const std::string& label,
                             const std::string& wanted, const layers::layer_spec& target, bool osm,
                             source_use use) {
    if (!wanted.empty()) {
        return ds.layer(wanted);
    }
    const int count = ds.layer_count();
    if (count == 0) {
        throw data_error(fmt::format("{}: the file has no layers", label));
    }
    if (count == 1) {
        return ds.layer(0);
    }
    if (use == source_use::table) {
        if (const auto i = pick_table_layer(ds, target)) {
            return ds.layer(*i);
        }
    } else if (osm) {
        switch (target.geometry) {
        case layers::geometry_kind::point:
            return ds.layer("points");
        case layers::geometry_kind::polygon:
            return ds.layer("multipolygons");
        default:
            return ds.layer("lines");
        }
    }
    const auto names = ds.layer_names();
    for (int i = 0; i < count; ++i) {
        if (lower(names[static_cast<size_t>(i)]) == target.name) {
            return ds.layer(i);
        }
    }
    if (ds.driver_name() == "GPX") {
        if (target.geometry == layers::geometry_kind::point) {
            return ds.layer("waypoints");
        }
        auto tracks = ds.layer("tracks");
        if (tracks.feature_count(true) > 0) {
            return tracks;
        }
        return ds.layer("routes");
    }
    std::vector<int> candidates;
    for (int i = 0; use == source_use::features && i < count; ++i) {
        auto l = ds.layer(i);
        if (fits(l.geometry_type_name(), target.geometry) && l.feature_count(true) > 0) {
            candidates.push_back(i);
        }
    }
    if (candidates.size() == 1) {
        return ds.layer(candidates.front());
    }
    std::string list;
    for (const auto& n : names) {
        list += (list.empty() ? "" : ", ") + n;
    }
    throw usage_error(
        fmt::format("{} has {} layers ({}); choose one with --source-layer", label, count, list));
}

std::vector<std::unique_ptr<geo::scoped_config_option>>
apply_config(const std::vector<std::pair<std::string, std::string>>& config) {
    std::vector<std::unique_ptr<geo::scoped_config_option>> applied;
    for (const auto& [name, value] : config) {
        applied.push_back(std::make_unique<geo::scoped_config_option>(name, value));
    }
    return applied;
}

} // namespace

source::source(const std::filesystem::path& path, const std::string& source_layer,
               const layers::layer_spec& target, std::optional<text_encoding> encoding,
               source_use use)
    : m_plan(plan_open(path, encoding, use)), m_label(path.filename().string()),
      m_config(apply_config(m_plan.config)),
      m_dataset(geo::vector_dataset::open(path, m_plan.options)),
      m_layer(pick_layer(m_dataset, m_label, source_layer, target, m_dataset.driver_name() == "OSM",
                         use)),
      m_osm(m_dataset.driver_name() == "OSM") {
    if (m_plan.raw_bytes && !m_plan.encoding) {
        prescan_raw_text();
    }
}

void source::prescan_raw_text() {
    std::vector<int> text_fields;
    const auto fields = m_layer.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].kind == geo::field_kind::text) {
            text_fields.push_back(static_cast<int>(i));
        }
    }
    if (text_fields.empty()) {
        return;
    }
    bool invalid = false;
    std::string sample;
    m_layer.reset_reading();
    for (int n = 0; n < prescan_features; ++n) {
        auto f = m_layer.next_feature();
        if (!f) {
            break;
        }
        for (int i : text_fields) {
            if (f->is_null(i)) {
                continue;
            }
            const std::string raw = f->get_text(i);
            if (!is_ascii(raw) && sample.size() < sample_limit) {
                sample += raw + "\n";
                invalid = invalid || !geo::is_valid_utf8(raw);
            }
        }
    }
    m_layer.reset_reading();
    if (!invalid) {
        return; // UTF-8 (or plain ASCII); the mojibake check runs on the way
    }
    const auto guess = guess_legacy_encoding(sample);
    m_plan.encoding = guess.value_or(text_encoding::cp1258);
    m_plan.origin = "a guess";
    m_notes.push_back(fmt::format(
        "{}: the text is not UTF-8 and the file does not say its encoding; it was read as {}{} "
        "— if names look wrong, import again with --encoding utf-8, cp1258, tcvn3 or vni",
        m_label, to_string(*m_plan.encoding),
        guess ? fmt::format(" (it looks like {}; --encoding {} makes that explicit)",
                            to_string(*guess), to_string(*guess))
              : std::string(" (Windows-1258, the usual Vietnamese Windows code page)")));
}

std::optional<geo::blob> source::geometry_wkb(const geo::feature& f) const {
    const OGRGeometry* g = f.handle()->GetGeometryRef();
    if (!g) {
        return std::nullopt;
    }
    std::unique_ptr<OGRGeometry> owned;
    if (g->hasCurveGeometry(TRUE)) {
        owned.reset(g->getLinearGeometry());
        g = owned.get();
    }
    if (g->Is3D() || g->IsMeasured()) {
        if (!owned) {
            owned.reset(g->clone());
        }
        owned->flattenTo2D();
        g = owned.get();
    }
    geo::blob wkb(static_cast<size_t>(g->WkbSize()));
    if (g->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        throw data_error("the geometry cannot be converted to WKB");
    }
    return wkb;
}

std::string source::text(const geo::feature& f, int index) {
    std::string raw = f.get_text(index);
    if (is_ascii(raw)) {
        return raw;
    }
    if (m_plan.encoding) {
        try {
            return decode_text(raw, *m_plan.encoding);
        } catch (const data_error& e) {
            throw data_error(fmt::format("{} (the text was read as {}, from {})", e.what(),
                                         to_string(*m_plan.encoding), m_plan.origin));
        }
    }
    return decode_auto(std::move(raw));
}

raw_value source::value(const geo::feature& f, int index, geo::field_kind kind) {
    if (f.is_null(index)) {
        return std::monostate{};
    }
    switch (kind) {
    case geo::field_kind::integer:
    case geo::field_kind::integer64:
    case geo::field_kind::boolean:
        return f.get_int(index);
    case geo::field_kind::real:
        return f.get_double(index);
    default:
        return text(f, index);
    }
}

std::string source::file_place(std::int64_t row, const geo::feature& f) const {
    if (m_plan.header_lines == 0) {
        return {};
    }
    if (m_plan.spreadsheet) {
        const std::int64_t fid = f.fid();
        return fmt::format("sheet row {}", fid > row ? fid : row + m_plan.header_lines);
    }
    return fmt::format("line {}", row + m_plan.header_lines);
}

std::string source::decode_auto(std::string raw) {
    if (geo::is_valid_utf8(raw)) {
        if (m_sample.size() < sample_limit) {
            m_sample += raw + "\n";
        }
        return plainly_nfc(raw) ? raw : geo::to_nfc(raw);
    }
    // Undeclared legacy bytes the prescan did not see: read them as Windows-1258.
    if (!m_guessed_fallback) {
        m_guessed_fallback = true;
        m_notes.push_back(fmt::format(
            "{}: some text is not UTF-8 and the file does not say its encoding; it was read as "
            "cp1258 — if names look wrong, import again with --encoding tcvn3, vni or cp1258",
            m_label));
    }
    try {
        return decode_text(raw, text_encoding::cp1258);
    } catch (const data_error&) {
        throw data_error("the text is neither UTF-8 nor Windows-1258; give its encoding with "
                         "--encoding tcvn3, vni or cp1258");
    }
}

std::optional<geo::envelope> source::extent() const {
    OGREnvelope env;
    if (m_layer.handle()->GetExtent(&env, TRUE) != OGRERR_NONE) {
        return std::nullopt;
    }
    return geo::envelope{env.MinX, env.MinY, env.MaxX, env.MaxY};
}

std::vector<std::string> source::text_warnings() const {
    std::vector<std::string> warnings = m_notes;
    if (!m_plan.encoding && !m_sample.empty()) {
        if (const auto guess = guess_legacy_encoding(m_sample)) {
            warnings.push_back(fmt::format(
                "{}: the text looks like {} typed with legacy Vietnamese fonts (mojibake such as "
                "\"{}\"); it was imported as it is — import again with --encoding {} to decode it",
                m_label, to_string(*guess), first_line(m_sample), to_string(*guess)));
        }
    }
    return warnings;
}

} // namespace allseason::importers
