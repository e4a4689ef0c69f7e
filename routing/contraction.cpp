#include "routing/contraction.hpp"

#include "routing/detail/build_state.hpp" // union_find

namespace allseason::routing {

contracted_network contract(const network& net, const scenario_state& state) {
    const auto n = static_cast<std::uint32_t>(net.node_count());
    // Ids: network nodes, then one port per (edge, closed end).
    detail::union_find uf;
    uf.resize(n);
    struct pending {
        std::uint32_t a, b;
        element opened_by;
    };
    std::vector<pending> links;
    contracted_network out;
    auto closed_crossing = [&](node_id node) -> std::optional<element> {
        const auto elements = state.node_elements(node);
        if (elements.size() != 1) return std::nullopt;
        return elements.front();
    };
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        const auto& ed = net.edges[e];
        if (state.edge_open(edge_id{e})) {
            uf.unite(ed.a.value, ed.b.value);
            continue;
        }
        const auto why = state.edge_closure(edge_id{e});
        if (why & closed_by_hazard) continue;
        // The edge's ends: the node itself, or a port in front of a closed crossing.
        std::uint32_t end[2] = {ed.a.value, ed.b.value};
        bool usable = true;
        for (int i = 0; i < 2; ++i) {
            const node_id node{end[i]};
            if (!state.node_closed(node)) continue;
            const auto crossing = closed_crossing(node);
            if (!crossing) {
                usable = false;
                break;
            }
            const std::uint32_t port = uf.add();
            links.push_back({port, node.value, *crossing});
            end[i] = port;
        }
        if (!usable) {
            ++out.links_left_out;
            continue;
        }
        if (why == 0) {
            uf.unite(end[0], end[1]);
        } else if (why == closed_by_surface) {
            links.push_back({end[0], end[1], element{element_layer::roads, net.roads[ed.road].code}});
        } else if (why & closed_not_built) {
            // A proposed road is built concrete, so its surface never closes it.
            links.push_back({end[0], end[1],
                             element{element_layer::projects, net.roads[ed.road].project}});
        }
    }
    // Number the components densely, nodes first.
    std::vector<std::uint32_t> id(uf.size(), no_index);
    auto component = [&](std::uint32_t x) {
        auto& c = id[uf.find(x)];
        if (c == no_index) c = out.component_count++;
        return c;
    };
    out.node_component.resize(n);
    for (std::uint32_t v = 0; v < n; ++v) out.node_component[v] = component(v);
    for (const auto& l : links) {
        const auto a = component(l.a), b = component(l.b);
        if (a != b) out.links.push_back({a, b, l.opened_by});
    }
    return out;
}

} // namespace allseason::routing
