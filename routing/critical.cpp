#include "routing/critical.hpp"

#include "routing/cutoff.hpp"             // require_destination
#include "routing/detail/build_state.hpp" // union_find

#include <algorithm>

namespace allseason::routing {

namespace {

// Households per node (places carry them) and the household-bearing places in DFS preorder,
// so that the villages of a subtree are one contiguous range.
struct household_index {
    std::vector<std::int64_t> at_node;
    std::vector<std::pair<std::uint32_t, std::string>> by_preorder; // (preorder, village code)

    household_index(const network& net, const dfs_tree& tree) : at_node(net.node_count(), 0) {
        for (const auto& pl : net.places) {
            if (!pl.node.valid() || pl.kind == place_kind::facility)
                continue;
            const bool household = pl.kind == place_kind::household;
            const std::int64_t count =
                household ? 1 : net.villages[pl.index].households.value_or(0);
            if (count <= 0)
                continue;
            at_node[pl.node.value] += count;
            if (tree.preorder[pl.node.value] != no_index) {
                by_preorder.emplace_back(tree.preorder[pl.node.value],
                                         household ? net.households[pl.index].village_code
                                                   : net.villages[pl.index].code);
            }
        }
        std::sort(by_preorder.begin(), by_preorder.end());
    }

    void villages_in(std::uint32_t first, std::uint32_t count,
                     std::vector<std::string>& out) const {
        auto it = std::lower_bound(by_preorder.begin(), by_preorder.end(),
                                   std::pair<std::uint32_t, std::string>{first, {}});
        for (; it != by_preorder.end() && it->first < first + count; ++it)
            out.push_back(it->second);
    }
};

void finish_villages(std::vector<std::string>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Today's road edges: the lines of new-road projects not yet built are not in the dry network.
bool todays_road(const scenario_state& dry, std::uint32_t e) {
    return dry.net().edges[e].kind == edge_kind::road &&
           (dry.edge_closure(edge_id{e}) & closed_not_built) == 0;
}

// Stretches (contract §4): maximal runs of road edges of one code whose inner nodes each join
// exactly two road edges and hold no ford or bridge. Walk edges to access points are not road
// edges, so places never cut a stretch. Union-find over edge ids, linear.
detail::union_find stretch_groups(const scenario_state& dry) {
    const network& net = dry.net();
    const auto n = net.node_count();
    std::vector<std::uint32_t> degree(n, 0), first(n, no_index), second(n, no_index);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!todays_road(dry, e))
            continue;
        for (const auto u : {net.edges[e].a.value, net.edges[e].b.value}) {
            ++degree[u];
            (first[u] == no_index ? first[u] : second[u]) = e;
        }
    }
    detail::union_find groups;
    groups.resize(net.edge_count());
    for (std::uint32_t u = 0; u < n; ++u) {
        if (degree[u] != 2 || net.node_first_crossing[u] != no_index || first[u] == second[u])
            continue;
        const auto& a = net.edges[first[u]];
        const auto& b = net.edges[second[u]];
        if (net.roads[a.road].code == net.roads[b.road].code)
            groups.unite(first[u], second[u]);
    }
    return groups;
}

// The two ends of a stretch (nodes met once by its edges), the one nearer the destination in
// the search tree first; none for a closed ring.
std::optional<std::pair<node_id, node_id>> stretch_ends(const network& net, const dfs_tree& tree,
                                                        const std::vector<edge_id>& edges) {
    std::vector<std::uint32_t> nodes;
    for (const auto e : edges) {
        nodes.push_back(net.edges[e.value].a.value);
        nodes.push_back(net.edges[e.value].b.value);
    }
    std::sort(nodes.begin(), nodes.end());
    std::vector<std::uint32_t> ends;
    for (std::size_t i = 0; i < nodes.size();) {
        std::size_t j = i;
        while (j < nodes.size() && nodes[j] == nodes[i])
            ++j;
        if (j - i == 1)
            ends.push_back(nodes[i]);
        i = j;
    }
    if (ends.size() != 2)
        return std::nullopt;
    if (tree.preorder[ends[1]] < tree.preorder[ends[0]])
        std::swap(ends[0], ends[1]);
    return std::pair{node_id{ends[0]}, node_id{ends[1]}};
}

// One entry per stretch holding a road edge that is a bridge of the graph: the worst single
// break inside it is its bridge edge with the most households below (the one nearest the
// destination). Every edge of the stretch is a bridge when one is (inner nodes have degree 2).
void add_road_stretches(const scenario_state& dry, const dfs_tree& tree,
                        const std::vector<std::int64_t>& below, const household_index& homes,
                        const std::vector<bool>& is_bridge, critical_answer& answer) {
    const network& net = dry.net();
    auto groups = stretch_groups(dry);
    std::vector<std::uint32_t> worst(net.edge_count(), no_index); // per group root: child node
    for (const auto node : tree.order) {
        const auto c = node.value;
        if (!is_bridge[c])
            continue;
        const auto g = groups.find(tree.parent_edge[c].value);
        if (worst[g] == no_index || below[c] > below[worst[g]])
            worst[g] = c;
    }
    std::vector<std::uint32_t> entry_of(net.edge_count(), no_index);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!todays_road(dry, e))
            continue;
        const auto g = groups.find(e);
        if (worst[g] == no_index)
            continue;
        if (entry_of[g] == no_index) {
            entry_of[g] = static_cast<std::uint32_t>(answer.elements.size());
            const auto c = worst[g];
            critical_element el;
            el.layer = element_layer::roads;
            const auto road = net.edges[e].road;
            el.code = net.road_code(road);
            el.name = net.road_name(road).value_or(el.code);
            el.length_m = 0.0;
            el.households_isolated = below[c];
            homes.villages_in(tree.preorder[c], tree.subtree_size[c], el.villages);
            finish_villages(el.villages);
            answer.elements.push_back(std::move(el));
        }
        auto& el = answer.elements[entry_of[g]];
        el.edges.push_back(edge_id{e});
        *el.length_m += net.edges[e].length_m;
    }
    for (auto& el : answer.elements) {
        if (el.layer != element_layer::roads)
            continue;
        if (const auto ends = stretch_ends(net, tree, el.edges)) {
            el.from = net.node_points[ends->first.value];
            el.to = net.node_points[ends->second.value];
        }
    }
}

} // namespace

critical_answer compute_critical(const routing_graph& graph, destination to) {
    const network& net = graph.net();
    const auto sources = require_destination(net, to);
    const scenario_state dry(net, scenario_rules::dry());
    const dfs_tree tree = graph.depth_first(dry, sources);
    const household_index homes(net, tree);
    const auto n = net.node_count();

    // Subtree household sums, children before parents (reverse preorder).
    std::vector<std::int64_t> below(n, 0);
    for (auto it = tree.order.rbegin(); it != tree.order.rend(); ++it) {
        const auto u = it->value;
        below[u] += homes.at_node[u];
        if (tree.parent[u].valid())
            below[tree.parent[u].value] += below[u];
    }

    critical_answer answer;
    answer.to = to;

    // Road segments that are bridges of the graph, keyed by their child node.
    std::vector<bool> is_bridge(n, false);
    for (auto node : tree.order) {
        const auto c = node.value;
        const auto e = tree.parent_edge[c];
        if (!e.valid() || net.edges[e.value].kind != edge_kind::road || below[c] == 0)
            continue;
        is_bridge[c] = tree.low[c] > tree.preorder[tree.parent[c].value];
    }
    add_road_stretches(dry, tree, below, homes, is_bridge, answer);

    // Fords and bridges whose node is an articulation point between households and the root.
    std::vector<std::int64_t> cut_below(n, 0);
    std::vector<std::vector<std::uint32_t>> cut_children(n);
    for (auto node : tree.order) {
        const auto c = node.value;
        if (!tree.parent[c].valid())
            continue;
        const auto p = tree.parent[c].value;
        if (net.node_first_crossing[p] == no_index || tree.low[c] < tree.preorder[p])
            continue;
        cut_below[p] += below[c];
        cut_children[p].push_back(c);
    }
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        if (!cr.node.valid() || dry.crossing_closed(c) ||
            tree.preorder[cr.node.value] == no_index) {
            continue;
        }
        const auto u = cr.node.value;
        const std::int64_t isolated = cut_below[u] + homes.at_node[u];
        if (isolated == 0)
            continue;
        critical_element el;
        el.layer =
            cr.layer == crossing_layer::fords ? element_layer::fords : element_layer::bridges;
        el.code = element_code(net, {el.layer, cr.index});
        el.name = element_name(net, {el.layer, cr.index});
        el.households_isolated = isolated;
        el.node = cr.node;
        for (auto child : cut_children[u]) {
            homes.villages_in(tree.preorder[child], tree.subtree_size[child], el.villages);
        }
        homes.villages_in(tree.preorder[u], 1, el.villages);
        finish_villages(el.villages);
        answer.elements.push_back(std::move(el));
    }

    std::stable_sort(answer.elements.begin(), answer.elements.end(),
                     [](const critical_element& a, const critical_element& b) {
                         if (a.households_isolated != b.households_isolated) {
                             return a.households_isolated > b.households_isolated;
                         }
                         const auto la = to_string(a.layer), lb = to_string(b.layer);
                         if (la != lb)
                             return la < lb;
                         if (a.code != b.code)
                             return a.code < b.code;
                         // Stretches of one road isolating as many: by their first end point.
                         const auto fa = a.from.value_or(geo::xy{}),
                                    fb = b.from.value_or(geo::xy{});
                         return std::pair(fa.x, fa.y) < std::pair(fb.x, fb.y);
                     });
    return answer;
}

} // namespace allseason::routing
