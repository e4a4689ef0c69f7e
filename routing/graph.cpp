// The only translation unit that includes Boost.Graph (see routing/detail/graph.hpp).
//
// The searches walk the CSR arrays themselves instead of running Boost's algorithms through a
// filtered_graph: the filter's predicate ran for every arc through two indirections (12 % of a
// cutoff in out_edges alone), and Boost's algorithms allocate their queues and colour maps on
// every call, where a sweep of depths or a ranking asks thousands of questions of one graph.
// Here a query reads the scenario's byte mask directly and reuses one workspace.
#include "routing/search.hpp"

#include "routing/detail/graph.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace allseason::routing {

struct routing_graph::impl {
    detail::graph g;
    std::uint32_t root = 0; // the virtual source, the last vertex
    std::uint32_t network_edges = 0;
    std::vector<std::uint32_t> root_edge; // per node: the root's edge to it, or no_index

    // Reused by every query (a routing_graph answers one question at a time).
    std::vector<std::pair<double, std::uint32_t>> heap;
    std::vector<std::tuple<std::uint32_t, double, std::uint32_t>> label_heap;
    // Per root edge: open. All closed between queries (only depth_first opens some, and
    // closes them again), so that no other search steps from a destination to the root.
    std::vector<std::uint8_t> root_open;
    std::vector<std::uint32_t> stack;
    // Per network edge, filled in one sequential pass per query so that the search itself
    // touches one array instead of the edge, its road and the scenario's tables.
    std::vector<double> edge_minutes;
    std::vector<std::uint32_t> edge_closed_road; // the closed road's code, or no_index

    std::uint32_t vertices() const { return static_cast<std::uint32_t>(num_vertices(g)); }

    // Calls visit(target, edge id) for every arc out of `u` whose edge is open in `state`
    // (root edges: open when the query opened them).
    template <class Visit>
    void open_arcs(std::uint32_t u, const std::vector<std::uint8_t>& mask, Visit&& visit) const {
        for (auto [ei, end] = out_edges(u, g); ei != end; ++ei) {
            const std::uint32_t id = g[*ei].id;
            const bool open =
                id < network_edges ? mask[id] != 0 : root_open[id - network_edges] != 0;
            if (open)
                visit(static_cast<std::uint32_t>(target(*ei, g)), id);
        }
    }

    void open_root_edges(const std::vector<node_id>& sources) {
        for (auto s : sources) {
            if (s.value >= root_edge.size() || root_edge[s.value] == no_index) {
                throw std::logic_error("routing_graph: a source that is neither a place nor "
                                       "a national road node");
            }
        }
        for (auto s : sources)
            root_open[root_edge[s.value] - network_edges] = 1;
    }
    void close_root_edges() { std::fill(root_open.begin(), root_open.end(), 0); }
};

namespace {

// Both arcs of every network edge, then the root's edges to every node that can be a
// destination (places and national road nodes); arcs keep edge order within each vertex.
detail::graph make_graph(const network& net, std::vector<std::uint32_t>& root_edge) {
    const auto n = static_cast<std::uint32_t>(net.node_count());
    const auto root = n;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<detail::edge_props> props;
    arcs.reserve(2 * net.edge_count() + 2 * net.places.size());
    props.reserve(arcs.capacity());
    auto add = [&](std::uint32_t a, std::uint32_t b, std::uint32_t id) {
        arcs.emplace_back(a, b);
        props.push_back({id});
        arcs.emplace_back(b, a);
        props.push_back({id});
    };
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        add(net.edges[e].a.value, net.edges[e].b.value, e);
    }
    root_edge.assign(n, no_index);
    auto id = static_cast<std::uint32_t>(net.edge_count());
    auto join_root = [&](node_id node) {
        if (!node.valid() || root_edge[node.value] != no_index)
            return;
        add(root, node.value, id);
        root_edge[node.value] = id++;
    };
    for (const auto& pl : net.places)
        join_root(pl.node);
    for (auto node : destination_nodes(net, destination::highway))
        join_root(node);
    return detail::graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(),
                         props.begin(), n + 1);
}

} // namespace

routing_graph::routing_graph(const network& net) : m_net(&net), m_impl(std::make_unique<impl>()) {
    m_impl->g = make_graph(net, m_impl->root_edge);
    m_impl->root = static_cast<std::uint32_t>(net.node_count());
    m_impl->network_edges = static_cast<std::uint32_t>(net.edge_count());
    const auto root_edges = num_edges(m_impl->g) / 2 - net.edge_count();
    m_impl->root_open.assign(root_edges, 0);
}

routing_graph::~routing_graph() = default;

std::vector<double> routing_graph::travel_minutes(const scenario_state& state,
                                                  const std::vector<node_id>& sources) const {
    auto& w = *m_impl;
    const auto& mask = *state.open_mask();
    std::vector<double> dist(m_net->node_count(), unreachable);
    auto& heap = w.heap;
    heap.clear();
    const std::greater<> later;
    for (auto s : sources) {
        if (dist[s.value] == 0)
            continue;
        dist[s.value] = 0;
        heap.emplace_back(0.0, s.value);
    }
    std::make_heap(heap.begin(), heap.end(), later);
    w.edge_minutes.resize(w.network_edges);
    for (std::uint32_t e = 0; e < w.network_edges; ++e) {
        w.edge_minutes[e] = mask[e] ? state.minutes(edge_id{e}) : unreachable;
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const auto [d, u] = heap.back();
        heap.pop_back();
        if (d != dist[u])
            continue;
        w.open_arcs(u, mask, [&](std::uint32_t v, std::uint32_t id) {
            const double nd = d + w.edge_minutes[id];
            if (nd < dist[v]) {
                dist[v] = nd;
                heap.emplace_back(nd, v);
                std::push_heap(heap.begin(), heap.end(), later);
            }
        });
    }
    return dist;
}

std::vector<double> routing_graph::reach(const scenario_state& state,
                                         const std::vector<node_id>& sources) const {
    auto& w = *m_impl;
    const auto& mask = *state.open_mask();
    std::vector<double> reached(m_net->node_count(), unreachable);
    w.stack.clear();
    for (auto s : sources) {
        if (reached[s.value] == 0)
            continue;
        reached[s.value] = 0;
        w.stack.push_back(s.value);
    }
    while (!w.stack.empty()) {
        const auto u = w.stack.back();
        w.stack.pop_back();
        w.open_arcs(u, mask, [&](std::uint32_t v, std::uint32_t) {
            if (reached[v] == 0)
                return;
            reached[v] = 0;
            w.stack.push_back(v);
        });
    }
    return reached;
}

std::vector<std::uint32_t> routing_graph::components(const scenario_state& state,
                                                     std::uint32_t& count) const {
    auto& w = *m_impl;
    const auto& mask = *state.open_mask();
    const auto n = static_cast<std::uint32_t>(m_net->node_count());
    std::vector<std::uint32_t> comp(n, no_index);
    count = 0;
    // Numbered in the order of each component's first node, as Boost's connected_components.
    for (std::uint32_t start = 0; start < n; ++start) {
        if (comp[start] != no_index)
            continue;
        comp[start] = count;
        w.stack.assign(1, start);
        while (!w.stack.empty()) {
            const auto u = w.stack.back();
            w.stack.pop_back();
            w.open_arcs(u, mask, [&](std::uint32_t v, std::uint32_t) {
                if (comp[v] != no_index)
                    return;
                comp[v] = count;
                w.stack.push_back(v);
            });
        }
        ++count;
    }
    return comp;
}

closure_paths routing_graph::fewest_closures(const scenario_state& allowed,
                                             const scenario_state& scenario,
                                             const std::vector<node_id>& sources) const {
    auto& w = *m_impl;
    const auto& net = *m_net;
    const auto& mask = *allowed.open_mask();
    const auto n = static_cast<std::uint32_t>(net.node_count());
    closure_paths out;
    out.closures.assign(n, no_index);
    out.length_m.assign(n, unreachable);
    out.towards_source.assign(n, edge_id{});
    w.edge_closed_road.resize(w.network_edges);
    for (std::uint32_t e = 0; e < w.network_edges; ++e) {
        const auto el = mask[e] ? scenario.edge_element(edge_id{e}) : std::nullopt;
        w.edge_closed_road[e] = el ? el->index : no_index;
    }
    auto road_closed = [&](std::uint32_t e) { return w.edge_closed_road[e]; };
    auto& heap = w.label_heap;
    heap.clear();
    const std::greater<> later;
    auto push = [&](std::uint32_t c, double len, std::uint32_t v) {
        heap.emplace_back(c, len, v);
        std::push_heap(heap.begin(), heap.end(), later);
    };
    for (auto s : sources) {
        const auto c = scenario.node_closure_count(s);
        if (c < out.closures[s.value]) {
            out.closures[s.value] = c;
            out.length_m[s.value] = 0;
            push(c, 0.0, s.value);
        }
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const auto [c, len, u] = heap.back();
        heap.pop_back();
        if (c != out.closures[u] || len != out.length_m[u])
            continue;
        const auto arrived = out.towards_source[u];
        const std::uint32_t arrived_road = arrived.valid() ? road_closed(arrived.value) : no_index;
        w.open_arcs(u, mask, [&](std::uint32_t v, std::uint32_t id) {
            if (v >= n)
                return;
            std::uint32_t cost = c;
            const auto road = road_closed(id);
            if (road != no_index && road != arrived_road)
                ++cost;
            cost += scenario.node_closure_count(node_id{v});
            const double length = len + net.edges[id].length_m;
            if (cost < out.closures[v] || (cost == out.closures[v] && length < out.length_m[v])) {
                out.closures[v] = cost;
                out.length_m[v] = length;
                out.towards_source[v] = edge_id{id};
                push(cost, length, v);
            }
        });
    }
    return out;
}

namespace {

// One vertex of the explicit DFS stack: the arc to look at next and the edge it came by.
struct dfs_frame {
    std::uint32_t vertex;
    std::uint32_t next_arc;
    std::uint32_t end_arc;
    std::uint32_t came_by; // edge id; no_index at the root
};

dfs_frame frame_of(const detail::graph& g, std::uint32_t u, std::uint32_t came_by) {
    const auto [first, last] = out_edges(u, g);
    if (first == last)
        return {u, 0, 0, came_by};
    const auto begin = static_cast<std::uint32_t>((*first).idx);
    return {u, begin, begin + static_cast<std::uint32_t>(out_degree(u, g)), came_by};
}

} // namespace

// Tarjan's low points, iteratively (a million-node path would overflow a recursive DFS). A
// non-tree edge of an undirected DFS joins a vertex to an ancestor; seen first from the
// descendant, it is the back edge that lowers the descendant's low point.
dfs_tree routing_graph::depth_first(const scenario_state& state,
                                    const std::vector<node_id>& sources) const {
    auto& w = *m_impl;
    const auto& g = w.g;
    const auto& mask = *state.open_mask();
    w.open_root_edges(sources);
    const auto total = w.vertices();
    dfs_tree tree;
    tree.preorder.assign(total, no_index);
    tree.low.assign(total, no_index);
    tree.subtree_size.assign(total, 0);
    tree.parent_edge.assign(total, edge_id{});
    tree.parent.assign(total, node_id{});
    std::uint32_t time = 0;
    auto discover = [&](std::uint32_t u) {
        tree.preorder[u] = tree.low[u] = time++;
        tree.subtree_size[u] = 1;
        if (u != w.root)
            tree.order.push_back(node_id{u});
    };
    std::vector<dfs_frame> stack{frame_of(g, w.root, no_index)};
    discover(w.root);
    while (!stack.empty()) {
        auto& f = stack.back();
        const auto u = f.vertex;
        if (f.next_arc == f.end_arc) {
            stack.pop_back();
            if (!stack.empty()) {
                const auto p = stack.back().vertex;
                tree.low[p] = std::min(tree.low[p], tree.low[u]);
                tree.subtree_size[p] += tree.subtree_size[u];
            }
            continue;
        }
        const detail::edge_descriptor arc(u, f.next_arc++);
        const std::uint32_t id = g[arc].id;
        const bool open = id < w.network_edges ? mask[id] != 0 : w.root_open[id - w.network_edges];
        if (!open || id == f.came_by)
            continue;
        const auto v = static_cast<std::uint32_t>(target(arc, g));
        if (tree.preorder[v] == no_index) {
            if (u != w.root) {
                tree.parent_edge[v] = edge_id{id};
                tree.parent[v] = node_id{u};
            }
            discover(v);
            stack.push_back(frame_of(g, v, id));
        } else if (tree.preorder[v] < tree.preorder[u]) {
            tree.low[u] = std::min(tree.low[u], tree.preorder[v]);
        }
    }
    w.close_root_edges();
    for (auto* a : {&tree.preorder, &tree.low, &tree.subtree_size})
        a->pop_back();
    tree.parent_edge.pop_back();
    tree.parent.pop_back();
    return tree;
}

} // namespace allseason::routing
