#include "routing/check.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace allseason::routing {

std::string_view to_string(severity s) { return s == severity::error ? "error" : "warning"; }

namespace {

finding warn(std::string problem, std::string layer, std::string code, std::string message,
             std::optional<geo::xy> at) {
    return {severity::warning, std::move(problem), std::move(layer), std::move(code),
            std::move(message), at};
}

void check_roads(const network& net, std::vector<finding>& out) {
    if (net.roads.empty()) {
        out.push_back({severity::error, "no_roads", "roads", "",
                       "the project has no usable roads; import a roads layer", std::nullopt});
    }
    for (const auto& r : net.zero_length_roads) {
        out.push_back(warn("zero_length_road", "roads", r.code,
                           fmt::format("road {} (fid {}) has zero length and is left out of the "
                                       "network",
                                       r.code, r.fid),
                           r.point));
    }
    for (const auto& [road, twin] : net.duplicate_roads) {
        out.push_back(warn("duplicate_road", "roads", net.road_code(road),
                           fmt::format("road {} (fid {}) repeats road {} (fid {}) vertex for vertex",
                                       net.road_code(road), net.roads[road].fid,
                                       net.road_code(twin), net.roads[twin].fid),
                           net.points[net.roads[road].first_point]));
    }
    const auto degree = net.road_degrees();
    // A dangling end is a road end that nothing else joins (its node has one road edge).
    std::vector<std::uint32_t> end_node(net.roads.size() * 2, no_index);
    std::vector<double> road_length(net.roads.size(), 0);
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        const auto& road = net.roads[r];
        for (auto v = road.first_point + 1; v < road.first_point + road.point_count; ++v) {
            road_length[r] += std::hypot(net.points[v].x - net.points[v - 1].x,
                                         net.points[v].y - net.points[v - 1].y);
        }
    }
    for (std::size_t i = 0; i < net.edges.size(); ++i) {
        const auto& e = net.edges[i];
        const auto& span = net.edge_spans[i];
        if (e.kind != edge_kind::road) continue;
        if (span.from_m == 0) end_node[e.road * 2] = e.a.value;
        if (std::abs(span.to_m - road_length[e.road]) < 1e-6) end_node[e.road * 2 + 1] = e.b.value;
    }
    for (const auto& d : net.dangles) {
        const auto node = end_node[d.road * 2 + (d.at_start ? 0 : 1)];
        if (node != no_index && degree[node] > 1) continue;
        out.push_back(warn("dangling_end", "roads", net.road_code(d.road),
                           fmt::format("the {} of road {} ends {:.2f} m from another road without "
                                       "joining it (a likely undershoot; snap_m is {} m)",
                                       d.at_start ? "start" : "end", net.road_code(d.road),
                                       d.distance_m, net.options.snap_m),
                           d.point));
    }
}

void check_crossings(const network& net, std::vector<finding>& out) {
    for (const auto& cr : net.crossings) {
        if (cr.node.valid()) continue;
        const bool ford = cr.layer == crossing_layer::fords;
        const std::string code = ford ? net.fords[cr.index].code : net.bridges[cr.index].code;
        const geo::xy at = ford ? net.fords[cr.index].point : net.bridges[cr.index].points.front();
        out.push_back(warn("crossing_far_from_road", ford ? "fords" : "bridges", code,
                           fmt::format("{} {} is more than snap_m_crossing ({} m) from every "
                                       "road and is ignored by the analysis",
                                       ford ? "ford" : "bridge", code,
                                       net.options.snap_m_crossing),
                           at));
    }
}

void check_places(const network& net, std::vector<finding>& out) {
    std::map<std::string, std::int64_t> households_without_road;
    for (const auto& pl : net.places) {
        if (pl.node.valid()) continue;
        if (pl.kind == place_kind::village) {
            const auto& v = net.villages[pl.index];
            out.push_back(warn("village_without_road", "villages", v.code,
                               fmt::format("village {} ({}) has no road within access_m ({} m) "
                                           "of its access point",
                                           v.code, v.name, net.options.access_m),
                               pl.point));
        } else if (pl.kind == place_kind::household) {
            ++households_without_road[net.households[pl.index].village_code];
        } else {
            const auto& f = net.facilities[pl.index];
            out.push_back(warn("facility_without_road", "facilities", f.code,
                               fmt::format("{} {} ({}) has no road within access_m ({} m)", f.kind,
                                           f.code, f.name, net.options.access_m),
                               pl.point));
        }
    }
    for (const auto& [village, count] : households_without_road) {
        out.push_back(warn("households_without_road", "households", village,
                           fmt::format("{} household points of village {} have no road within "
                                       "access_m ({} m)",
                                       count, village, net.options.access_m),
                           std::nullopt));
    }
}

void check_facilities(const network& net, std::vector<finding>& out) {
    for (auto d : {destination::commune_centre, destination::health_station,
                   destination::primary_school, destination::secondary_school,
                   destination::market, destination::highway}) {
        const bool missing = destination_nodes(net, d).empty();
        if (!missing) continue;
        const bool centre = d == destination::commune_centre;
        out.push_back({centre ? severity::error : severity::warning, "missing_destination",
                       d == destination::highway ? "roads" : "facilities", std::string(to_string(d)),
                       d == destination::highway
                           ? std::string("no national road joins the network: --to highway has "
                                         "no destination")
                           : fmt::format("no {} facility joins the network: --to {} has no "
                                         "destination",
                                         to_string(d), to_string(d)),
                       std::nullopt});
    }
}

// Components of the dry network that hold roads but no commune centre.
void check_islands(const routing_graph& graph, std::vector<finding>& out) {
    const network& net = graph.net();
    const auto centres = destination_nodes(net, destination::commune_centre);
    if (centres.empty() || net.edges.empty()) return;
    const scenario_state dry(net, scenario_rules::dry());
    std::uint32_t count = 0;
    const auto comp = graph.components(dry, count);
    std::vector<bool> has_centre(count, false);
    for (auto c : centres) has_centre[comp[c.value]] = true;
    struct island {
        std::uint32_t segments = 0;
        double length = 0;
        std::uint32_t first_road = no_index;
        std::set<std::string> villages;
    };
    std::map<std::uint32_t, island> islands;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        const auto& ed = net.edges[e];
        if (ed.kind != edge_kind::road || !dry.edge_open(edge_id{e})) continue;
        const auto c = comp[ed.a.value];
        if (has_centre[c]) continue;
        auto& is = islands[c];
        ++is.segments;
        is.length += ed.length_m;
        is.first_road = std::min(is.first_road, ed.road);
    }
    for (const auto& pl : net.places) {
        if (pl.kind != place_kind::village || !pl.node.valid()) continue;
        auto it = islands.find(comp[pl.node.value]);
        if (it != islands.end()) it->second.villages.insert(net.villages[pl.index].code);
    }
    for (const auto& [c, is] : islands) {
        const auto& road = net.roads[is.first_road];
        std::string villages;
        for (const auto& v : is.villages) villages += (villages.empty() ? "" : ", ") + v;
        out.push_back(warn("island", "roads", net.road_codes[road.code],
                           fmt::format("{} road segments ({:.0f} m, from road {}) never reach the "
                                       "commune centre{}{}",
                                       is.segments, is.length, net.road_codes[road.code],
                                       villages.empty() ? "" : "; villages: ", villages),
                           net.points[road.first_point]));
    }
}

} // namespace

std::vector<finding> check_network(const routing_graph& graph) {
    const network& net = graph.net();
    std::vector<finding> out;
    check_roads(net, out);
    check_crossings(net, out);
    check_places(net, out);
    check_facilities(net, out);
    check_islands(graph, out);
    std::stable_sort(out.begin(), out.end(), [](const finding& a, const finding& b) {
        return a.level == severity::error && b.level != severity::error;
    });
    return out;
}

} // namespace allseason::routing
