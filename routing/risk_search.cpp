// The searches of `risk` (routing/risk.hpp), written as plain loops over network::edges: a
// union-find in Kruskal order for every place's bottleneck days, and per distinct answer D one
// Dijkstra for the elements that limit the best route. Boost.Graph would add nothing here but
// a second copy of the edges.
#include "routing/risk_search.hpp"

#include "routing/detail/union_find.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <queue>
#include <set>
#include <tuple>

namespace allseason::routing::detail {

place_isolation bottleneck_days(const network& net, const closure_days& days,
                                const std::vector<node_id>& sources) {
    const auto root = static_cast<std::uint32_t>(net.node_count());
    union_find uf;
    uf.resize(net.node_count() + 1);
    // Joins of weight 0 go straight in; the others wait, sorted by days (Kruskal order).
    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> later; // days, a, b
    auto join = [&](std::uint32_t w, std::uint32_t a, std::uint32_t b) {
        if (w == 0)
            uf.unite(a, b);
        else
            later.emplace_back(w, a, b);
    };
    // A destination node closed itself (a ford on a national road) opens only on its own days.
    for (auto s : sources)
        join(days.node_days[s.value], root, s.value);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (days.usable[e])
            join(days.route_days(net, edge_id{e}), net.edges[e].a.value, net.edges[e].b.value);
    }
    std::sort(later.begin(), later.end());

    place_isolation out;
    out.days.assign(net.places.size(), std::nullopt);
    std::vector<std::uint32_t> pending;
    for (std::uint32_t p = 0; p < net.places.size(); ++p) {
        if (net.places[p].node.valid() && net.places[p].kind != place_kind::facility)
            pending.push_back(p);
    }
    // After each group of equal days: the places joined to the root are isolated that many days.
    auto settle = [&](std::uint32_t w) {
        const auto r = uf.find(root);
        std::erase_if(pending, [&](std::uint32_t p) {
            if (uf.find(net.places[p].node.value) != r)
                return false;
            out.days[p] = w;
            return true;
        });
    };
    settle(0);
    for (std::size_t i = 0; i < later.size() && !pending.empty();) {
        const auto w = std::get<0>(later[i]);
        for (; i < later.size() && std::get<0>(later[i]) == w; ++i)
            uf.unite(std::get<1>(later[i]), std::get<2>(later[i]));
        settle(w);
    }
    return out;
}

adjacency build_adjacency(const network& net, const closure_days& days) {
    adjacency adj;
    adj.offset.assign(net.node_count() + 1, 0);
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!days.usable[e])
            continue;
        ++adj.offset[net.edges[e].a.value + 1];
        ++adj.offset[net.edges[e].b.value + 1];
    }
    std::partial_sum(adj.offset.begin(), adj.offset.end(), adj.offset.begin());
    adj.edges.resize(adj.offset.back());
    auto next = adj.offset;
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!days.usable[e])
            continue;
        adj.edges[next[net.edges[e].a.value]++] = e;
        adj.edges[next[net.edges[e].b.value]++] = e;
    }
    return adj;
}

namespace {

// Closed crossings at a node closed exactly `level` days.
std::uint32_t crossings_at_level(const network& net, const closure_days& days, node_id n,
                                 std::uint32_t level) {
    std::uint32_t count = 0;
    if (days.node_days[n.value] != level || level == 0)
        return 0;
    for (auto c = net.node_first_crossing[n.value]; c != no_index; c = net.crossing_next[c]) {
        count += days.crossing_days[c] == level ? 1 : 0;
    }
    return count;
}

std::uint32_t road_code_of(const network& net, std::uint32_t e) {
    const auto& ed = net.edges[e];
    return ed.kind == edge_kind::road ? net.roads[ed.road].code : no_index;
}

} // namespace

std::vector<std::uint32_t> level_routes(const network& net, const closure_days& days,
                                        const adjacency& adj, const std::vector<node_id>& sources,
                                        std::uint32_t level, std::vector<node_id> targets) {
    constexpr auto none = std::numeric_limits<std::uint32_t>::max();
    const auto n = net.node_count();
    std::vector<std::uint32_t> count(n, none);
    std::vector<double> length(n, std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> towards(n, no_index);
    std::vector<bool> done(n, false);
    using item = std::tuple<std::uint32_t, double, std::uint32_t>;
    std::priority_queue<item, std::vector<item>, std::greater<>> queue;
    for (auto s : sources) {
        if (days.node_days[s.value] > level)
            continue;
        const auto c = crossings_at_level(net, days, s, level);
        if (c < count[s.value]) {
            count[s.value] = c;
            length[s.value] = 0;
            queue.emplace(c, 0.0, s.value);
        }
    }
    std::vector<bool> wanted(n, false);
    std::size_t left = 0;
    for (auto t : targets) {
        left += wanted[t.value] ? 0 : 1;
        wanted[t.value] = true;
    }
    while (!queue.empty() && left > 0) {
        const auto [c, len, u] = queue.top();
        queue.pop();
        if (done[u])
            continue;
        done[u] = true;
        if (wanted[u])
            --left;
        const auto before = towards[u];
        for (auto i = adj.offset[u]; i < adj.offset[u + 1]; ++i) {
            const auto e = adj.edges[i];
            if (days.route_days(net, edge_id{e}) > level)
                continue;
            const auto& ed = net.edges[e];
            const auto v = ed.a.value == u ? ed.b.value : ed.a.value;
            if (done[v])
                continue;
            // All parts of one road closed `level` days count once along a run (as cutoff).
            const bool road_here = days.edge_days[e] == level && level > 0;
            const bool same_run = before != no_index && days.edge_days[before] == level &&
                                  road_code_of(net, before) == road_code_of(net, e);
            const auto nc = c + (road_here && !same_run ? 1 : 0) +
                            crossings_at_level(net, days, node_id{v}, level);
            const double nl = len + ed.length_m;
            if (std::tie(nc, nl) < std::tie(count[v], length[v])) {
                count[v] = nc;
                length[v] = nl;
                towards[v] = e;
                queue.emplace(nc, nl, v);
            }
        }
    }
    return towards;
}

std::vector<element> limiting_elements(const network& net, const closure_days& days,
                                       const std::vector<std::uint32_t>& towards, node_id from,
                                       std::uint32_t level) {
    std::set<element> found;
    auto node = from;
    for (std::size_t guard = 0; guard <= net.edge_count(); ++guard) {
        for (auto c = net.node_first_crossing[node.value]; c != no_index;
             c = net.crossing_next[c]) {
            const auto& cr = net.crossings[c];
            if (days.crossing_days[c] == level && cr.layer == crossing_layer::fords)
                found.insert({element_layer::fords, cr.index});
        }
        const auto e = towards[node.value];
        if (e == no_index)
            break;
        if (days.edge_days[e] == level)
            found.insert({element_layer::roads, road_code_of(net, e)});
        const auto& ed = net.edges[e];
        node = ed.a == node ? ed.b : ed.a;
    }
    return {found.begin(), found.end()};
}

} // namespace allseason::routing::detail
