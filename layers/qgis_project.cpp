// The QGIS project document. Only what QGIS needs to open the layers styled, in order, at
// the data's extent is written; QGIS supplies defaults for the rest (as it does for projects
// written by older versions).
#include "layers/qgis_project.hpp"

#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/text.hpp"

#include <atomic>
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

namespace allseason::layers {

namespace {

using styles::xml_escape;

std::string layer_id(const qgis_layer& layer) { return "allseason_" + layer.table; }

std::string geometry_word(const std::string& wkb_type) {
    if (wkb_type.find("Point") != std::string::npos) return "Point";
    if (wkb_type.find("Line") != std::string::npos) return "Line";
    if (wkb_type.find("Polygon") != std::string::npos) return "Polygon";
    return "Unknown";
}

std::string spatialrefsys(const qgis_project_spec& spec) {
    // srsid 0 makes QGIS read the WKT (which carries the EPSG id when there is one).
    return fmt::format("<spatialrefsys><wkt>{}</wkt><proj4>{}</proj4><srsid>0</srsid>"
                       "<srid>0</srid><authid>{}</authid><description>{}</description>"
                       "<projectionacronym></projectionacronym><ellipsoidacronym>"
                       "</ellipsoidacronym><geographicflag>false</geographicflag>"
                       "</spatialrefsys>",
                       xml_escape(spec.crs_wkt), xml_escape(spec.crs_proj4),
                       xml_escape(spec.crs_authid), xml_escape(spec.crs_description));
}

std::string datasource(const qgis_project_spec& spec, const qgis_layer& layer) {
    if (!layer.source.empty()) {
        return layer.source;
    }
    return fmt::format("./{}|layername={}", spec.gpkg_file_name, layer.table);
}

std::string layer_tree(const qgis_project_spec& spec) {
    std::string out = "<layer-tree-group><customproperties/>\n";
    std::string order;
    for (const auto& l : spec.layers) {
        out += fmt::format(R"(<layer-tree-layer id="{}" name="{}" source="{}" providerKey="{}" )"
                           R"(checked="{}" expanded="{}" legend_exp=""><customproperties/>)"
                           "</layer-tree-layer>\n",
                           layer_id(l), xml_escape(l.title), xml_escape(datasource(spec, l)),
                           xml_escape(spec.provider), l.visible ? "Qt::Checked" : "Qt::Unchecked", l.visible ? 1 : 0);
        order += fmt::format("<item>{}</item>", layer_id(l));
    }
    return out + "<custom-order enabled=\"0\">" + order + "</custom-order></layer-tree-group>\n";
}

std::string map_layer(const qgis_project_spec& spec, const qgis_layer& l) {
    return fmt::format(
        R"(<maplayer type="vector" geometry="{}" wkbType="{}" labelsEnabled="{}" )"
        R"(styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="1e+08" )"
        R"(maxScale="0" readOnly="0" simplifyDrawingHints="1" simplifyLocal="1" )"
        R"(simplifyDrawingTol="1" simplifyMaxScale="1" simplifyAlgorithm="0">)"
        "\n<id>{}</id><datasource>{}</datasource><layername>{}</layername>\n<srs>{}</srs>\n"
        R"(<provider encoding="UTF-8">{}</provider>)"
        "\n{}\n{}\n<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity>\n</maplayer>\n",
        geometry_word(l.wkb_type), l.wkb_type, l.style.labels ? 1 : 0, layer_id(l),
        xml_escape(datasource(spec, l)), xml_escape(l.title), spatialrefsys(spec),
        xml_escape(spec.provider), styles::qml_renderer(l.style), styles::qml_labeling(l.style));
}

std::string extent_elements(const qgis_extent& e) {
    return fmt::format("<xmin>{:.3f}</xmin><ymin>{:.3f}</ymin><xmax>{:.3f}</xmax>"
                       "<ymax>{:.3f}</ymax>",
                       e.min_x, e.min_y, e.max_x, e.max_y);
}

std::string view_settings(const qgis_project_spec& spec) {
    if (!spec.extent) {
        return "";
    }
    // A margin of 5% so that features at the edge are not cut by the frame.
    qgis_extent e = *spec.extent;
    const double dx = std::max(e.max_x - e.min_x, 100.0) * 0.05;
    const double dy = std::max(e.max_y - e.min_y, 100.0) * 0.05;
    e = {e.min_x - dx, e.min_y - dy, e.max_x + dx, e.max_y + dy};
    return fmt::format(
        R"(<mapcanvas name="theMapCanvas" annotationsVisible="1"><units>meters</units>)"
        "<extent>{0}</extent><rotation>0</rotation><destinationsrs>{1}</destinationsrs>"
        "<rendermaptile>0</rendermaptile></mapcanvas>\n"
        R"(<ProjectViewSettings UseProjectScales="0" rotation="0"><Scales/>)"
        R"(<DefaultViewExtent xmin="{2:.3f}" ymin="{3:.3f}" xmax="{4:.3f}" ymax="{5:.3f}">)"
        "{1}</DefaultViewExtent></ProjectViewSettings>\n",
        extent_elements(e), spatialrefsys(spec), e.min_x, e.min_y, e.max_x, e.max_y);
}

std::string sql_text(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

} // namespace

void set_project_crs(qgis_project_spec& spec, const geo::crs& crs) {
    if (auto code = crs.epsg_code()) {
        spec.crs_authid = fmt::format("EPSG:{}", *code);
    }
    spec.crs_wkt = crs.to_wkt2();
    spec.crs_proj4 = crs.to_proj_string();
    spec.crs_description = crs.name();
}

std::string qgs_document(const qgis_project_spec& spec) {
    std::string layers;
    std::string order;
    for (const auto& l : spec.layers) {
        layers += map_layer(spec, l);
        order += fmt::format(R"(<layer id="{}"/>)", layer_id(l));
    }
    return fmt::format(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        R"(<qgis version="3.22.16-Białowieża" projectname="{0}" saveUser="allseason">)"
        "\n<homePath path=\"\"/>\n<title>{0}</title>\n<projectCrs>{1}</projectCrs>\n{2}"
        "<projectlayers>\n{3}</projectlayers>\n<layerorder>{4}</layerorder>\n"
        "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths>"
        // Without ProjectionsEnabled QGIS ignores <projectCrs>.
        "<SpatialRefSys><ProjectionsEnabled type=\"int\">1</ProjectionsEnabled></SpatialRefSys>"
        "<Gui><CanvasColorRedPart type=\"int\">255</CanvasColorRedPart>"
        "<CanvasColorGreenPart type=\"int\">255</CanvasColorGreenPart>"
        "<CanvasColorBluePart type=\"int\">255</CanvasColorBluePart></Gui></properties>\n"
        "{5}<projectMetadata><title>{0}</title><author>allseason</author></projectMetadata>\n"
        "</qgis>\n",
        xml_escape(spec.title), spatialrefsys(spec), layer_tree(spec), layers, order,
        view_settings(spec));
}

std::string qgz_archive(const qgis_project_spec& spec) {
    static std::atomic<int> counter{0};
    const std::string path = fmt::format("/vsimem/allseason-project-{}-{}.qgz",
                                         static_cast<const void*>(&spec), ++counter);
    const std::string document = qgs_document(spec);
    void* zip = CPLCreateZip(path.c_str(), nullptr);
    if (!zip) {
        throw io_error("cannot create the zipped QGIS project in memory");
    }
    // Zip entry names are CP437 in the zip format: an ASCII name, whatever the project's.
    const std::string inner = "allseason.qgs";
    geo::gdal_error_capture capture;
    const bool ok = CPLCreateFileInZip(zip, inner.c_str(), nullptr) == CE_None &&
                    CPLWriteFileInZip(zip, document.data(),
                                      static_cast<int>(document.size())) == CE_None &&
                    CPLCloseFileInZip(zip) == CE_None;
    const bool closed = CPLCloseZip(zip) == CE_None;
    vsi_l_offset length = 0;
    GByte* data = VSIGetMemFileBuffer(path.c_str(), &length, TRUE);
    std::string bytes = data ? std::string(reinterpret_cast<const char*>(data), length) : "";
    CPLFree(data);
    if (!ok || !closed || bytes.empty()) {
        throw io_error(fmt::format("cannot zip the QGIS project: {}", capture.errors()));
    }
    return bytes;
}

std::string qgis_project_metadata(const std::string& user, const std::string& time_iso) {
    return fmt::format(R"({{"last_modified_time": "{}", "last_modified_user": "{}" }})", time_iso,
                       user);
}

std::vector<std::string> qgis_projects_sql(const qgis_project_spec& spec, const std::string& user,
                                           const std::string& time_iso) {
    const std::string metadata = qgis_project_metadata(user, time_iso);
    return {"CREATE TABLE IF NOT EXISTS qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, "
            "content BLOB)",
            fmt::format("INSERT OR REPLACE INTO qgis_projects (name, metadata, content) "
                        "VALUES ({}, {}, {})",
                        sql_text(spec.name), sql_text(metadata), sql_text(geo::hex_encode(qgz_archive(spec))))};
}

} // namespace allseason::layers
