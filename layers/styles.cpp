// QML and SLD writers for the style model of styles.hpp. The QML follows what QGIS 3.22
// itself writes (renderer-v2 with symbol layers as <Option type="Map"> properties); QGIS fills
// every property we leave out with its default, so only what matters to the look is written.
#include "layers/styles.hpp"

#include <cstdio>
#include <fmt/format.h>

namespace allseason::layers::styles {

namespace {

std::string number(double value) { return fmt::format("{:g}", value); }

std::string option(std::string_view name, std::string_view value) {
    return fmt::format(R"(<Option type="QString" name="{}" value="{}"/>)", name,
                       xml_escape(value));
}

std::string symbol_type(symbol_kind kind) {
    switch (kind) {
    case symbol_kind::marker: return "marker";
    case symbol_kind::line: return "line";
    case symbol_kind::fill: return "fill";
    }
    return "marker";
}

std::string symbol_layer_qml(symbol_kind kind, const symbol_layer& l) {
    std::string props;
    std::string klass;
    switch (kind) {
    case symbol_kind::marker:
        klass = "SimpleMarker";
        props = option("name", l.shape) + option("color", l.color) +
                option("outline_color", l.stroke_color) +
                option("outline_width", number(l.width_mm)) + option("outline_width_unit", "MM") +
                option("size", number(l.size_mm)) + option("size_unit", "MM") +
                option("joinstyle", "miter");
        break;
    case symbol_kind::line:
        klass = "SimpleLine";
        props = option("line_color", l.color) + option("line_width", number(l.width_mm)) +
                option("line_width_unit", "MM") + option("line_style", l.line_style) +
                option("capstyle", "round") + option("joinstyle", "round");
        break;
    case symbol_kind::fill:
        klass = "SimpleFill";
        props = option("color", l.color) + option("style", l.fill_style) +
                option("outline_color", l.stroke_color) +
                option("outline_width", number(l.width_mm)) + option("outline_width_unit", "MM") +
                option("outline_style", l.line_style) + option("joinstyle", "bevel");
        break;
    }
    return fmt::format(R"(<layer class="{}" enabled="1" locked="0" pass="0"><Option type="Map">{})"
                       R"(</Option></layer>)",
                       klass, props);
}

std::string symbol_qml(const symbol& s, std::string_view name) {
    std::string layers;
    for (const auto& l : s.layers) {
        layers += symbol_layer_qml(s.kind, l);
    }
    return fmt::format(R"(<symbol type="{}" name="{}" alpha="1" clip_to_extent="1" )"
                       R"(force_rhr="0">{}</symbol>)",
                       symbol_type(s.kind), name, layers);
}

std::string symbols_qml(const layer_style& style) {
    std::string out = "<symbols>";
    for (std::size_t i = 0; i < style.rules.size(); ++i) {
        out += symbol_qml(style.rules[i].sym, std::to_string(i));
    }
    return out + "</symbols>";
}

std::string quote_text(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

std::string literal(const comparison& c, const std::string& value) {
    return c.numeric ? value : quote_text(value);
}

std::string comparison_expression(const comparison& c) {
    const std::string field = "\"" + c.field + "\"";
    const std::string first = c.values.empty() ? std::string() : literal(c, c.values.front());
    switch (c.op) {
    case comparison_op::equal: return field + " = " + first;
    case comparison_op::not_equal: return field + " <> " + first;
    case comparison_op::greater: return field + " > " + first;
    case comparison_op::greater_or_equal: return field + " >= " + first;
    case comparison_op::less: return field + " < " + first;
    case comparison_op::less_or_equal: return field + " <= " + first;
    case comparison_op::is_null: return field + " IS NULL";
    case comparison_op::in: {
        std::string list;
        for (const auto& v : c.values) {
            list += (list.empty() ? "" : ", ") + literal(c, v);
        }
        return field + " IN (" + list + ")";
    }
    }
    return "";
}

// ---- SLD ------------------------------------------------------------------------------

// SLD sizes are pixels at 96 dpi, as QGIS converts them.
std::string pixels(double mm) { return number(std::max(1.0, mm * 3.7795)); }

std::string hex_color(const std::string& rgba, double* opacity = nullptr) {
    int r = 0, g = 0, b = 0, a = 255;
    std::sscanf(rgba.c_str(), "%d,%d,%d,%d", &r, &g, &b, &a);
    if (opacity) {
        *opacity = a / 255.0;
    }
    return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

std::string svg(std::string_view name, std::string_view value) {
    return fmt::format(R"(<se:SvgParameter name="{}">{}</se:SvgParameter>)", name, value);
}

std::string sld_stroke(const std::string& color, double width_mm, const std::string& style) {
    double opacity = 1;
    std::string out = "<se:Stroke>" + svg("stroke", hex_color(color, &opacity)) +
                      svg("stroke-width", pixels(width_mm));
    if (opacity < 1) {
        out += svg("stroke-opacity", number(opacity));
    }
    if (style == "dash") {
        out += svg("stroke-dasharray", "8 4");
    } else if (style == "dot") {
        out += svg("stroke-dasharray", "2 4");
    }
    return out + "</se:Stroke>";
}

std::string sld_mark_name(const std::string& shape) {
    if (shape == "cross2") return "x";
    if (shape == "diamond") return "square"; // SLD has no diamond; QGIS writes the same
    return shape;
}

std::string sld_fill(const symbol_layer& l) {
    double opacity = 1;
    const std::string color = hex_color(l.color, &opacity);
    if (l.fill_style == "no") {
        return "";
    }
    if (l.fill_style != "solid") {
        const std::string mark = l.fill_style == "f_diagonal" ? "shape://slash"
                                 : l.fill_style == "cross"    ? "shape://plus"
                                                              : "shape://backslash";
        return fmt::format("<se:Fill><se:GraphicFill><se:Graphic><se:Mark><se:WellKnownName>{}"
                           "</se:WellKnownName>{}</se:Mark><se:Size>8</se:Size></se:Graphic>"
                           "</se:GraphicFill></se:Fill>",
                           mark, sld_stroke(l.color, 0.3, "solid"));
    }
    std::string out = "<se:Fill>" + svg("fill", color);
    if (opacity < 1) {
        out += svg("fill-opacity", number(opacity));
    }
    return out + "</se:Fill>";
}

std::string sld_symbolizer(symbol_kind kind, const symbol_layer& l) {
    switch (kind) {
    case symbol_kind::marker:
        return fmt::format("<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>{}"
                           "</se:WellKnownName>{}{}</se:Mark><se:Size>{}</se:Size></se:Graphic>"
                           "</se:PointSymbolizer>",
                           sld_mark_name(l.shape), sld_fill(l),
                           sld_stroke(l.stroke_color, l.width_mm, "solid"), pixels(l.size_mm));
    case symbol_kind::line:
        return "<se:LineSymbolizer>" + sld_stroke(l.color, l.width_mm, l.line_style) +
               "</se:LineSymbolizer>";
    case symbol_kind::fill:
        return "<se:PolygonSymbolizer>" + sld_fill(l) +
               (l.line_style == "no" ? std::string()
                                     : sld_stroke(l.stroke_color, l.width_mm, l.line_style)) +
               "</se:PolygonSymbolizer>";
    }
    return "";
}

std::string sld_literal_compare(std::string_view op, const std::string& field,
                                const std::string& value) {
    return fmt::format("<ogc:{0}><ogc:PropertyName>{1}</ogc:PropertyName><ogc:Literal>{2}"
                       "</ogc:Literal></ogc:{0}>",
                       op, xml_escape(field), xml_escape(value));
}

std::string sld_comparison(const comparison& c) {
    const std::string first = c.values.empty() ? std::string() : c.values.front();
    switch (c.op) {
    case comparison_op::equal: return sld_literal_compare("PropertyIsEqualTo", c.field, first);
    case comparison_op::not_equal:
        return sld_literal_compare("PropertyIsNotEqualTo", c.field, first);
    case comparison_op::greater:
        return sld_literal_compare("PropertyIsGreaterThan", c.field, first);
    case comparison_op::greater_or_equal:
        return sld_literal_compare("PropertyIsGreaterThanOrEqualTo", c.field, first);
    case comparison_op::less: return sld_literal_compare("PropertyIsLessThan", c.field, first);
    case comparison_op::less_or_equal:
        return sld_literal_compare("PropertyIsLessThanOrEqualTo", c.field, first);
    case comparison_op::is_null:
        return fmt::format("<ogc:PropertyIsNull><ogc:PropertyName>{}</ogc:PropertyName>"
                           "</ogc:PropertyIsNull>",
                           xml_escape(c.field));
    case comparison_op::in: {
        if (c.values.size() == 1) {
            return sld_literal_compare("PropertyIsEqualTo", c.field, first);
        }
        std::string parts;
        for (const auto& v : c.values) {
            parts += sld_literal_compare("PropertyIsEqualTo", c.field, v);
        }
        return "<ogc:Or>" + parts + "</ogc:Or>";
    }
    }
    return "";
}

std::string sld_filter(const rule& r) {
    if (r.otherwise) {
        return "<se:ElseFilter/>";
    }
    if (r.when.empty()) {
        return "";
    }
    std::string parts;
    for (const auto& c : r.when) {
        parts += sld_comparison(c);
    }
    if (r.when.size() > 1) {
        parts = "<ogc:And>" + parts + "</ogc:And>";
    }
    return "<ogc:Filter>" + parts + "</ogc:Filter>";
}

std::string sld_text_symbolizer(const label_settings& labels) {
    double opacity = 1;
    return fmt::format(
        "<se:Rule><se:TextSymbolizer><se:Label><ogc:PropertyName>{}</ogc:PropertyName>"
        "</se:Label><se:Font>{}{}</se:Font><se:Halo><se:Radius>1</se:Radius><se:Fill>{}"
        "</se:Fill></se:Halo><se:Fill>{}</se:Fill></se:TextSymbolizer></se:Rule>",
        xml_escape(labels.sld_field), svg("font-family", "Noto Sans"),
        svg("font-size", number(labels.size_pt * 96.0 / 72.0)), svg("fill", "#ffffff"),
        svg("fill", hex_color(labels.color, &opacity)));
}

} // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string qgis_expression(const std::vector<comparison>& when) {
    std::string out;
    for (const auto& c : when) {
        out += (out.empty() ? "" : " AND ") + comparison_expression(c);
    }
    return out;
}

std::string qml_renderer(const layer_style& style) {
    constexpr std::string_view common =
        R"(forceraster="0" symbollevels="0" enableorderby="0" referencescale="-1")";
    switch (style.renderer) {
    case renderer_kind::single:
        return fmt::format(R"(<renderer-v2 type="singleSymbol" {}>{}<rotation/><sizescale/>)"
                           R"(</renderer-v2>)",
                           common, symbols_qml(style));
    case renderer_kind::categorized: {
        std::string categories;
        for (std::size_t i = 0; i < style.rules.size(); ++i) {
            const auto& r = style.rules[i];
            // An empty value is QGIS's "all other values" category.
            const std::string value =
                r.otherwise || r.when.empty() || r.when.front().values.empty()
                    ? std::string()
                    : r.when.front().values.front();
            categories += fmt::format(
                R"(<category value="{}" label="{}" symbol="{}" render="true"/>)",
                xml_escape(value), xml_escape(r.label), i);
        }
        return fmt::format(R"(<renderer-v2 type="categorizedSymbol" attr="{}" {}><categories>)"
                           R"({}</categories>{}<rotation/><sizescale/></renderer-v2>)",
                           xml_escape(style.category_field), common, categories,
                           symbols_qml(style));
    }
    case renderer_kind::rule_based: {
        std::string rules;
        for (std::size_t i = 0; i < style.rules.size(); ++i) {
            const auto& r = style.rules[i];
            const std::string filter = r.otherwise ? "ELSE" : qgis_expression(r.when);
            rules += fmt::format(R"(<rule key="{{allseason-{}}}" label="{}" filter="{}" )"
                                 R"(symbol="{}"/>)",
                                 i, xml_escape(r.label), xml_escape(filter), i);
        }
        return fmt::format(R"(<renderer-v2 type="RuleRenderer" {}><rules key="{{allseason}}">)"
                           R"({}</rules>{}</renderer-v2>)",
                           common, rules, symbols_qml(style));
    }
    }
    return "";
}

std::string qml_labeling(const layer_style& style) {
    if (!style.labels) {
        return "";
    }
    const auto& l = *style.labels;
    // Placement: 0 around a point, 2 along a line, 1 over a polygon's centroid.
    const int placement = l.on_line || style.geometry == symbol_kind::line ? 2
                          : style.geometry == symbol_kind::fill             ? 1
                                                                            : 0;
    return fmt::format(
        R"(<labeling type="simple"><settings calloutType="simple">)"
        R"(<text-style fieldName="{}" isExpression="1" fontFamily="Noto Sans" )"
        R"(namedStyle="Regular" fontWeight="50" fontSize="{}" fontSizeUnit="Point" )"
        R"(textColor="{}" textOpacity="1" multilineHeight="1" capitalization="0" )"
        R"(fontItalic="0" fontUnderline="0" fontStrikeout="0" allowHtml="0">)"
        R"(<text-buffer bufferDraw="1" bufferSize="0.7" bufferSizeUnits="MM" )"
        R"(bufferColor="255,255,255,255" bufferOpacity="1" bufferNoFill="1" )"
        R"(bufferJoinStyle="128"/></text-style>)"
        R"(<text-format multilineAlign="3" wrapChar="" autoWrapLength="0"/>)"
        R"(<placement placement="{}" placementFlags="10" dist="1" distUnits="MM" )"
        R"(priority="5" quadOffset="4" centroidInside="1" centroidWhole="0" )"
        R"(fitInPolygonOnly="0" maxCurvedCharAngleIn="25" maxCurvedCharAngleOut="-25"/>)"
        R"(<rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="1" )"
        R"(displayAll="0" upsidedownLabels="0" labelPerPart="0" mergeLines="0" )"
        R"(minFeatureSize="0" limitNumLabels="0" maxNumLabels="2000" scaleVisibility="0" )"
        R"(zIndex="0"/></settings></labeling>)",
        xml_escape(l.expression), number(l.size_pt), l.color, placement);
}

std::string to_qml(const layer_style& style) {
    const int geometry_type = style.geometry == symbol_kind::marker ? 0
                              : style.geometry == symbol_kind::line ? 1
                                                                    : 2;
    return fmt::format(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        R"(<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling" )"
        R"(labelsEnabled="{}">)"
        "\n{}\n{}\n<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
        "<layerOpacity>1</layerOpacity><layerGeometryType>{}</layerGeometryType>\n</qgis>\n",
        style.labels ? 1 : 0, qml_renderer(style), qml_labeling(style), geometry_type);
}

std::string to_sld(const layer_style& style) {
    std::string rules;
    for (const auto& r : style.rules) {
        std::string symbolizers;
        for (const auto& l : r.sym.layers) {
            symbolizers += sld_symbolizer(r.sym.kind, l);
        }
        rules += fmt::format("<se:Rule><se:Name>{0}</se:Name><se:Description><se:Title>{0}"
                             "</se:Title></se:Description>{1}{2}</se:Rule>\n",
                             xml_escape(r.label), sld_filter(r), symbolizers);
    }
    if (style.labels && !style.labels->sld_field.empty()) {
        rules += sld_text_symbolizer(*style.labels) + "\n";
    }
    return fmt::format(
        R"(<?xml version="1.0" encoding="UTF-8"?>)"
        "\n"
        R"(<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" )"
        R"(xmlns:ogc="http://www.opengis.net/ogc" xmlns:se="http://www.opengis.net/se" )"
        R"(xmlns:xlink="http://www.w3.org/1999/xlink" )"
        R"(xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.1.0" )"
        R"(xsi:schemaLocation="http://www.opengis.net/sld )"
        R"(http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd">)"
        "\n<NamedLayer><se:Name>{0}</se:Name><UserStyle><se:Name>{1}</se:Name>"
        "<se:FeatureTypeStyle>\n{2}</se:FeatureTypeStyle></UserStyle></NamedLayer>\n"
        "</StyledLayerDescriptor>\n",
        xml_escape(style.layer), xml_escape(style.name), rules);
}

} // namespace allseason::layers::styles
