// The scenario network contracted for ranking: components of today's open edges, and for
// each not-done project the component links it opens (see routing/ranking.hpp).
#include "routing/rank_network.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <unordered_map>

namespace allseason::routing::detail {
namespace {

double segment_distance(geo::xy p, geo::xy a, geo::xy b) {
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

double distance_to(const std::vector<geo::xy>& shape, geo::xy p) {
    if (shape.size() == 1) {
        return std::hypot(p.x - shape[0].x, p.y - shape[0].y);
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < shape.size(); ++i) {
        best = std::min(best, segment_distance(p, shape[i - 1], shape[i]));
    }
    return best;
}

// The ford a bridge project replaces: by ford_code, else the nearest within snap_m_crossing.
std::optional<std::uint32_t> ford_of(const network& net, const layers::candidate_project& p,
                                     std::vector<std::string>& notes) {
    if (p.ford_code) {
        for (std::uint32_t f = 0; f < net.fords.size(); ++f) {
            if (net.fords[f].code == *p.ford_code) {
                return f;
            }
        }
        notes.push_back(fmt::format("ford_code {} is not in the fords layer", *p.ford_code));
        return std::nullopt;
    }
    std::optional<std::uint32_t> best;
    double best_d = net.options.snap_m_crossing;
    for (std::uint32_t f = 0; f < net.fords.size() && !p.points.empty(); ++f) {
        const double d = distance_to(p.points, net.fords[f].point);
        if (d <= best_d) {
            best_d = d;
            best = f;
        }
    }
    if (!best) {
        notes.push_back(fmt::format("no ford_code and no ford within {} m",
                                    net.options.snap_m_crossing));
    }
    return best;
}

// The closed node a bridge over `ford` opens, if that ford alone closes it.
std::optional<std::uint32_t> bridged_node(const network& net, const scenario_state& today,
                                          std::uint32_t ford, std::vector<std::string>& notes) {
    const auto& code = net.fords[ford].code;
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        if (cr.layer != crossing_layer::fords || cr.index != ford) {
            continue;
        }
        if (!cr.node.valid()) {
            notes.push_back(fmt::format("ford {} lies further than {} m from every road", code,
                                        net.options.snap_m_crossing));
            return std::nullopt;
        }
        if (!today.node_closed(cr.node)) {
            notes.push_back(fmt::format("ford {} does not close in scenario {}", code,
                                        today.rules().name));
            return std::nullopt;
        }
        for (auto o = net.node_first_crossing[cr.node.value]; o != no_index;
             o = net.crossing_next[o]) {
            if (o != c && today.crossing_closed(o)) {
                notes.push_back(fmt::format("ford {} shares its point with another closed "
                                            "crossing, which still closes it",
                                            code));
                return std::nullopt;
            }
        }
        return cr.node.value;
    }
    notes.push_back(fmt::format("ford {} is not on the network", code));
    return std::nullopt;
}

} // namespace

rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources) {
    const network& net = graph.net();
    rank_network out;
    std::uint32_t count = 0;
    const auto comp = graph.components(today, count);
    auto& g = out.graph;

    std::vector<std::uint32_t> graph_index(net.projects.size(), no_index);
    std::unordered_map<std::string, std::uint32_t> code_index;
    for (std::uint32_t c = 0; c < net.road_codes.size(); ++c) {
        code_index.emplace(net.road_codes[c], c);
    }
    std::vector<std::vector<std::uint32_t>> upgrades_of_code(net.road_codes.size());
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> bridges_at; // node → projects
    for (std::uint32_t i = 0; i < net.projects.size(); ++i) {
        const auto& p = net.projects[i];
        if (p.done()) {
            continue; // part of today's network already
        }
        const auto gi = static_cast<std::uint32_t>(out.projects.size());
        graph_index[i] = gi;
        out.projects.push_back(i);
        g.projects.push_back({p.code, std::llround(p.cost_million_vnd * 1e6), {}, true});
        auto& notes = out.notes.emplace_back();
        if (p.kind == "bridge") {
            if (auto ford = ford_of(net, p, notes)) {
                if (auto node = bridged_node(net, today, *ford, notes)) {
                    bridges_at[*node].push_back(gi);
                }
            }
        } else if (p.kind == "road_upgrade") {
            const auto it = p.road_code ? code_index.find(*p.road_code) : code_index.end();
            if (it == code_index.end()) {
                notes.push_back(p.road_code ? fmt::format("road_code {} is not in the roads "
                                                          "layer", *p.road_code)
                                            : std::string("no road_code"));
            } else {
                upgrades_of_code[it->second].push_back(gi);
            }
        } else if (p.kind == "road_new" && !p.is_line()) {
            notes.push_back("a new road needs a line geometry");
        }
    }

    // Each road part closed today becomes a link of the projects that would open it. Its
    // ends at closed nodes (deep fords) are components of their own ("ports"), joined only by
    // a bridge over that ford; a part closed by its nodes alone merges its ports with its
    // open end.
    std::uint32_t fresh = count;
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> ports; // closed node → ports
    const auto& closed_surface = today.rules().closed_surface;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        const edge_id id{e};
        if (today.edge_open(id)) {
            continue;
        }
        const auto& ed = net.edges[e];
        const auto why = today.edge_closure(id);
        if (why & closed_by_hazard) {
            continue; // no project lifts a hazard zone
        }
        const std::vector<std::uint32_t>* owners = nullptr;
        std::vector<std::uint32_t> new_road;
        if (why & closed_not_built) {
            if (why & closed_by_surface) {
                continue; // the scenario closes even concrete
            }
            new_road.push_back(graph_index[net.roads[ed.road].project]);
            owners = &new_road;
        } else if (why & closed_by_surface) {
            const auto hardened = std::min(net.roads[ed.road].surf, layers::surface::concrete);
            if (closed_surface[static_cast<std::size_t>(hardened)]) {
                continue;
            }
            owners = &upgrades_of_code[net.roads[ed.road].code];
            if (owners->empty()) {
                continue;
            }
        }
        const bool a_closed = today.node_closed(ed.a);
        const bool b_closed = today.node_closed(ed.b);
        std::uint32_t end_a = comp[ed.a.value];
        std::uint32_t end_b = comp[ed.b.value];
        if (!owners) { // closed by its nodes alone: passable up to them
            const auto shared = !a_closed ? end_a : !b_closed ? end_b : fresh++;
            end_a = end_b = shared;
        } else {
            end_a = a_closed ? fresh++ : end_a;
            end_b = b_closed ? fresh++ : end_b;
            for (auto p : *owners) {
                g.projects[p].links.push_back({{end_a}, {end_b}});
            }
        }
        if (a_closed) {
            ports[ed.a.value].push_back(end_a);
        }
        if (b_closed) {
            ports[ed.b.value].push_back(end_b);
        }
    }
    for (const auto& [node, projects] : bridges_at) {
        const auto& at = ports[node];
        for (auto p : projects) {
            for (std::size_t i = 1; i < at.size(); ++i) {
                g.projects[p].links.push_back({{at[0]}, {at[i]}});
            }
        }
    }
    g.component_count = fresh;

    for (auto s : sources) {
        g.destinations.push_back({comp[s.value]});
    }
    std::unordered_map<std::string, std::uint32_t> village_index;
    for (std::uint32_t v = 0; v < net.villages.size(); ++v) {
        village_index.emplace(net.villages[v].code, v);
    }
    // A village counts its household points when it has any, else its access point (as cutoff).
    for (const auto& pl : net.places) {
        if (!pl.node.valid() || pl.kind == place_kind::facility) {
            continue;
        }
        std::uint32_t village = pl.index;
        std::int64_t households = 0;
        if (pl.kind == place_kind::village) {
            households = net.villages[pl.index].households;
        } else {
            const auto it = village_index.find(net.households[pl.index].village_code);
            if (it == village_index.end()) {
                continue;
            }
            village = it->second;
            households = 1;
        }
        g.places.push_back({{comp[pl.node.value]}, households, net.villages[village].code});
        out.place_village.push_back(village);
    }
    return out;
}

} // namespace allseason::routing::detail
