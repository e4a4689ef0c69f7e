// The only translation unit that includes Boost.Graph (see routing/detail/graph.hpp).
#include "routing/search.hpp"

#include "routing/detail/graph.hpp"

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/undirected_dfs.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <queue>
#include <stdexcept>
#include <tuple>

namespace allseason::routing {

struct routing_graph::impl {
    detail::graph g;
    detail::vertex root = 0;                // the virtual source
    std::uint32_t network_edges = 0;
    std::vector<std::uint32_t> root_edge;   // per node: the root's edge to it, or no_index

    // The scenario's mask with the root's edges to `sources` open (or all closed).
    std::shared_ptr<const std::vector<std::uint8_t>> mask(const scenario_state& state,
                                                          const std::vector<node_id>* sources) const {
        auto m = std::make_shared<std::vector<std::uint8_t>>(*state.open_mask());
        m->resize(num_edges(g), 0);
        if (sources) {
            for (auto s : *sources) {
                if (root_edge[s.value] == no_index) {
                    throw std::logic_error("routing_graph: a source that is neither a place nor "
                                           "a national road node");
                }
                (*m)[root_edge[s.value]] = 1;
            }
        }
        return m;
    }
    // The caller keeps `m` alive while it uses the view.
    detail::view view(const std::shared_ptr<const std::vector<std::uint8_t>>& m) const {
        return detail::view(g, detail::open_edges{m.get(), &g});
    }
};

routing_graph::routing_graph(const network& net) : m_net(&net), m_impl(std::make_unique<impl>()) {
    auto& g = m_impl->g;
    const auto n = net.node_count();
    g = detail::graph(n + 1);
    m_impl->root = n;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        boost::add_edge(net.edges[e].a.value, net.edges[e].b.value, detail::edge_props{e}, g);
    }
    m_impl->network_edges = static_cast<std::uint32_t>(net.edge_count());
    // The virtual source reaches every node that can be a destination: places and national
    // road nodes. Their edges stay hidden unless a query names the node as a source.
    m_impl->root_edge.assign(n, no_index);
    auto join_root = [&](node_id node) {
        if (!node.valid() || m_impl->root_edge[node.value] != no_index) return;
        const auto id = static_cast<std::uint32_t>(num_edges(g));
        boost::add_edge(m_impl->root, node.value, detail::edge_props{id}, g);
        m_impl->root_edge[node.value] = id;
    };
    for (const auto& pl : net.places) join_root(pl.node);
    for (auto node : destination_nodes(net, destination::highway)) join_root(node);
}

routing_graph::~routing_graph() = default;

std::vector<double> routing_graph::travel_minutes(const scenario_state& state,
                                                  const std::vector<node_id>& sources) const {
    const auto mask = m_impl->mask(state, nullptr);
    const auto v = m_impl->view(mask);
    std::vector<double> dist(num_vertices(m_impl->g), unreachable);
    std::vector<detail::vertex> starts;
    for (auto s : sources) starts.push_back(s.value);
    std::vector<double> minutes(num_edges(m_impl->g), 0.0); // the root's edges cost nothing
    for (std::uint32_t e = 0; e < m_impl->network_edges; ++e) minutes[e] = state.minutes(edge_id{e});
    auto weight = boost::make_function_property_map<detail::edge_descriptor>(
        [&](const detail::edge_descriptor& e) { return minutes[m_impl->g[e].id]; });
    boost::dijkstra_shortest_paths(
        v, starts.begin(), starts.end(), boost::dummy_property_map(),
        boost::make_iterator_property_map(dist.begin(), get(boost::vertex_index, v)), weight,
        get(boost::vertex_index, v), std::less<double>(), boost::closed_plus<double>(),
        unreachable, 0.0, boost::default_dijkstra_visitor());
    dist.pop_back(); // the virtual source
    return dist;
}

std::vector<std::uint32_t> routing_graph::components(const scenario_state& state,
                                                     std::uint32_t& count) const {
    const auto mask = m_impl->mask(state, nullptr);
    const auto v = m_impl->view(mask);
    std::vector<std::uint32_t> comp(num_vertices(m_impl->g), 0);
    const int total = boost::connected_components(
        v, boost::make_iterator_property_map(comp.begin(), get(boost::vertex_index, v)));
    comp.pop_back(); // the isolated virtual source is the last vertex, hence the last component
    count = static_cast<std::uint32_t>(total - 1);
    return comp;
}

closure_paths routing_graph::fewest_closures(const scenario_state& allowed,
                                             const scenario_state& scenario,
                                             const std::vector<node_id>& sources) const {
    const auto& net = *m_net;
    const auto mask = m_impl->mask(allowed, nullptr);
    const auto v = m_impl->view(mask);
    const auto n = net.node_count();
    closure_paths out;
    out.closures.assign(n, no_index);
    out.length_m.assign(n, unreachable);
    out.towards_source.assign(n, edge_id{});
    auto road_closed = [&](std::uint32_t e) -> std::uint32_t { // the closed road's code
        const auto el = scenario.edge_element(edge_id{e});
        return el ? el->index : no_index;
    };
    using label = std::tuple<std::uint32_t, double, std::uint32_t>;
    std::priority_queue<label, std::vector<label>, std::greater<>> queue;
    for (auto s : sources) {
        const auto c = static_cast<std::uint32_t>(scenario.node_elements(s).size());
        if (c < out.closures[s.value]) {
            out.closures[s.value] = c;
            out.length_m[s.value] = 0;
            queue.emplace(c, 0.0, s.value);
        }
    }
    while (!queue.empty()) {
        const auto [c, len, u] = queue.top();
        queue.pop();
        if (c != out.closures[u] || len != out.length_m[u]) continue;
        const auto arrived = out.towards_source[u];
        const std::uint32_t arrived_road = arrived.valid() ? road_closed(arrived.value) : no_index;
        for (auto [ei, end] = out_edges(u, v); ei != end; ++ei) {
            const auto id = m_impl->g[*ei].id;
            const auto w = static_cast<std::uint32_t>(target(*ei, v));
            if (w >= n) continue;
            std::uint32_t cost = c;
            const auto road = road_closed(id);
            if (road != no_index && road != arrived_road) ++cost;
            cost += static_cast<std::uint32_t>(scenario.node_elements(node_id{w}).size());
            const double length = len + net.edges[id].length_m;
            if (cost < out.closures[w] || (cost == out.closures[w] && length < out.length_m[w])) {
                out.closures[w] = cost;
                out.length_m[w] = length;
                out.towards_source[w] = edge_id{id};
                queue.emplace(cost, length, w);
            }
        }
    }
    return out;
}

namespace {

// Records preorder, low points and subtree sizes of the tree grown from the virtual root;
// trees grown from other start vertices (parts the root does not reach) are ignored.
struct lowpoint_visitor : boost::default_dfs_visitor {
    dfs_tree* tree;
    std::vector<detail::vertex>* parent_vertex;
    detail::vertex root;
    std::uint32_t network_edges;
    detail::vertex* current_root;
    std::uint32_t* time;

    void start_vertex(detail::vertex u, const detail::view&) const { *current_root = u; }
    void discover_vertex(detail::vertex u, const detail::view&) const {
        if (*current_root != root) return;
        tree->preorder[u] = tree->low[u] = (*time)++;
        tree->subtree_size[u] = 1;
        if (u != root) tree->order.push_back(node_id{static_cast<std::uint32_t>(u)});
    }
    void tree_edge(const detail::edge_descriptor& e, const detail::view& g) const {
        if (*current_root != root) return;
        const auto from = source(e, g), to = target(e, g);
        (*parent_vertex)[to] = from;
        const auto id = g[e].id;
        if (from != root) {
            tree->parent_edge[to] = edge_id{id};
            tree->parent[to] = node_id{static_cast<std::uint32_t>(from)};
        }
    }
    void back_edge(const detail::edge_descriptor& e, const detail::view& g) const {
        if (*current_root != root) return;
        const auto from = source(e, g), to = target(e, g);
        tree->low[from] = std::min(tree->low[from], tree->preorder[to]);
    }
    void finish_vertex(detail::vertex u, const detail::view&) const {
        if (*current_root != root || u == root) return;
        const auto p = (*parent_vertex)[u];
        tree->low[p] = std::min(tree->low[p], tree->low[u]);
        tree->subtree_size[p] += tree->subtree_size[u];
    }
};

} // namespace

dfs_tree routing_graph::depth_first(const scenario_state& state,
                                    const std::vector<node_id>& sources) const {
    const auto mask = m_impl->mask(state, &sources);
    const auto v = m_impl->view(mask);
    const auto total = num_vertices(m_impl->g);
    dfs_tree tree;
    tree.preorder.assign(total, no_index);
    tree.low.assign(total, no_index);
    tree.subtree_size.assign(total, 0);
    tree.parent_edge.assign(total, edge_id{});
    tree.parent.assign(total, node_id{});
    std::vector<detail::vertex> parent_vertex(total, m_impl->root);
    detail::vertex current_root = m_impl->root;
    std::uint32_t time = 0;
    lowpoint_visitor vis;
    vis.tree = &tree;
    vis.parent_vertex = &parent_vertex;
    vis.root = m_impl->root;
    vis.network_edges = m_impl->network_edges;
    vis.current_root = &current_root;
    vis.time = &time;
    std::vector<boost::default_color_type> vertex_color(total);
    std::vector<boost::default_color_type> edge_color(num_edges(m_impl->g));
    auto edge_index = boost::make_function_property_map<detail::edge_descriptor, std::size_t>(
        [&](const detail::edge_descriptor& e) { return std::size_t{m_impl->g[e].id}; });
    boost::undirected_dfs(
        v, vis, boost::make_iterator_property_map(vertex_color.begin(), get(boost::vertex_index, v)),
        boost::make_iterator_property_map(edge_color.begin(), edge_index), m_impl->root);
    for (auto* a : {&tree.preorder, &tree.low, &tree.subtree_size}) a->pop_back();
    tree.parent_edge.pop_back();
    tree.parent.pop_back();
    return tree;
}

} // namespace allseason::routing
