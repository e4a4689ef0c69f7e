// The scenario network contracted for ranking: components of today's open edges, and for
// each not-done project the component links it opens (see routing/ranking.hpp). The network
// side (which closed edge which element opens) is routing/contraction.hpp; this file maps
// the projects layer onto those elements.
#include "routing/rank_network.hpp"

#include "routing/contraction.hpp"

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
std::optional<std::uint32_t> ford_of(const network& net, const code_lookup& codes,
                                     const layers::candidate_project& p,
                                     std::vector<std::string>& notes) {
    if (p.ford_code) {
        if (const auto it = codes.fords.find(*p.ford_code); it != codes.fords.end()) {
            return it->second;
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
        notes.push_back(
            fmt::format("no ford_code and no ford within {} m", net.options.snap_m_crossing));
    }
    return best;
}

// The closed node a bridge over `ford` opens, if that ford alone closes it.
std::optional<std::uint32_t> bridged_node(const network& net, const code_lookup& codes,
                                          const scenario_state& today, std::uint32_t ford,
                                          std::vector<std::string>& notes) {
    const auto& code = net.fords[ford].code;
    if (const auto c = codes.ford_crossing[ford]; c != no_index) {
        const auto& cr = net.crossings[c];
        if (!cr.node.valid()) {
            notes.push_back(fmt::format("ford {} lies further than {} m from every road", code,
                                        net.options.snap_m_crossing));
            return std::nullopt;
        }
        if (!today.node_closed(cr.node)) {
            notes.push_back(
                fmt::format("ford {} does not close in scenario {}", code, today.rules().name));
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

code_lookup::code_lookup(const network& net) : ford_crossing(net.fords.size(), no_index) {
    for (std::uint32_t f = 0; f < net.fords.size(); ++f) {
        fords.emplace(net.fords[f].code, f);
    }
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        if (cr.layer == crossing_layer::fords && ford_crossing[cr.index] == no_index) {
            ford_crossing[cr.index] = c;
        }
    }
    // Only the road codes that projects name: a million roads need no index of their own.
    for (const auto& p : net.projects) {
        if (!p.done() && p.road_code) {
            roads.emplace(*p.road_code, no_index);
        }
    }
    if (!roads.empty()) {
        for (std::uint32_t c = 0; c < net.road_codes.size(); ++c) {
            if (const auto it = roads.find(net.road_codes[c]);
                it != roads.end() && it->second == no_index) {
                it->second = c;
            }
        }
        std::erase_if(roads, [](const auto& item) { return item.second == no_index; });
    }
    for (std::uint32_t v = 0; v < net.villages.size(); ++v) {
        villages.emplace(net.villages[v].code, v);
    }
}

rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources) {
    return contract_for_ranking(graph, today, sources, code_lookup(graph.net()));
}

rank_network contract_for_ranking(const routing_graph& graph, const scenario_state& today,
                                  const std::vector<node_id>& sources, const code_lookup& codes) {
    const network& net = graph.net();
    rank_network out;
    auto& g = out.graph;
    // Components of today's open edges and the links each closed element would open
    // (routing/contraction.hpp: ports in front of closed fords keep "bridge the ford" and
    // "harden the road through it" apart, and hazard closures give no link).
    const auto contracted = contract(net, today);
    const auto& comp = contracted.node_component;
    g.component_count = contracted.component_count;
    std::unordered_map<std::uint32_t, std::vector<project_link>> by_ford, by_road, by_project;
    for (const auto& l : contracted.links) {
        const project_link link{{l.a}, {l.b}};
        switch (l.opened_by.layer) {
        case element_layer::fords:
            by_ford[l.opened_by.index].push_back(link);
            break;
        case element_layer::roads:
            by_road[l.opened_by.index].push_back(link);
            break;
        case element_layer::projects:
            by_project[l.opened_by.index].push_back(link);
            break;
        case element_layer::bridges:
            break; // a footbridge: no project replaces it
        }
    }
    const bool concrete_closes =
        today.rules().closed_surface[static_cast<std::size_t>(layers::surface::concrete)];
    for (std::uint32_t i = 0; i < net.projects.size(); ++i) {
        const auto& p = net.projects[i];
        if (p.done()) {
            continue; // part of today's network already
        }
        out.projects.push_back(i);
        auto& project = g.projects.emplace_back(
            candidate_project{p.code, std::llround(p.cost_million_vnd * 1e6), {}, true});
        auto& notes = out.notes.emplace_back();
        if (p.kind == "bridge") {
            if (auto ford = ford_of(net, codes, p, notes)) {
                if (bridged_node(net, codes, today, *ford, notes)) {
                    project.links = by_ford[*ford];
                }
            }
        } else if (p.kind == "road_upgrade") {
            const auto it = p.road_code ? codes.roads.find(*p.road_code) : codes.roads.end();
            if (it == codes.roads.end()) {
                notes.push_back(p.road_code ? fmt::format("road_code {} is not in the roads "
                                                          "layer",
                                                          *p.road_code)
                                            : std::string("no road_code"));
            } else if (concrete_closes) {
                notes.push_back(
                    fmt::format("scenario {} closes concrete roads too", today.rules().name));
            } else {
                project.links = by_road[it->second];
            }
        } else if (p.kind == "road_new") {
            if (!p.is_line()) {
                notes.push_back("a new road needs a line geometry");
            }
            project.links = by_project[i];
        }
    }

    for (auto s : sources) {
        g.destinations.push_back({comp[s.value]});
    }
    // A village counts its household points when it has any, else its access point (as cutoff).
    for (std::uint32_t index = 0; index < net.places.size(); ++index) {
        const auto& pl = net.places[index];
        if (!pl.node.valid() || pl.kind == place_kind::facility) {
            continue;
        }
        std::uint32_t village = pl.index;
        std::int64_t households = 0;
        bool unknown = false;
        if (pl.kind == place_kind::village) {
            households = net.villages[pl.index].households.value_or(0);
            unknown = !net.villages[pl.index].households;
        } else {
            const auto it = codes.villages.find(net.households[pl.index].village_code);
            if (it == codes.villages.end()) {
                continue;
            }
            village = it->second;
            households = 1;
        }
        g.places.push_back({{comp[pl.node.value]}, households, net.villages[village].code});
        out.place_village.push_back(village);
        out.place_index.push_back(index);
        out.place_households_unknown.push_back(unknown);
    }
    return out;
}

} // namespace allseason::routing::detail
