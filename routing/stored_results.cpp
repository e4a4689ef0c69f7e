#include "routing/stored_results.hpp"

#include "geo/geos.hpp"
#include "layers/results.hpp"

#include <nlohmann/json.hpp>

namespace allseason::routing {

namespace {

geo::blob element_geometry(const geo::geos_context& geos, const network& net,
                           const critical_element& el) {
    if (el.layer != element_layer::roads) {
        return geos.point(net.node_points[el.node.value]).to_wkb();
    }
    std::vector<geo::geometry> lines;
    for (auto e : el.edges) {
        lines.push_back(geos.line(net.edge_line(e)));
    }
    return geos.collect(geo::geometry_type::multi_line_string, std::move(lines)).to_wkb();
}

} // namespace

std::string blocked_by_json(const std::vector<blocking_element>& blocked) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& b : blocked) {
        nlohmann::json item = {{"layer", to_string(b.layer)}, {"code", b.code}, {"name", b.name}};
        if (b.depth)
            item["depth"] = *b.depth;
        out.push_back(std::move(item));
    }
    return out.dump();
}

void store_cutoff(layers::project& project, const network& net, const cutoff_answer& answer) {
    std::vector<layers::cutoff_result_row> rows;
    for (const auto& v : answer.villages) {
        const auto& village = net.villages[v.village];
        rows.push_back({village.code, village.name, v.households, v.ethnic_minority_households,
                        v.households_cut_off, v.has_road_access, v.reachable_dry, v.reachable,
                        v.travel_min_dry, v.travel_min, blocked_by_json(v.blocked_by), village.geom,
                        v.households_without_road});
    }
    layers::replace_cutoff_results(project, answer.scenario, std::string(to_string(answer.to)),
                                   rows);
}

std::string limited_by_json(const std::vector<limiting_element>& limits) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : limits) {
        nlohmann::json item = {
            {"layer", to_string(l.layer)}, {"code", l.code}, {"name", l.name}, {"days", l.days}};
        if (l.depth)
            item["depth"] = *l.depth;
        out.push_back(std::move(item));
    }
    return out.dump();
}

void store_risk(layers::project& project, const network& net, const risk_answer& answer) {
    std::vector<layers::risk_result_row> rows;
    auto wide = [](const std::optional<std::uint32_t>& d) -> std::optional<std::int64_t> {
        if (!d)
            return std::nullopt;
        return *d;
    };
    for (const auto& v : answer.villages) {
        const auto& village = net.villages[v.village];
        rows.push_back({village.code, village.name, v.households, v.reachable_dry,
                        wide(v.isolation_days_per_year), v.household_days_per_year,
                        limited_by_json(v.limited_by), village.geom});
    }
    layers::replace_risk_results(project, answer.scenario, std::string(to_string(answer.to)), rows);
}

void store_critical(layers::project& project, const network& net, const critical_answer& answer) {
    geo::geos_context geos;
    std::vector<layers::critical_element_row> rows;
    for (const auto& el : answer.elements) {
        rows.push_back({std::string(to_string(el.layer)), el.code, el.name, el.length_m,
                        el.households_isolated, nlohmann::json(el.villages).dump(),
                        element_geometry(geos, net, el)});
    }
    layers::replace_critical_elements(project, std::string(to_string(answer.to)), rows);
}

} // namespace allseason::routing
