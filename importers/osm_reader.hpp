#pragma once
// Reads an OpenStreetMap file (.osm, .osm.pbf, .osm.gz, .osm.bz2) in full through GDAL's OSM
// driver: every element of the points, lines and multipolygons layers, interleaved (reading
// the layers one after another loses features), a compressed file decompressed to a temporary
// file first (GDAL's /vsigzip/ was seen to stop early without an error), and any GDAL error
// while reading turned into a data_error naming the file — never a short read.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class OGRFeature;
class OGRGeometry;

namespace allseason::importers {

enum class osm_layer { points, lines, multipolygons };

// The fields of one GDAL OSM layer the tag lookup reads.
struct osm_layer_fields {
    std::vector<std::pair<std::string, int>> tags; // tag key → field index
    int other_tags = -1;
    int osm_id = -1;
    int osm_way_id = -1; // multipolygons: set for a closed way, osm_id for a relation
};

// One element as GDAL gives it, valid during the visit only.
class osm_element {
public:
    osm_element(osm_layer layer, const OGRFeature& feature, const osm_layer_fields& fields);

    osm_layer layer() const { return m_layer; }
    // n<id>, w<id> or r<id>.
    std::string code() const;
    // A tag's value (a field of the layer or a key of other_tags), nullopt when absent.
    std::optional<std::string> tag(std::string_view key) const;
    const OGRGeometry* geometry() const;

private:
    osm_layer m_layer;
    const OGRFeature* m_feature;
    const osm_layer_fields* m_fields;
};

// True for the file names `import PROJECT all` takes.
bool is_osm_file_name(const std::filesystem::path& path);

class osm_file {
public:
    explicit osm_file(const std::filesystem::path& path);
    ~osm_file();
    osm_file(const osm_file&) = delete;
    osm_file& operator=(const osm_file&) = delete;

    const std::string& label() const { return m_label; }
    // Visits every element; `progress` is called now and then with elements read so far.
    // Throws data_error naming the file when GDAL reports an error while reading.
    void read(const std::function<void(const osm_element&)>& visit,
              const std::function<void(std::int64_t)>& progress) const;

private:
    std::filesystem::path m_path;
    std::string m_label;
    std::filesystem::path m_temporary; // the decompressed copy, removed by the destructor
};

} // namespace allseason::importers
