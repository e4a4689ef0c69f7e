#include "geo/gdal.hpp"

#include "geo/errors.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <mutex>
#include <ogrsf_frmts.h>

namespace allseason::geo {

void gdal_initialise() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // Deterministic and offline: no network grids for PROJ through GDAL either.
        CPLSetConfigOption("PROJ_NETWORK", "OFF");
        // Shapefiles with a .cpg say their encoding; without one GDAL must not guess for us.
        CPLSetConfigOption("SHAPE_ENCODING", "");
    });
}

scoped_config_option::scoped_config_option(std::string name, const std::string& value)
    : m_name(std::move(name)) {
    if (const char* previous = CPLGetThreadLocalConfigOption(m_name.c_str(), nullptr)) {
        m_previous = previous;
    }
    CPLSetThreadLocalConfigOption(m_name.c_str(), value.c_str());
}

scoped_config_option::~scoped_config_option() {
    CPLSetThreadLocalConfigOption(m_name.c_str(), m_previous ? m_previous->c_str() : nullptr);
}

// ---- error capture --------------------------------------------------------------------

namespace {

void CPL_STDCALL capture_handler(CPLErr level, CPLErrorNum, const char* text) {
    auto* messages =
        static_cast<std::vector<gdal_error_capture::message>*>(CPLGetErrorHandlerUserData());
    if (messages && text) {
        messages->push_back({static_cast<int>(level), text});
    }
}

} // namespace

gdal_error_capture::gdal_error_capture() {
    CPLPushErrorHandlerEx(capture_handler, &m_messages);
}

gdal_error_capture::~gdal_error_capture() {
    CPLPopErrorHandler();
}

std::string gdal_error_capture::errors() const {
    std::string joined;
    for (const auto& m : m_messages) {
        if (m.level >= CE_Failure) {
            joined += (joined.empty() ? "" : "; ") + m.text;
        }
    }
    return joined;
}

std::vector<std::string> gdal_error_capture::warnings() const {
    std::vector<std::string> result;
    for (const auto& m : m_messages) {
        if (m.level == CE_Warning) {
            result.push_back(m.text);
        }
    }
    return result;
}

// ---- feature --------------------------------------------------------------------------

void feature::deleter::operator()(OGRFeature* f) const noexcept {
    OGRFeature::DestroyFeature(f);
}

std::int64_t feature::fid() const {
    return m_feature->GetFID();
}

int feature::field_index(std::string_view name) const {
    return m_feature->GetFieldIndex(std::string(name).c_str());
}

bool feature::is_null(int index) const {
    return !m_feature->IsFieldSetAndNotNull(index);
}

std::string feature::get_text(int index) const {
    return m_feature->GetFieldAsString(index);
}

std::int64_t feature::get_int(int index) const {
    return m_feature->GetFieldAsInteger64(index);
}

double feature::get_double(int index) const {
    return m_feature->GetFieldAsDouble(index);
}

std::optional<blob> feature::geometry_wkb() const {
    const OGRGeometry* g = m_feature->GetGeometryRef();
    if (!g) {
        return std::nullopt;
    }
    // Z and M are not ours: flatten a copy to 2-D before export.
    std::unique_ptr<OGRGeometry> flat(g->clone());
    flat->flattenTo2D();
    blob wkb(static_cast<size_t>(flat->WkbSize()));
    if (flat->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        throw data_error(fmt::format("feature {}: cannot convert its geometry to WKB", fid()));
    }
    return wkb;
}

std::string feature::geometry_type_name() const {
    const OGRGeometry* g = m_feature->GetGeometryRef();
    return g ? OGRGeometryTypeToName(g->getGeometryType()) : "";
}

void feature::set_text(std::string_view field, std::string_view value) {
    m_feature->SetField(std::string(field).c_str(), std::string(value).c_str());
}

void feature::set_int(std::string_view field, std::int64_t value) {
    m_feature->SetField(std::string(field).c_str(), static_cast<GIntBig>(value));
}

void feature::set_double(std::string_view field, double value) {
    m_feature->SetField(std::string(field).c_str(), value);
}

void feature::set_null(std::string_view field) {
    const int index = field_index(field);
    if (index >= 0) {
        m_feature->SetFieldNull(index);
    }
}

void feature::set_geometry_wkb(const blob& wkb) {
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE) {
        throw data_error("cannot read a WKB geometry for GDAL");
    }
    m_feature->SetGeometryDirectly(g);
}

// ---- layer ----------------------------------------------------------------------------

std::string vector_layer::name() const {
    return m_layer->GetName();
}

std::int64_t vector_layer::feature_count(bool force) const {
    return m_layer->GetFeatureCount(force ? TRUE : FALSE);
}

std::vector<field_definition> vector_layer::fields() const {
    std::vector<field_definition> result;
    const OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* f = defn->GetFieldDefn(i);
        field_kind kind = field_kind::other;
        switch (f->GetType()) {
        case OFTInteger:
            kind = f->GetSubType() == OFSTBoolean ? field_kind::boolean : field_kind::integer;
            break;
        case OFTInteger64:
            kind = field_kind::integer64;
            break;
        case OFTReal:
            kind = field_kind::real;
            break;
        case OFTString:
            kind = field_kind::text;
            break;
        case OFTDate:
            kind = field_kind::date;
            break;
        case OFTDateTime:
            kind = field_kind::datetime;
            break;
        default:
            break;
        }
        result.push_back({f->GetNameRef(), kind});
    }
    return result;
}

std::string vector_layer::geometry_type_name() const {
    return OGRGeometryTypeToName(m_layer->GetGeomType());
}

std::optional<std::string> vector_layer::crs_wkt() const {
    const OGRSpatialReference* srs = m_layer->GetSpatialRef();
    if (!srs) {
        return std::nullopt;
    }
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, options);
    std::string text = wkt ? wkt : "";
    CPLFree(wkt);
    return text;
}

std::optional<std::string> vector_layer::crs_authority() const {
    const OGRSpatialReference* srs = m_layer->GetSpatialRef();
    if (!srs) {
        return std::nullopt;
    }
    OGRSpatialReference copy(*srs);
    copy.AutoIdentifyEPSG();
    const char* auth = copy.GetAuthorityName(nullptr);
    const char* code = copy.GetAuthorityCode(nullptr);
    if (auth && code && std::string_view(auth) == "EPSG") {
        return fmt::format("EPSG:{}", code);
    }
    return std::nullopt;
}

void vector_layer::reset_reading() {
    m_layer->ResetReading();
}

std::optional<feature> vector_layer::next_feature() {
    gdal_error_capture capture;
    OGRFeature* f = m_layer->GetNextFeature();
    if (!f) {
        if (auto errors = capture.errors(); !errors.empty()) {
            throw io_error(
                fmt::format("{}: layer {}: reading failed: {}", m_dataset_name, name(), errors));
        }
        return std::nullopt;
    }
    return feature(f);
}

feature vector_layer::new_feature() const {
    return feature(OGRFeature::CreateFeature(m_layer->GetLayerDefn()));
}

void vector_layer::create_field(const field_definition& definition, int width) {
    OGRFieldType type = OFTString;
    OGRFieldSubType subtype = OFSTNone;
    switch (definition.kind) {
    case field_kind::integer:
        type = OFTInteger;
        break;
    case field_kind::integer64:
        type = OFTInteger64;
        break;
    case field_kind::real:
        type = OFTReal;
        break;
    case field_kind::boolean:
        type = OFTInteger;
        subtype = OFSTBoolean;
        break;
    case field_kind::date:
        type = OFTDate;
        break;
    case field_kind::datetime:
        type = OFTDateTime;
        break;
    default:
        break;
    }
    OGRFieldDefn field(definition.name.c_str(), type);
    field.SetSubType(subtype);
    if (width > 0) {
        field.SetWidth(width);
    }
    gdal_error_capture capture;
    if (m_layer->CreateField(&field) != OGRERR_NONE) {
        throw io_error(fmt::format("{}: layer {}: cannot create field \"{}\": {}", m_dataset_name,
                                   name(), definition.name, capture.errors()));
    }
}

void vector_layer::create_feature(feature& f) {
    gdal_error_capture capture;
    if (m_layer->CreateFeature(f.handle()) != OGRERR_NONE) {
        throw io_error(fmt::format("{}: layer {}: cannot write a feature: {}", m_dataset_name,
                                   name(), capture.errors()));
    }
}

// ---- dataset --------------------------------------------------------------------------

void vector_dataset::closer::operator()(GDALDataset* ds) const noexcept {
    GDALClose(ds);
}

vector_dataset vector_dataset::open(const std::filesystem::path& path,
                                    const std::vector<std::string>& open_options, bool update) {
    gdal_initialise();
    const std::string name = path.string();
    if (!std::filesystem::exists(path) && !name.starts_with("/vsi")) {
        throw io_error(fmt::format("{}: no such file or directory", name));
    }
    if (std::filesystem::is_regular_file(path) && std::filesystem::file_size(path) == 0) {
        throw io_error(fmt::format("{}: the file is empty (0 bytes)", name));
    }
    CPLStringList options;
    for (const auto& o : open_options) {
        options.AddString(o.c_str());
    }
    gdal_error_capture capture;
    const unsigned flags = GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
    auto* ds = GDALDataset::Open(name.c_str(), flags, nullptr, options.List(), nullptr);
    if (!ds) {
        const std::string why = capture.errors();
        throw io_error(fmt::format("{}: not a vector data file GDAL can read{}", name,
                                   why.empty() ? std::string() : " (" + why + ")"));
    }
    return vector_dataset(ds, name);
}

vector_dataset vector_dataset::create(std::string_view driver, const std::filesystem::path& path,
                                      const std::vector<std::string>& creation_options) {
    gdal_initialise();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(std::string(driver).c_str());
    if (!drv) {
        throw io_error(fmt::format("GDAL has no \"{}\" driver", driver));
    }
    CPLStringList options;
    for (const auto& o : creation_options) {
        options.AddString(o.c_str());
    }
    gdal_error_capture capture;
    auto* ds = drv->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, options.List());
    if (!ds) {
        throw io_error(fmt::format("{}: cannot create a {} file: {}", path.string(), driver,
                                   capture.errors()));
    }
    return vector_dataset(ds, path.string());
}

std::string vector_dataset::driver_name() const {
    return m_dataset->GetDriver() ? m_dataset->GetDriver()->GetDescription() : "";
}

int vector_dataset::layer_count() const {
    return m_dataset->GetLayerCount();
}

std::vector<std::string> vector_dataset::layer_names() const {
    std::vector<std::string> names;
    for (int i = 0; i < layer_count(); ++i) {
        names.emplace_back(m_dataset->GetLayer(i)->GetName());
    }
    return names;
}

vector_layer vector_dataset::layer(int index) const {
    OGRLayer* l = m_dataset->GetLayer(index);
    if (!l) {
        throw usage_error(fmt::format("{}: has no layer number {}", m_name, index));
    }
    return vector_layer(l, m_name);
}

vector_layer vector_dataset::layer(std::string_view layer_name) const {
    OGRLayer* l = m_dataset->GetLayerByName(std::string(layer_name).c_str());
    if (!l) {
        std::string names;
        for (const auto& n : layer_names()) {
            names += (names.empty() ? "" : ", ") + n;
        }
        throw usage_error(fmt::format("{}: has no layer \"{}\" (layers: {})", m_name, layer_name,
                                      names.empty() ? "none" : names));
    }
    return vector_layer(l, m_name);
}

vector_layer vector_dataset::create_layer(std::string_view layer_name, int geometry_type,
                                          std::string_view crs_text,
                                          const std::vector<std::string>& options) {
    std::unique_ptr<OGRSpatialReference> srs;
    if (!crs_text.empty()) {
        srs = std::make_unique<OGRSpatialReference>();
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (srs->SetFromUserInput(std::string(crs_text).c_str()) != OGRERR_NONE) {
            throw crs_error(fmt::format("GDAL does not understand the CRS \"{}\"", crs_text));
        }
    }
    CPLStringList opts;
    for (const auto& o : options) {
        opts.AddString(o.c_str());
    }
    gdal_error_capture capture;
    OGRLayer* l =
        m_dataset->CreateLayer(std::string(layer_name).c_str(), srs.get(),
                               static_cast<OGRwkbGeometryType>(geometry_type), opts.List());
    if (!l) {
        throw io_error(fmt::format("{}: cannot create layer \"{}\": {}", m_name, layer_name,
                                   capture.errors()));
    }
    return vector_layer(l, m_name);
}

void vector_dataset::execute_sql(std::string_view sql) {
    gdal_error_capture capture;
    OGRLayer* result = m_dataset->ExecuteSQL(std::string(sql).c_str(), nullptr, nullptr);
    if (result) {
        m_dataset->ReleaseResultSet(result);
    }
    if (auto errors = capture.errors(); !errors.empty()) {
        throw io_error(fmt::format("{}: SQL failed: {} [SQL: {}]", m_name, errors, sql));
    }
}

void vector_dataset::start_transaction() {
    m_dataset->StartTransaction();
}

void vector_dataset::commit_transaction() {
    gdal_error_capture capture;
    if (m_dataset->CommitTransaction() != OGRERR_NONE) {
        throw io_error(fmt::format("{}: commit failed: {}", m_name, capture.errors()));
    }
}

void vector_dataset::close() {
    gdal_error_capture capture;
    GDALDataset* ds = m_dataset.release();
    if (ds) {
        GDALClose(ds); // GDAL 3.6 returns nothing here; failures arrive as CPLErrors
    }
    if (auto errors = capture.errors(); !errors.empty()) {
        throw io_error(fmt::format("{}: closing failed: {}", m_name, errors));
    }
}

} // namespace allseason::geo
