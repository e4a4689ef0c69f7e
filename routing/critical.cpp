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
    // Consecutive segments of one road isolating the same households become one entry: along a
    // tree path the deeper subtree is inside the shallower, so equal sums mean equal households.
    detail::union_find groups;
    groups.resize(n);
    auto code_of = [&](std::uint32_t c) {
        return net.roads[net.edges[tree.parent_edge[c].value].road].code;
    };
    for (auto node : tree.order) {
        const auto c = node.value;
        if (!is_bridge[c])
            continue;
        const auto p = tree.parent[c].value;
        if (is_bridge[p] && code_of(p) == code_of(c) && below[p] == below[c])
            groups.unite(p, c);
    }
    std::vector<std::uint32_t> entry_of(n, no_index);
    for (auto node : tree.order) { // preorder: a group's root comes first
        const auto c = node.value;
        if (!is_bridge[c])
            continue;
        const auto g = groups.find(c);
        if (entry_of[g] == no_index) {
            entry_of[g] = static_cast<std::uint32_t>(answer.elements.size());
            critical_element el;
            el.layer = element_layer::roads;
            const auto road = net.edges[tree.parent_edge[c].value].road;
            el.code = net.road_code(road);
            el.name = net.road_name(road).value_or("");
            el.length_m = 0.0;
            el.households_isolated = below[c];
            homes.villages_in(tree.preorder[c], tree.subtree_size[c], el.villages);
            finish_villages(el.villages);
            answer.elements.push_back(std::move(el));
        }
        auto& el = answer.elements[entry_of[g]];
        el.edges.push_back(tree.parent_edge[c]);
        *el.length_m += net.edges[tree.parent_edge[c].value].length_m;
    }

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
                         return a.code < b.code;
                     });
    return answer;
}

} // namespace allseason::routing
