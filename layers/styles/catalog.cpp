// The look of every exported layer (issue 7): villages coloured by cut-off status, roads by
// surface with the scenario's closed roads dashed red, fords and bridges as symbols, projects
// by rank with labels, the reserve core hatched. Legend labels carry both languages, since the
// GeoPackage goes to commune staff and to provincial/donor engineers alike.
#include "layers/styles.hpp"

#include <fmt/format.h>

namespace allseason::layers::styles {

namespace {

symbol_layer fill_layer(std::string color, std::string stroke, double width = 0.3,
                        std::string fill_style = "solid", std::string line_style = "solid") {
    symbol_layer l;
    l.color = std::move(color);
    l.stroke_color = std::move(stroke);
    l.width_mm = width;
    l.fill_style = std::move(fill_style);
    l.line_style = std::move(line_style);
    return l;
}

symbol fill(std::string color, std::string stroke, double width = 0.3) {
    return {symbol_kind::fill, {fill_layer(std::move(color), std::move(stroke), width)}};
}

symbol line(std::string color, double width, std::string line_style = "solid") {
    symbol_layer l;
    l.color = std::move(color);
    l.width_mm = width;
    l.line_style = std::move(line_style);
    return {symbol_kind::line, {l}};
}

symbol marker(std::string shape, std::string color, double size,
              std::string stroke = "35,35,35,255", double stroke_width = 0.3) {
    symbol_layer l;
    l.shape = std::move(shape);
    l.color = std::move(color);
    l.size_mm = size;
    l.stroke_color = std::move(stroke);
    l.width_mm = stroke_width;
    return {symbol_kind::marker, {l}};
}

comparison equals(std::string field, std::string value, bool numeric = false) {
    return {std::move(field), comparison_op::equal, {std::move(value)}, numeric};
}

rule category(std::string label, std::string field, std::string value, symbol sym) {
    return {std::move(label), {equals(std::move(field), std::move(value))}, false, std::move(sym)};
}

rule otherwise(std::string label, symbol sym) {
    return {std::move(label), {}, true, std::move(sym)};
}

label_settings label(std::string expression, std::string sld_field, double size = 8) {
    label_settings l;
    l.expression = std::move(expression);
    l.sld_field = std::move(sld_field);
    l.size_pt = size;
    return l;
}

// Cut-off status of a village (the `status` field the export computes): areas filled, and
// villages known only by their centre (the `<layer>_points` table) as circles of the same colour.
std::vector<rule> status_rules(symbol_kind kind) {
    const std::string outline = "90,90,90,255";
    auto sym = [&](const std::string& colour) {
        return kind == symbol_kind::marker ? marker("circle", colour, 4.0, outline, 0.3)
                                           : fill(colour, outline);
    };
    return {
        category("Bị chia cắt mùa mưa / cut off", "cutoff_status", "cut_off", sym("215,48,39,170")),
        category("Thông suốt / all-season access", "cutoff_status", "reachable",
                 sym("26,150,65,130")),
        category("Không có đường / no road within reach", "cutoff_status", "no_road",
                 sym("150,150,150,150")),
        category("Không tới được cả mùa khô / unreachable even when dry", "cutoff_status",
                 "unreachable_dry", sym("253,174,97,160")),
        otherwise("Chưa phân tích / not analysed", sym("255,255,204,120"))};
}

layer_style villages(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "cutoff_status";
    s.rules = status_rules(s.geometry);
    s.labels = label(R"(coalesce("name", "code"))", "name", 9);
    if (s.geometry == symbol_kind::marker) {
        // A point village's label says its households, "?" while they are not known.
        s.labels = label(
            R"(concat(coalesce("name", "code"), ' (', coalesce(to_string("households"), '?'), ')'))",
            "name", 9);
    }
    return s;
}

layer_style cutoff_villages(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "cutoff_status";
    s.rules = status_rules(s.geometry);
    s.labels = label(
        R"(concat(coalesce("village_name", "village_code"), ' (', coalesce(to_string("households_cut_off"), '?'), ')'))",
        "village_name", 9);
    return s;
}

layer_style roads(layer_style s, const scenario_view& view) {
    s.renderer = renderer_kind::rule_based;
    s.rules = {
        category("Nhựa / asphalt", "surface", "asphalt", line("60,60,60,255", 1.0)),
        category("Bê tông / concrete", "surface", "concrete", line("130,130,130,255", 0.8)),
        category("Cấp phối / gravel", "surface", "gravel", line("196,148,76,255", 0.7)),
        category("Đất / earth", "surface", "earth", line("140,90,40,255", 0.6)),
    };
    // Drawn last, over the surface colour: the road is there but closed in the scenario.
    s.rules.push_back({fmt::format("Đóng khi {0} / closed ({0})", view.scenario),
                       {equals("closed", "1", true)},
                       false,
                       line("215,25,28,255", 0.9, "dash")});
    return s;
}

layer_style closed_roads(layer_style s) {
    s.renderer = renderer_kind::single;
    s.rules = {
        {"Đoạn đường bị đóng / closed road part", {}, false, line("215,25,28,255", 1.1, "dash")}};
    return s;
}

layer_style fords(layer_style s, const scenario_view& view) {
    s.renderer = renderer_kind::rule_based;
    const auto open = marker("triangle", "43,131,186,255", 4.0, "255,255,255,255", 0.4);
    s.rules = {{fmt::format("Ngầm bị ngập ({0}) / ford closed ({0})", view.scenario),
                {equals("closed", "1", true)},
                false,
                marker("triangle", "215,25,28,255", 4.5, "255,255,255,255", 0.4)},
               otherwise("Ngầm tràn / ford", open)};
    s.labels = label(R"(coalesce("name", "code"))", "name", 7);
    return s;
}

layer_style bridges(layer_style s) {
    s.renderer = renderer_kind::rule_based;
    if (s.geometry == symbol_kind::line) {
        s.rules = {
            {"Cầu xe qua được / vehicle bridge",
             {equals("vehicles", "1", true)},
             false,
             line("20,20,20,255", 1.6)},
            otherwise("Cầu treo, cầu dân sinh / footbridge", line("20,20,20,255", 0.8, "dash"))};
    } else {
        s.rules = {{"Cầu xe qua được / vehicle bridge",
                    {equals("vehicles", "1", true)},
                    false,
                    marker("square", "20,20,20,255", 3.6, "255,255,255,255", 0.5)},
                   otherwise("Cầu treo, cầu dân sinh / footbridge",
                             marker("square", "255,255,255,255", 3.0, "20,20,20,255", 0.6))};
    }
    s.labels = label(R"(coalesce("name", "code"))", "name", 7);
    return s;
}

layer_style facilities(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "kind";
    s.rules = {
        category("UBND xã / commune centre", "kind", "commune_centre",
                 marker("star", "227,26,28,255", 6.0)),
        category("Trạm y tế / health station", "kind", "health_station",
                 marker("cross2", "227,26,28,255", 4.0, "227,26,28,255", 0.8)),
        category("Mầm non / kindergarten", "kind", "kindergarten",
                 marker("square", "166,206,227,255", 3.0)),
        category("Tiểu học / primary school", "kind", "primary_school",
                 marker("square", "31,120,180,255", 3.2)),
        category("THCS / secondary school", "kind", "secondary_school",
                 marker("square", "8,48,107,255", 3.4)),
        category("Nhà văn hóa / culture house", "kind", "culture_house",
                 marker("circle", "152,78,163,255", 3.0)),
        category("Chợ / market", "kind", "market", marker("diamond", "255,127,0,255", 3.4)),
        category("Trạm cấp nước / water station", "kind", "water_station",
                 marker("circle", "0,188,212,255", 2.6)),
    };
    // Culture houses and water stations are one per village: their names would bury the map.
    s.labels =
        label(R"(if("kind" IN ('culture_house', 'water_station'), NULL, "name"))", "name", 7);
    return s;
}

layer_style households(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "poverty";
    s.rules = {
        category("Hộ nghèo / poor", "poverty", "poor", marker("circle", "215,48,39,255", 1.6)),
        category("Hộ cận nghèo / near poor", "poverty", "near_poor",
                 marker("circle", "253,174,97,255", 1.6)),
        category("Hộ / household", "poverty", "none", marker("circle", "120,120,120,255", 1.4))};
    return s;
}

layer_style forest_parcels(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "use";
    s.rules = {category("Rừng sản xuất / production forest", "use", "production",
                        fill("199,233,192,160", "65,171,93,255", 0.2)),
               category("Rừng phòng hộ / protection forest", "use", "protection",
                        fill("116,196,118,160", "35,139,69,255", 0.2)),
               category("Rừng đặc dụng / special-use forest", "use", "special_use",
                        fill("35,139,69,160", "0,90,50,255", 0.2))};
    return s;
}

layer_style reserve_zones(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "zone";
    symbol core{symbol_kind::fill,
                {fill_layer("0,109,44,40", "0,109,44,255", 0.6),
                 fill_layer("0,109,44,255", "0,109,44,255", 0.6, "b_diagonal")}};
    s.rules = {rule{"Vùng lõi / core zone", {equals("zone", "core")}, false, std::move(core)},
               category("Vùng đệm / buffer zone", "zone", "buffer",
                        symbol{symbol_kind::fill,
                               {fill_layer("0,0,0,0", "0,109,44,255", 0.5, "no", "dash")}})};
    s.labels = label(R"("name")", "name", 8);
    return s;
}

layer_style hazard_zones(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "kind";
    s.rules = {category("Vùng ngập / flood zone", "kind", "flood",
                        fill("66,146,198,90", "33,113,181,255", 0.3)),
               category("Sạt lở / landslide zone", "kind", "landslide",
                        fill("166,97,26,90", "140,81,10,255", 0.3))};
    return s;
}

layer_style waterways(layer_style s) {
    s.renderer = renderer_kind::categorized;
    s.category_field = "kind";
    s.rules = {category("Sông / river", "kind", "river", line("49,130,189,255", 1.2)),
               category("Suối / stream", "kind", "stream", line("107,174,214,255", 0.5))};
    return s;
}

// Projects by rank: the top three stand out, the rest ranked, done ones grey.
layer_style projects(layer_style s) {
    s.renderer = renderer_kind::rule_based;
    const bool is_line = s.geometry == symbol_kind::line;
    auto look = [&](std::string color, double size) {
        return is_line ? line(std::move(color), size * 0.45)
                       : marker("star", std::move(color), size, "255,255,255,255", 0.3);
    };
    s.rules = {
        {"Ưu tiên 1–3 / rank 1–3",
         {{"rank", comparison_op::less_or_equal, {"3"}, true}},
         false,
         look("215,25,28,255", 6.0)},
        {"Xếp hạng 4+ / rank 4 and below",
         {{"rank", comparison_op::greater, {"3"}, true}},
         false,
         look("253,174,97,255", 4.5)},
        otherwise("Chưa xếp hạng, đã xong / not ranked or done", look("150,150,150,255", 3.5))};
    s.labels =
        label(R"(concat(if("rank" IS NULL, '', concat('#', "rank", ' ')), "code"))", "code", 8);
    return s;
}

layer_style critical(layer_style s) {
    s.renderer = renderer_kind::single;
    s.rules = {{"Điểm xung yếu / critical element",
                {},
                false,
                s.geometry == symbol_kind::line
                    ? line("174,1,126,255", 1.4)
                    : marker("circle", "174,1,126,200", 5.0, "255,255,255,255", 0.5)}};
    s.labels = label(R"(concat("code", ': ', "households_isolated"))", "code", 7);
    return s;
}

layer_style check_problems(layer_style s) {
    s.renderer = renderer_kind::single;
    s.rules = {{"Lỗi dữ liệu / data problem",
                {},
                false,
                s.geometry == symbol_kind::line
                    ? line("255,0,255,255", 0.8, "dot")
                    : marker("cross2", "255,0,255,255", 4.0, "255,0,255,255", 0.8)}};
    return s;
}

layer_style plain(layer_style s) {
    s.renderer = renderer_kind::single;
    switch (s.geometry) {
    case symbol_kind::marker:
        s.rules = {{s.layer, {}, false, marker("circle", "90,90,90,255", 2.0)}};
        break;
    case symbol_kind::line:
        s.rules = {{s.layer, {}, false, line("90,90,90,255", 0.5)}};
        break;
    case symbol_kind::fill:
        s.rules = {{s.layer, {}, false, fill("200,200,200,120", "90,90,90,255")}};
        break;
    }
    return s;
}

} // namespace

layer_style style_for(std::string_view table, std::string_view base_layer, symbol_kind geometry,
                      const scenario_view& view) {
    layer_style s;
    s.layer = std::string(table);
    s.name = fmt::format("allseason {}", table);
    s.geometry = geometry;
    s.description = fmt::format("allseason style for {} ({} scenario)", table, view.scenario);
    const std::string_view b = base_layer;
    if (b == "villages")
        return villages(std::move(s));
    if (b == "cutoff_villages")
        return cutoff_villages(std::move(s));
    if (b == "roads")
        return roads(std::move(s), view);
    if (b == "closed_roads")
        return closed_roads(std::move(s));
    if (b == "fords")
        return fords(std::move(s), view);
    if (b == "bridges")
        return bridges(std::move(s));
    if (b == "facilities")
        return facilities(std::move(s));
    if (b == "households")
        return households(std::move(s));
    if (b == "forest_parcels")
        return forest_parcels(std::move(s));
    if (b == "reserve_zones")
        return reserve_zones(std::move(s));
    if (b == "hazard_zones")
        return hazard_zones(std::move(s));
    if (b == "waterways")
        return waterways(std::move(s));
    if (b == "projects" || b == "project_ranking")
        return projects(std::move(s));
    if (b == "critical_elements")
        return critical(std::move(s));
    if (b == "check_problems")
        return check_problems(std::move(s));
    return plain(std::move(s));
}

} // namespace allseason::layers::styles
