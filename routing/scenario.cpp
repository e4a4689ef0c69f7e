#include "routing/scenario.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace allseason::routing {

scenario_rules scenario_rules::dry() {
    return {"dry", std::nullopt, {}, {}};
}

scenario_rules scenario_rules::from(const layers::scenario_row& row) {
    scenario_rules r{
        row.name, row.ford_depth_m, {}, row.hazard_scenarios(), row.unknown_fords_open};
    for (const auto& word : row.closed_surfaces) {
        r.closed_surface[static_cast<std::size_t>(layers::parse_surface(word))] = true;
    }
    return r;
}

std::string_view to_string(element_layer layer) {
    switch (layer) {
    case element_layer::bridges:
        return "bridges";
    case element_layer::fords:
        return "fords";
    case element_layer::projects:
        return "projects";
    case element_layer::roads:
        return "roads";
    }
    return "roads";
}

std::string element_code(const network& net, element e) {
    switch (e.layer) {
    case element_layer::bridges:
        return net.bridges[e.index].code;
    case element_layer::fords:
        return net.fords[e.index].code;
    case element_layer::projects:
        return net.projects[e.index].code;
    case element_layer::roads:
        return net.road_codes[e.index];
    }
    return {};
}

std::string element_name(const network& net, element e) {
    switch (e.layer) {
    case element_layer::bridges:
        return net.bridges[e.index].name;
    case element_layer::fords:
        return net.fords[e.index].name;
    case element_layer::projects:
        return net.projects[e.index].name;
    case element_layer::roads:
        return net.road_name(net.code_first_road[e.index]).value_or(net.road_codes[e.index]);
    }
    return {};
}

scenario_state::scenario_state(const network& net, scenario_rules rules, const what_if& extra)
    : m_net(&net), m_rules(std::move(rules)) {
    const std::set<std::string> bridged(extra.bridged_fords.begin(), extra.bridged_fords.end());
    std::set<std::string> built(extra.built_roads.begin(), extra.built_roads.end());
    std::set<std::string> hardened(extra.hardened_roads.begin(), extra.hardened_roads.end());
    std::set<std::string> replaced_fords = bridged;
    for (const auto& p : net.projects) {
        if (!p.done())
            continue;
        if (p.kind == "bridge" && p.ford_code)
            replaced_fords.insert(*p.ford_code);
        if (p.kind == "road_upgrade" && p.road_code)
            hardened.insert(*p.road_code);
    }
    m_hardened.assign(net.road_codes.size(), false);
    for (std::uint32_t c = 0; c < net.road_codes.size(); ++c) {
        m_hardened[c] = hardened.count(net.road_codes[c]) > 0;
    }

    // Crossings: fords deeper than the threshold close unless a bridge replaces them;
    // footbridges pass no vehicle in any scenario; vehicle bridges never close.
    m_crossing_closed.assign(net.crossings.size(), false);
    m_node_closed.assign(net.node_count(), false);
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        bool closed = false;
        if (cr.layer == crossing_layer::fords) {
            const auto& f = net.fords[cr.index];
            // A ford nobody measured or estimated is assumed to flood (contract §2).
            const auto depth = f.depth();
            const auto& limit = m_rules.ford_depth_m;
            const bool too_deep = limit && (depth ? *depth > *limit : !m_rules.unknown_fords_open);
            closed = too_deep && !replaced_fords.count(f.code);
        } else {
            closed = !net.bridges[cr.index].vehicles;
        }
        m_crossing_closed[c] = closed;
        if (closed && cr.node.valid())
            m_node_closed[cr.node.value] = true;
    }

    // A scenario may name several hazard scenarios ("rainy,flood", contract §2).
    std::vector<std::uint32_t> hazards;
    for (std::uint32_t h = 0; h < net.hazard_scenarios.size(); ++h) {
        const auto& names = m_rules.hazard_scenarios;
        if (std::find(names.begin(), names.end(), net.hazard_scenarios[h]) != names.end())
            hazards.push_back(h);
    }
    m_edge_closure.assign(net.edge_count(), 0);
    auto open = std::make_shared<std::vector<std::uint8_t>>(net.edge_count(), 0);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        const auto& ed = net.edges[e];
        std::uint8_t why = 0;
        if (ed.kind == edge_kind::road) {
            if (m_rules.closed_surface[static_cast<std::size_t>(surface_of(ed.road))]) {
                why |= closed_by_surface;
            }
            if (!hazards.empty() && !net.edge_on_bridge[e]) {
                const auto& set = net.hazard_sets[net.edge_hazards[e]];
                for (const auto h : hazards) {
                    if (std::binary_search(set.begin(), set.end(), h))
                        why |= closed_by_hazard;
                }
            }
            const auto project = net.roads[ed.road].project;
            if (project != no_index && !net.projects[project].done() &&
                !built.count(net.projects[project].code)) {
                why |= closed_not_built;
            }
        }
        m_edge_closure[e] = why;
        (*open)[e] = why == 0 && !m_node_closed[ed.a.value] && !m_node_closed[ed.b.value];
    }
    m_open = std::move(open);
}

scenario_state scenario_state::lifted(const std::vector<bool>& crossings,
                                      const std::vector<bool>& edges) const {
    scenario_state out = *this;
    const network& net = *m_net;
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        if (crossings[c])
            out.m_crossing_closed[c] = false;
    }
    out.m_node_closed.assign(net.node_count(), false);
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        if (out.m_crossing_closed[c] && net.crossings[c].node.valid())
            out.m_node_closed[net.crossings[c].node.value] = true;
    }
    auto open = std::make_shared<std::vector<std::uint8_t>>(net.edge_count(), 0);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (edges[e])
            out.m_edge_closure[e] &=
                static_cast<std::uint8_t>(~(closed_by_surface | closed_by_hazard));
        const auto& ed = net.edges[e];
        (*open)[e] = out.m_edge_closure[e] == 0 && !out.m_node_closed[ed.a.value] &&
                     !out.m_node_closed[ed.b.value];
    }
    out.m_open = std::move(open);
    return out;
}

layers::surface scenario_state::surface_of(std::uint32_t road) const {
    const auto& r = m_net->roads[road];
    return m_hardened[r.code] ? std::min(r.surf, layers::surface::concrete) : r.surf;
}

double scenario_state::minutes(edge_id e) const {
    const auto& ed = m_net->edges[e.value];
    const auto& o = m_net->options;
    const double kmh = ed.kind == edge_kind::walk
                           ? o.walk_kmh
                           : o.surface_kmh[static_cast<std::size_t>(surface_of(ed.road))];
    return ed.length_m / 1000.0 / kmh * 60.0;
}

std::optional<element> scenario_state::edge_element(edge_id e) const {
    const auto& ed = m_net->edges[e.value];
    if (ed.kind != edge_kind::road ||
        (m_edge_closure[e.value] & (closed_by_surface | closed_by_hazard)) == 0) {
        return std::nullopt;
    }
    return element{element_layer::roads, m_net->roads[ed.road].code};
}

std::vector<element> scenario_state::node_elements(node_id n) const {
    std::vector<element> out;
    if (!m_node_closed[n.value])
        return out;
    for (auto c = m_net->node_first_crossing[n.value]; c != no_index; c = m_net->crossing_next[c]) {
        if (!m_crossing_closed[c])
            continue;
        const auto& cr = m_net->crossings[c];
        out.push_back(
            {cr.layer == crossing_layer::fords ? element_layer::fords : element_layer::bridges,
             cr.index});
    }
    return out;
}

std::uint32_t scenario_state::node_closure_count(node_id n) const {
    if (!m_node_closed[n.value])
        return 0;
    std::uint32_t count = 0;
    for (auto c = m_net->node_first_crossing[n.value]; c != no_index; c = m_net->crossing_next[c])
        count += m_crossing_closed[c] ? 1 : 0;
    return count;
}

// ---- destinations ---------------------------------------------------------------------

namespace {
constexpr std::array destination_words{"commune_centre",   "health_station", "primary_school",
                                       "secondary_school", "market",         "highway"};
}

std::string_view to_string(destination d) {
    return destination_words[static_cast<std::size_t>(d)];
}

std::vector<std::string> destination_names() {
    return {destination_words.begin(), destination_words.end()};
}

destination parse_destination(std::string_view text) {
    for (std::size_t i = 0; i < destination_words.size(); ++i) {
        if (text == destination_words[i])
            return static_cast<destination>(i);
    }
    throw usage_error(fmt::format("unknown destination \"{}\"; --to takes one of: {}", text,
                                  fmt::join(destination_words, ", ")));
}

std::vector<node_id> destination_nodes(const network& net, destination d) {
    std::vector<node_id> out;
    if (d == destination::highway) {
        std::vector<bool> seen(net.node_count(), false);
        for (const auto& e : net.edges) {
            if (e.kind != edge_kind::road ||
                net.roads[e.road].klass != layers::road_class::national) {
                continue;
            }
            for (auto n : {e.a, e.b}) {
                if (!seen[n.value])
                    out.push_back(n);
                seen[n.value] = true;
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    const auto kind = to_string(d);
    for (const auto& pl : net.places) {
        if (pl.kind == place_kind::facility && pl.node.valid() &&
            net.facilities[pl.index].kind == kind) {
            out.push_back(pl.node);
        }
    }
    return out;
}

} // namespace allseason::routing
