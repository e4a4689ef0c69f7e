// Why a project is worth nothing alone, and what it needs: the cheapest route that runs from
// a destination through one of its links to households, priced by the other projects on it.
//
// Two Dijkstra searches over the component graph, shared by every project asked about: one
// from the destinations, one from the components with unreached households, each edge priced
// at its project's cost. For a link (u, v) of project p the route costs
// dist_destination(u) + cost(p) + dist_households(v); its other projects are p's partners,
// kept only if p is really needed in that set (else the next cheapest route is tried).
#include "routing/portfolio.hpp"
#include "routing/rank_prepared.hpp"

#include <algorithm>
#include <limits>
#include <queue>
#include <tuple>

namespace allseason::routing::detail {
namespace {

constexpr std::int64_t unreachable = std::numeric_limits<std::int64_t>::max();
constexpr std::uint32_t no_project = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t no_index_node = std::numeric_limits<std::uint32_t>::max();

struct route_tree {
    std::vector<std::int64_t> dist;
    std::vector<adjacent> via; // previous node and the project of the edge
};

// Dijkstra from `sources`, never using project `skip` nor entering `blocked` nodes.
route_tree cheapest_routes(const prepared_graph& g, const std::vector<std::uint32_t>& sources,
                           std::uint32_t skip = no_project,
                           const std::vector<bool>* blocked = nullptr) {
    route_tree t{std::vector<std::int64_t>(g.node_count, unreachable),
                 std::vector<adjacent>(g.node_count, {0, no_project})};
    using item = std::pair<std::int64_t, std::uint32_t>;
    std::priority_queue<item, std::vector<item>, std::greater<>> queue;
    for (auto s : sources) {
        t.dist[s] = 0;
        queue.push({0, s});
    }
    while (!queue.empty()) {
        const auto [d, v] = queue.top();
        queue.pop();
        if (d != t.dist[v]) {
            continue;
        }
        for (auto i = g.adjacency_offset[v]; i < g.adjacency_offset[v + 1]; ++i) {
            const auto [w, p] = g.adjacency[i];
            if (p == skip || (blocked && (*blocked)[w])) {
                continue;
            }
            const auto nd = d + g.cost[p];
            if (nd < t.dist[w]) {
                t.dist[w] = nd;
                t.via[w] = {v, p};
                queue.push({nd, w});
            }
        }
    }
    return t;
}

void collect(const route_tree& t, std::uint32_t v, std::vector<std::size_t>& projects) {
    for (; t.via[v].project != no_project; v = t.via[v].node) {
        projects.push_back(t.via[v].project);
    }
}

struct option {
    std::int64_t cost;
    std::uint32_t near; // end joined towards the destinations
    std::uint32_t far;  // end joined towards the households
};

// The set `partners` + p, if p is needed in it, with partners it does not need dropped.
std::optional<partner_set> verified(const prepared_graph& g, epoch_union_find& uf,
                                    std::size_t p, std::vector<std::size_t> partners) {
    std::erase(partners, p);
    std::sort(partners.begin(), partners.end());
    partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
    auto with = partners;
    with.push_back(p);
    const auto value = set_value(g, uf, with);
    if (value <= set_value(g, uf, partners)) {
        return std::nullopt;
    }
    for (std::size_t i = partners.size(); i-- > 0;) {
        auto fewer = partners;
        fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(i));
        auto fewer_with = fewer;
        fewer_with.push_back(p);
        if (set_value(g, uf, fewer_with) == value && set_value(g, uf, fewer) < value) {
            partners = std::move(fewer);
        }
    }
    std::int64_t cost = g.cost[p];
    for (auto q : partners) {
        cost += g.cost[q];
    }
    return partner_set{partners, cost, value};
}

// The slower fallback when the shared trees' routes overlap (the household side reached back
// through the destination side): for each end u of p's links, the route to u without p and
// around the other end v, then from v the cheapest route to households that keeps clear of
// everything the first route joins.
std::optional<partner_set> separate_routes(const prepared_graph& g, epoch_union_find& uf,
                                           std::size_t p) {
    const auto skip = static_cast<std::uint32_t>(p);
    std::optional<partner_set> best;
    for (const auto& l : g.links[p]) {
        for (auto [u, v] : {std::pair(l.a, l.b), std::pair(l.b, l.a)}) {
            // The near route must not pass through v, or p would join nothing new.
            std::vector<bool> avoid(g.node_count, false);
            avoid[v] = true;
            const auto to_near = cheapest_routes(g, {root_node}, skip, &avoid);
            if (to_near.dist[u] == unreachable) {
                continue;
            }
            std::vector<std::size_t> near;
            collect(to_near, u, near);
            set_value(g, uf, near);
            std::vector<bool> joined(g.node_count, false);
            joined[root_node] = true;
            for (auto x : uf.touched()) {
                joined[x] = uf.find(x) == root_node;
            }
            if (joined[v]) {
                continue;
            }
            const auto from_far = cheapest_routes(g, {v}, skip, &joined);
            std::uint32_t target = no_index_node;
            for (std::uint32_t x = 1; x < g.node_count; ++x) {
                if (g.households[x] > 0 && from_far.dist[x] != unreachable &&
                    (target == no_index_node || from_far.dist[x] < from_far.dist[target])) {
                    target = x;
                }
            }
            if (target == no_index_node) {
                continue;
            }
            collect(from_far, target, near);
            auto found = verified(g, uf, p, std::move(near));
            if (found && (!best || found->cost_vnd < best->cost_vnd)) {
                best = std::move(found);
            }
        }
    }
    return best;
}

// Few relevant projects: every subset of the others is tried, so the set is the cheapest in
// which p is needed (then the most households, then the fewest projects).
std::optional<partner_set> enumerate_partners(const prepared_graph& g, epoch_union_find& uf,
                                              const std::vector<std::size_t>& relevant,
                                              std::size_t p) {
    std::vector<std::size_t> others;
    for (auto q : relevant) {
        if (q != p) {
            others.push_back(q);
        }
    }
    std::optional<partner_set> best;
    std::vector<std::size_t> set;
    for (std::uint32_t mask = 0; mask < (1u << others.size()); ++mask) {
        set.clear();
        std::int64_t cost = g.cost[p];
        for (std::size_t i = 0; i < others.size(); ++i) {
            if (mask & (1u << i)) {
                set.push_back(others[i]);
                cost += g.cost[others[i]];
            }
        }
        if (best && cost > best->cost_vnd) {
            continue;
        }
        const auto without = set_value(g, uf, set);
        set.push_back(p);
        const auto with = set_value(g, uf, set);
        set.pop_back();
        if (with <= without) {
            continue;
        }
        if (!best || cost < best->cost_vnd ||
            (cost == best->cost_vnd &&
             (with > best->households ||
              (with == best->households && set.size() < best->partners.size())))) {
            best = partner_set{set, cost, with};
        }
    }
    return best;
}

} // namespace

std::vector<std::optional<partner_set>> find_partners(const prepared_graph& g,
                                                      std::span<const std::size_t> projects) {
    constexpr std::size_t enumerate_up_to = 12;
    std::vector<std::size_t> relevant;
    for (std::size_t q = 0; q < g.links.size(); ++q) {
        if (!g.links[q].empty()) {
            relevant.push_back(q);
        }
    }
    if (relevant.size() <= enumerate_up_to) {
        epoch_union_find uf(g.node_count);
        std::vector<std::optional<partner_set>> out;
        for (auto p : projects) {
            out.push_back(g.links[p].empty() ? std::nullopt
                                             : enumerate_partners(g, uf, relevant, p));
        }
        return out;
    }
    std::vector<std::uint32_t> household_nodes;
    for (std::uint32_t v = 1; v < g.node_count; ++v) {
        if (g.households[v] > 0 && g.adjacency_offset[v] != g.adjacency_offset[v + 1]) {
            household_nodes.push_back(v);
        }
    }
    const auto from_destination = cheapest_routes(g, {root_node});
    const auto from_households = cheapest_routes(g, household_nodes);
    epoch_union_find uf(g.node_count);
    std::vector<std::optional<partner_set>> out;
    for (auto p : projects) {
        std::vector<option> options;
        for (const auto& l : g.links[p]) {
            for (auto [u, v] : {std::pair(l.a, l.b), std::pair(l.b, l.a)}) {
                if (from_destination.dist[u] != unreachable &&
                    from_households.dist[v] != unreachable) {
                    options.push_back(
                        {from_destination.dist[u] + g.cost[p] + from_households.dist[v], u, v});
                }
            }
        }
        std::sort(options.begin(), options.end(), [](const option& a, const option& b) {
            return std::tie(a.cost, a.near, a.far) < std::tie(b.cost, b.near, b.far);
        });
        std::optional<partner_set> found;
        for (const auto& o : options) {
            std::vector<std::size_t> partners;
            collect(from_destination, o.near, partners);
            collect(from_households, o.far, partners);
            if ((found = verified(g, uf, p, std::move(partners)))) {
                break;
            }
        }
        if (!found) {
            found = separate_routes(g, uf, p);
        }
        out.push_back(std::move(found));
    }
    return out;
}

} // namespace allseason::routing::detail
