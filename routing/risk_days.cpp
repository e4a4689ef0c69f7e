// Closure days a year of every closed part of the network (contract §2): fords by their
// flooded_days_per_year, roads closed by their surface for the rainy season, road parts inside
// hazard zones by the zone's days_per_year; a part closed for several reasons counts the largest.
#include "routing/risk.hpp"

#include "geo/geos.hpp"

#include <algorithm>
#include <cmath>

namespace allseason::routing {

namespace {

std::uint32_t days_or(const std::optional<std::int64_t>& days, std::uint32_t fallback) {
    if (!days)
        return fallback;
    return static_cast<std::uint32_t>(std::max<std::int64_t>(*days, 0));
}

// The point halfway along an edge's line: hazard polygons split roads at their edges, so a
// part lies inside a zone exactly when its middle does (as the network builder marks them).
geo::xy middle_of(const std::vector<geo::xy>& line) {
    double total = 0;
    for (std::size_t i = 1; i < line.size(); ++i)
        total += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
    double left = total / 2;
    for (std::size_t i = 1; i < line.size(); ++i) {
        const double step = std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        if (step >= left && step > 0) {
            const double t = left / step;
            return {line[i - 1].x + t * (line[i].x - line[i - 1].x),
                    line[i - 1].y + t * (line[i].y - line[i - 1].y)};
        }
        left -= step;
    }
    return line.front();
}

// The zones of the scenario's hazard scenarios, with their days.
struct hazard_days {
    std::vector<std::uint32_t> zones; // indices into network::hazard_zones
    std::vector<std::uint32_t> days;  // per zone above
};

hazard_days scenario_zones(const network& net, const scenario_rules& rules,
                           std::uint32_t default_days) {
    hazard_days out;
    const auto& names = rules.hazard_scenarios;
    for (std::uint32_t z = 0; z < net.hazard_zones.size(); ++z) {
        const auto& zone = net.hazard_zones[z];
        if (std::find(names.begin(), names.end(), zone.scenario) == names.end())
            continue;
        out.zones.push_back(z);
        out.days.push_back(days_or(zone.days_per_year, default_days));
    }
    return out;
}

// Days of each edge the scenario closes by a hazard zone: the most of the zones holding it.
// Where every zone has the same days no geometry is needed (the usual case: defaults).
void add_hazard_days(const scenario_state& scenario, const hazard_days& hz,
                     std::vector<std::uint32_t>& edge_days) {
    const network& net = scenario.net();
    if (hz.zones.empty())
        return;
    const auto [low, high] = std::minmax_element(hz.days.begin(), hz.days.end());
    std::vector<std::uint32_t> hazard_edges;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (scenario.edge_closure(edge_id{e}) & closed_by_hazard)
            hazard_edges.push_back(e);
    }
    if (*low == *high) {
        for (auto e : hazard_edges)
            edge_days[e] = std::max(edge_days[e], *low);
        return;
    }
    geo::geos_context geos;
    std::vector<geo::geometry> polygons;
    std::vector<geo::prepared_geometry> prepared;
    std::vector<geo::envelope> boxes;
    polygons.reserve(hz.zones.size());
    prepared.reserve(hz.zones.size());
    for (auto z : hz.zones) {
        polygons.push_back(geos.from_wkb(net.hazard_zones[z].geom));
        prepared.emplace_back(polygons.back());
        boxes.push_back(polygons.back().bounds());
    }
    for (auto e : hazard_edges) {
        const auto mid = middle_of(net.edge_line(edge_id{e}));
        std::uint32_t most = 0;
        bool found = false;
        for (std::size_t i = 0; i < hz.zones.size(); ++i) {
            const auto& b = boxes[i];
            if (mid.x < b.min_x || mid.x > b.max_x || mid.y < b.min_y || mid.y > b.max_y)
                continue;
            if (prepared[i].contains_xy(mid)) {
                most = std::max(most, hz.days[i]);
                found = true;
            }
        }
        // On a zone's very edge the containment test may miss: the largest days is the safe side.
        edge_days[e] = std::max(edge_days[e], found ? most : *high);
    }
}

} // namespace

std::uint32_t closure_days::route_days(const network& net, edge_id e) const {
    const auto& ed = net.edges[e.value];
    return std::max({edge_days[e.value], node_days[ed.a.value], node_days[ed.b.value]});
}

closure_days compute_closure_days(const scenario_state& scenario, const closure_day_rules& rules) {
    const network& net = scenario.net();
    closure_days out;
    out.crossing_days.assign(net.crossings.size(), 0);
    out.node_days.assign(net.node_count(), 0);
    // Nodes no vehicle passes in any season (a footbridge), whatever the works assumed.
    std::vector<bool> never(net.node_count(), false);
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        if (!scenario.crossing_closed(c) || !cr.node.valid())
            continue;
        if (cr.layer == crossing_layer::bridges)
            never[cr.node.value] = true;
        // A footbridge is closed in the dry season too: no edge through it is usable anyway.
        const auto days =
            cr.layer == crossing_layer::fords
                ? days_or(net.fords[cr.index].flooded_days_per_year, rules.default_ford_days)
                : 0u;
        out.crossing_days[c] = days;
        out.node_days[cr.node.value] = std::max(out.node_days[cr.node.value], days);
    }
    out.edge_days.assign(net.edge_count(), 0);
    out.usable.assign(net.edge_count(), 0);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        // Open in the dry season with the scenario's works (a new road counts once built).
        const auto& ed = net.edges[e];
        out.usable[e] = (scenario.edge_closure(edge_id{e}) & closed_not_built) == 0 &&
                        !never[ed.a.value] && !never[ed.b.value];
        if (scenario.edge_closure(edge_id{e}) & closed_by_surface)
            out.edge_days[e] = rules.rainy_season_days;
    }
    add_hazard_days(scenario, scenario_zones(net, scenario.rules(), rules.default_hazard_days),
                    out.edge_days);
    return out;
}

closure_day_rules closure_day_rules_from(const layers::analysis_settings& settings) {
    auto whole = [](double value) {
        return static_cast<std::uint32_t>(std::max(0.0, std::round(value)));
    };
    return {whole(settings.default_ford_days), whole(settings.rainy_season_days),
            whole(settings.default_hazard_days)};
}

} // namespace allseason::routing
