#include "importers/osm_reader.hpp"

#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "importers/osm_mapping.hpp"

#include <bzlib.h>
#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <ogrsf_frmts.h>
#include <unistd.h>
#include <zlib.h>

namespace allseason::importers {

namespace {

constexpr size_t chunk = 1 << 20;
constexpr std::int64_t progress_every = 8192;

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

bool ends_with(const std::filesystem::path& path, std::string_view suffix) {
    return lower(path.filename().string()).ends_with(suffix);
}

struct file_closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

std::filesystem::path make_temporary() {
    std::string name =
        (std::filesystem::temp_directory_path() / "allseason-osm-XXXXXX.osm").string();
    const int fd = ::mkstemps(name.data(), 4);
    if (fd < 0) {
        throw io_error(fmt::format("cannot create a temporary file in {}",
                                   std::filesystem::temp_directory_path().string()));
    }
    ::close(fd);
    return name;
}

void write_all(std::FILE* out, const char* data, size_t size, const std::filesystem::path& to) {
    if (std::fwrite(data, 1, size, out) != size) {
        throw io_error(
            fmt::format("{}: cannot write the decompressed file (disk full?)", to.string()));
    }
}

// gzip, including files of several concatenated members (zlib reads them all).
void gunzip(const std::filesystem::path& from, const std::filesystem::path& to,
            const std::string& label) {
    gzFile in = gzopen(from.c_str(), "rb");
    if (!in) {
        throw io_error(fmt::format("{}: cannot open the file", label));
    }
    file_ptr out(std::fopen(to.c_str(), "wb"));
    std::vector<char> buffer(chunk);
    int n = 0;
    while ((n = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
        write_all(out.get(), buffer.data(), static_cast<size_t>(n), to);
    }
    int code = Z_OK;
    const std::string why = gzerror(in, &code);
    gzclose(in);
    if (n < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        throw data_error(fmt::format("{}: the gzip data is damaged or cut short ({}); nothing "
                                     "was imported",
                                     label, why));
    }
}

// bzip2, including multi-stream files (pbzip2, lbzip2).
void bunzip(const std::filesystem::path& from, const std::filesystem::path& to,
            const std::string& label) {
    file_ptr in(std::fopen(from.c_str(), "rb"));
    if (!in) {
        throw io_error(fmt::format("{}: cannot open the file", label));
    }
    file_ptr out(std::fopen(to.c_str(), "wb"));
    std::vector<char> buffer(chunk);
    std::vector<char> unused;
    auto damaged = [&](int code) {
        return data_error(fmt::format("{}: the bzip2 data is damaged or cut short (bzip2 error "
                                      "{}); nothing was imported",
                                      label, code));
    };
    while (true) {
        int code = BZ_OK;
        BZFILE* bz =
            BZ2_bzReadOpen(&code, in.get(), 0, 0, unused.data(), static_cast<int>(unused.size()));
        if (code != BZ_OK) {
            BZ2_bzReadClose(&code, bz);
            throw damaged(code);
        }
        while (code == BZ_OK) {
            const int n = BZ2_bzRead(&code, bz, buffer.data(), static_cast<int>(buffer.size()));
            if (code == BZ_OK || code == BZ_STREAM_END) {
                write_all(out.get(), buffer.data(), static_cast<size_t>(n), to);
            }
        }
        if (code != BZ_STREAM_END) {
            int ignored = 0;
            BZ2_bzReadClose(&ignored, bz);
            throw damaged(code);
        }
        void* rest = nullptr;
        int rest_size = 0;
        BZ2_bzReadGetUnused(&code, bz, &rest, &rest_size);
        unused.assign(static_cast<char*>(rest), static_cast<char*>(rest) + rest_size);
        BZ2_bzReadClose(&code, bz);
        if (unused.empty()) {
            const int c = std::fgetc(in.get());
            if (c == EOF) {
                return;
            }
            unused.push_back(static_cast<char>(c));
        }
    }
}

osm_layer_fields fields_of(const OGRFeatureDefn& defn) {
    osm_layer_fields fields;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const std::string name = defn.GetFieldDefn(i)->GetNameRef();
        if (name == "other_tags") {
            fields.other_tags = i;
        } else if (name == "osm_id") {
            fields.osm_id = i;
        } else if (name == "osm_way_id") {
            fields.osm_way_id = i;
        } else {
            fields.tags.emplace_back(name, i);
        }
    }
    return fields;
}

std::optional<osm_layer> layer_of(std::string_view name) {
    if (name == "points")
        return osm_layer::points;
    if (name == "lines")
        return osm_layer::lines;
    if (name == "multipolygons")
        return osm_layer::multipolygons;
    return std::nullopt;
}

} // namespace

osm_element::osm_element(osm_layer layer, const OGRFeature& feature, const osm_layer_fields& fields)
    : m_layer(layer), m_feature(&feature), m_fields(&fields) {}

std::string osm_element::code() const {
    auto text = [&](int index) -> std::string {
        return index >= 0 && m_feature->IsFieldSetAndNotNull(index)
                   ? m_feature->GetFieldAsString(index)
                   : std::string();
    };
    switch (m_layer) {
    case osm_layer::points:
        return "n" + text(m_fields->osm_id);
    case osm_layer::lines:
        return "w" + text(m_fields->osm_id);
    case osm_layer::multipolygons:
        break;
    }
    const std::string way = text(m_fields->osm_way_id);
    return way.empty() ? "r" + text(m_fields->osm_id) : "w" + way;
}

std::optional<std::string> osm_element::tag(std::string_view key) const {
    for (const auto& [name, index] : m_fields->tags) {
        if (name == key) {
            if (!m_feature->IsFieldSetAndNotNull(index)) {
                return std::nullopt;
            }
            return std::string(m_feature->GetFieldAsString(index));
        }
    }
    const int other = m_fields->other_tags;
    if (other < 0 || !m_feature->IsFieldSetAndNotNull(other)) {
        return std::nullopt;
    }
    return other_tag(m_feature->GetFieldAsString(other), key);
}

const OGRGeometry* osm_element::geometry() const {
    return m_feature->GetGeometryRef();
}

bool is_osm_file_name(const std::filesystem::path& path) {
    for (const char* suffix : {".osm", ".osm.pbf", ".osm.gz", ".osm.bz2"}) {
        if (ends_with(path, suffix)) {
            return true;
        }
    }
    return false;
}

osm_file::osm_file(const std::filesystem::path& path)
    : m_path(path), m_label(path.filename().string()) {
    if (!std::filesystem::exists(path)) {
        throw io_error(fmt::format("{}: no such file", path.string()));
    }
    const bool gz = ends_with(path, ".gz");
    const bool bz2 = ends_with(path, ".bz2");
    if (!gz && !bz2) {
        return;
    }
    m_temporary = make_temporary();
    try {
        if (gz) {
            gunzip(path, m_temporary, m_label);
        } else {
            bunzip(path, m_temporary, m_label);
        }
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(m_temporary, ignored);
        throw;
    }
}

osm_file::~osm_file() {
    if (!m_temporary.empty()) {
        std::error_code ignored;
        std::filesystem::remove(m_temporary, ignored);
    }
}

void osm_file::read(const std::function<void(const osm_element&)>& visit,
                    const std::function<void(std::int64_t)>& progress) const {
    const auto& file = m_temporary.empty() ? m_path : m_temporary;
    geo::gdal_error_capture errors;
    auto failed = [&](std::string_view what) {
        const std::string why = errors.errors();
        // GDAL's own advice (an environment variable) is not what a planner can act on.
        const bool unsorted = why.find("Non increasing node id") != std::string::npos;
        return data_error(fmt::format(
            "{}: {} ({}); nothing was imported{}", m_label, what, why,
            unsorted ? fmt::format(" — its elements are not sorted by id; sort it first, e.g. "
                                   "osmium sort {} -o sorted.osm.pbf",
                                   m_label)
                     : std::string()));
    };
    std::optional<geo::vector_dataset> dataset;
    try {
        dataset.emplace(geo::vector_dataset::open(file, {"INTERLEAVED_READING=YES"}));
    } catch (const std::exception& e) {
        throw data_error(
            fmt::format("{}: GDAL cannot read it as OpenStreetMap: {}", m_label, e.what()));
    }
    if (dataset->driver_name() != "OSM") {
        throw data_error(fmt::format("{}: not an OpenStreetMap file (GDAL reads it as {})", m_label,
                                     dataset->driver_name()));
    }
    GDALDataset* ds = dataset->handle();
    // Only these layers are assembled; multilinestrings and other relations are not needed.
    ds->ReleaseResultSet(
        ds->ExecuteSQL("SET interest_layers = points,lines,multipolygons", nullptr, nullptr));
    ds->ResetReading();
    std::map<const OGRLayer*, std::pair<osm_layer, osm_layer_fields>> layers;
    std::int64_t count = 0;
    while (true) {
        OGRLayer* from = nullptr;
        std::unique_ptr<OGRFeature> feature(ds->GetNextFeature(&from, nullptr, nullptr, nullptr));
        if (!errors.errors().empty()) {
            throw failed("GDAL reported an error while reading it");
        }
        if (!feature) {
            break;
        }
        auto known = layers.find(from);
        if (known == layers.end()) {
            const auto which = layer_of(from->GetName());
            if (!which) {
                continue;
            }
            known = layers.emplace(from, std::pair{*which, fields_of(*from->GetLayerDefn())}).first;
        }
        visit(osm_element(known->second.first, *feature, known->second.second));
        if (progress && ++count % progress_every == 0) {
            progress(count);
        }
    }
}

} // namespace allseason::importers
