// Which project links can ever matter: those on a simple path from the destinations to a
// component with unreached households.
//
// In a 2-connected block every edge lies on a simple path between any two of its vertices, so
// a link matters exactly when its block (biconnected component of the graph of all links)
// leads away from the destinations towards households: in a depth-first search from the
// root, the block closed at tree edge (u, v) matters iff v's subtree holds households.
// Dead-end branches, household-free loops hanging off a junction and islands the root never
// reaches all drop out, and every set's value stays the same. (With projects of one link each
// this is exact; a project of several links may still never be needed — its other links can
// always bypass it — which the searches handle by value.)
//
// An iterative Hopcroft–Tarjan over edge ids (parallel links form their own block); plain
// arrays rather than Boost.Graph, which would need the graph copied into its own type.
#include "routing/rank_prepared.hpp"

#include <algorithm>

namespace allseason::routing::detail {

void keep_useful_links(prepared_graph& g) {
    struct edge_end {
        std::uint32_t node;
        std::uint32_t edge;
    };
    std::vector<std::pair<std::uint32_t, std::uint32_t>> edge_of; // (project, link index)
    std::vector<std::uint32_t> offset(g.node_count + 1, 0);
    for (std::uint32_t p = 0; p < g.links.size(); ++p) {
        for (std::uint32_t i = 0; i < g.links[p].size(); ++i) {
            edge_of.push_back({p, i});
            ++offset[g.links[p][i].a + 1];
            ++offset[g.links[p][i].b + 1];
        }
    }
    for (std::uint32_t v = 0; v < g.node_count; ++v) {
        offset[v + 1] += offset[v];
    }
    std::vector<edge_end> ends(offset.back());
    {
        auto fill = offset;
        for (std::uint32_t e = 0; e < edge_of.size(); ++e) {
            const auto& l = g.links[edge_of[e].first][edge_of[e].second];
            ends[fill[l.a]++] = {l.b, e};
            ends[fill[l.b]++] = {l.a, e};
        }
    }
    constexpr std::uint32_t none = UINT32_MAX;
    std::vector<std::uint32_t> disc(g.node_count, 0);
    std::vector<std::uint32_t> low(g.node_count, 0);
    std::vector<std::uint32_t> next(offset.begin(), offset.end() - 1);
    std::vector<std::uint32_t> parent_edge(g.node_count, none);
    std::vector<std::int64_t> below(g.node_count, 0); // households in the DFS subtree
    std::vector<bool> useful(edge_of.size(), false);
    std::vector<std::uint32_t> frames{root_node};
    std::vector<std::uint32_t> edges;
    std::uint32_t time = 1;
    disc[root_node] = low[root_node] = time;
    while (!frames.empty()) {
        const auto v = frames.back();
        if (next[v] < offset[v + 1]) {
            const auto [w, e] = ends[next[v]++];
            if (e == parent_edge[v]) {
                continue;
            }
            if (disc[w] == 0) {
                edges.push_back(e);
                parent_edge[w] = e;
                disc[w] = low[w] = ++time;
                below[w] = g.households[w];
                frames.push_back(w);
            } else if (disc[w] < disc[v]) {
                edges.push_back(e); // back edge to an ancestor
                low[v] = std::min(low[v], disc[w]);
            }
            continue;
        }
        frames.pop_back();
        if (v == root_node) {
            break;
        }
        const auto& l = g.links[edge_of[parent_edge[v]].first][edge_of[parent_edge[v]].second];
        const auto u = l.a == v ? l.b : l.a;
        low[u] = std::min(low[u], low[v]);
        below[u] += below[v];
        if (low[v] >= disc[u]) { // u heads a block closed at the tree edge (u, v)
            const bool matters = below[v] > 0;
            while (true) {
                const auto e = edges.back();
                edges.pop_back();
                useful[e] = matters;
                if (e == parent_edge[v]) {
                    break;
                }
            }
        }
    }
    std::vector<std::vector<node_link>> kept(g.links.size());
    for (std::uint32_t e = 0; e < edge_of.size(); ++e) {
        if (useful[e]) {
            kept[edge_of[e].first].push_back(g.links[edge_of[e].first][edge_of[e].second]);
        }
    }
    g.links = std::move(kept);
}

} // namespace allseason::routing::detail
