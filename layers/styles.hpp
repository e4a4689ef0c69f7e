#pragma once
// QGIS styles for the exported layers, described once and written two ways: as QML (what
// QGIS loads as a layer's default style from a GeoPackage's `layer_styles` table, and what
// the stored QGIS project embeds) and as SLD 1.1 (for GeoServer, MapServer and QGIS's own
// SLD import). A style is a list of rules, each a condition on the layer's fields and a
// symbol; the same condition becomes a QGIS expression and an OGC filter, so the two
// documents cannot drift apart.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers::styles {

enum class symbol_kind { marker, line, fill };

// One drawing pass of a symbol (QGIS's "symbol layer").
struct symbol_layer {
    std::string color = "0,0,0,255";        // "r,g,b,a": fill, line or marker colour
    std::string stroke_color = "0,0,0,255"; // outline of markers and fills
    double width_mm = 0.26;                 // line width, or outline width
    double size_mm = 2.0;                   // marker size
    std::string shape = "circle";           // marker: circle, square, diamond, triangle, star, cross2
    std::string line_style = "solid";       // solid, dash, dot; "no" hides a fill's outline
    std::string fill_style = "solid";       // solid, no, b_diagonal (hatch), f_diagonal, cross
};

struct symbol {
    symbol_kind kind = symbol_kind::marker;
    std::vector<symbol_layer> layers; // drawn in order, the last on top
};

enum class comparison_op { equal, not_equal, greater, greater_or_equal, less, less_or_equal,
                           in, is_null };

// A comparison of one field with a literal; `values` has one value except for `in`.
struct comparison {
    std::string field;
    comparison_op op = comparison_op::equal;
    std::vector<std::string> values;
    bool numeric = false; // literals are numbers, not quoted text
};

// A rule applies when all its comparisons hold; `otherwise` rules apply to the features no
// other rule took (QGIS ELSE, SLD ElseFilter).
struct rule {
    std::string label; // the legend text
    std::vector<comparison> when;
    bool otherwise = false;
    symbol sym;
};

enum class renderer_kind { single, categorized, rule_based };

struct label_settings {
    std::string expression; // a QGIS expression, e.g. "name" or concat(...)
    std::string sld_field;  // the field SLD labels with (SLD has no QGIS expressions)
    double size_pt = 8;
    std::string color = "30,30,30,255";
    bool on_line = false; // follow lines instead of sitting beside points / inside polygons
};

struct layer_style {
    std::string layer;       // the GeoPackage table
    std::string name;        // the style name in layer_styles
    std::string description; // a sentence for layer_styles.description
    symbol_kind geometry = symbol_kind::marker;
    renderer_kind renderer = renderer_kind::single;
    std::string category_field; // categorized: the field; rules compare it with `equal`
    std::vector<rule> rules;
    std::optional<label_settings> labels;
};

// What a style may depend on beyond the layer: the scenario the export shows (roads and fords
// carry a `closed` field computed for it).
struct scenario_view {
    std::string scenario = "rainy";
};

// The style of an exported table. `table` is the GeoPackage table name (e.g. `bridges_lines`),
// `base_layer` the layer it comes from (`bridges`); unknown layers get a plain style.
layer_style style_for(std::string_view table, std::string_view base_layer, symbol_kind geometry,
                      const scenario_view& view);

// The whole QML document (<!DOCTYPE qgis ...>).
std::string to_qml(const layer_style& style);
// The parts of the QML that go inside a project's <maplayer>: renderer-v2 and labeling.
std::string qml_renderer(const layer_style& style);
std::string qml_labeling(const layer_style& style);
// The SLD 1.1 document.
std::string to_sld(const layer_style& style);

// The QGIS expression for a rule's condition ("" for none).
std::string qgis_expression(const std::vector<comparison>& when);

// XML text escaping (&, <, >, ", ').
std::string xml_escape(std::string_view text);

} // namespace allseason::layers::styles
