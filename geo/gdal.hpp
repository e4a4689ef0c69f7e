#pragma once
// GDAL/OGR vector access: datasets, layers and features in unique_ptrs, GDAL's own error
// text captured into the exceptions. gdal_priv.h stays out of this header.
#include "geo/sqlite.hpp" // geo::blob

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class GDALDataset;
class OGRLayer;
class OGRFeature;

namespace allseason::geo {

// Registers GDAL's drivers once and sets process-wide options (traditional GIS axis order).
void gdal_initialise();

// Collects the CPLError messages raised while it lives, so they can go into an exception
// instead of onto stderr.
class gdal_error_capture {
public:
    gdal_error_capture();
    ~gdal_error_capture();
    gdal_error_capture(const gdal_error_capture&) = delete;
    gdal_error_capture& operator=(const gdal_error_capture&) = delete;
    // Errors (CE_Failure and worse) joined with "; ", empty when there were none.
    std::string errors() const;
    std::vector<std::string> warnings() const;
    struct message {
        int level; // CPLErr
        std::string text;
    };

private:
    std::vector<message> m_messages;
};

// Sets a GDAL configuration option for the current thread while it lives (options some drivers
// read lazily, after opening: XLSX/ODS header detection), then puts the previous value back.
class scoped_config_option {
public:
    scoped_config_option(std::string name, const std::string& value);
    ~scoped_config_option();
    scoped_config_option(const scoped_config_option&) = delete;
    scoped_config_option& operator=(const scoped_config_option&) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_previous;
};

enum class field_kind { integer, integer64, real, text, date, datetime, boolean, other };

struct field_definition {
    std::string name;
    field_kind kind = field_kind::text;
};

// One feature read from or written to a layer.
class feature {
public:
    std::int64_t fid() const;
    int field_index(std::string_view name) const; // -1 when absent
    bool is_null(int index) const;                // unset or null
    std::string get_text(int index) const;        // raw bytes as the driver gave them
    std::int64_t get_int(int index) const;
    double get_double(int index) const;
    // The geometry as 2-D ISO WKB; nullopt when the feature has none.
    std::optional<blob> geometry_wkb() const;
    // GDAL's name of the geometry type ("Point", "MultiLineString 25D", ...), empty if none.
    std::string geometry_type_name() const;

    void set_text(std::string_view field, std::string_view value);
    void set_int(std::string_view field, std::int64_t value);
    void set_double(std::string_view field, double value);
    void set_null(std::string_view field);
    void set_geometry_wkb(const blob& wkb);

    OGRFeature* handle() const { return m_feature.get(); }

private:
    friend class vector_layer;
    struct deleter {
        void operator()(OGRFeature* f) const noexcept;
    };
    explicit feature(OGRFeature* f) : m_feature(f) {}
    std::unique_ptr<OGRFeature, deleter> m_feature;
};

// A layer of a dataset; valid while its dataset lives.
class vector_layer {
public:
    std::string name() const;
    std::int64_t feature_count(bool force) const; // -1 when unknown and not forced
    std::vector<field_definition> fields() const;
    std::string geometry_type_name() const;
    // The layer's CRS as WKT2, nullopt when the source has none.
    std::optional<std::string> crs_wkt() const;
    // The CRS as "EPSG:n" when GDAL identifies it, nullopt otherwise.
    std::optional<std::string> crs_authority() const;
    void reset_reading();
    std::optional<feature> next_feature();
    feature new_feature() const;
    void create_field(const field_definition& definition, int width = 0);
    void create_feature(feature& f);

    OGRLayer* handle() const { return m_layer; }

private:
    friend class vector_dataset;
    vector_layer(OGRLayer* layer, std::string dataset_name)
        : m_layer(layer), m_dataset_name(std::move(dataset_name)) {}
    OGRLayer* m_layer;
    std::string m_dataset_name;
};

// An open vector dataset.
class vector_dataset {
public:
    // Opens for reading; `open_options` are GDAL's NAME=VALUE open options.
    static vector_dataset open(const std::filesystem::path& path,
                               const std::vector<std::string>& open_options = {},
                               bool update = false);
    static vector_dataset create(std::string_view driver, const std::filesystem::path& path,
                                 const std::vector<std::string>& creation_options = {});

    std::string driver_name() const;
    const std::string& name() const { return m_name; }
    int layer_count() const;
    std::vector<std::string> layer_names() const;
    vector_layer layer(int index) const;
    // Throws usage_error naming the layers there are when `layer_name` is not one of them.
    vector_layer layer(std::string_view layer_name) const;
    // Creates a layer; `geometry_type` is an OGRwkbGeometryType, `crs_text` anything GDAL's
    // SetFromUserInput takes (empty for none).
    vector_layer create_layer(std::string_view layer_name, int geometry_type,
                              std::string_view crs_text,
                              const std::vector<std::string>& options = {});
    void execute_sql(std::string_view sql);
    void start_transaction();
    void commit_transaction();
    // Flushes and closes; errors while closing are thrown (the destructor would swallow them).
    void close();

    GDALDataset* handle() const { return m_dataset.get(); }

private:
    struct closer {
        void operator()(GDALDataset* ds) const noexcept;
    };
    vector_dataset(GDALDataset* ds, std::string name) : m_dataset(ds), m_name(std::move(name)) {}
    std::unique_ptr<GDALDataset, closer> m_dataset;
    std::string m_name;
};

} // namespace allseason::geo
