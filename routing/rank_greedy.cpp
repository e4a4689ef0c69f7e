// The heuristic portfolio ("greedy+bundles") and the build curve.
//
// Each step buys the move with the most households gained per dong: either one project
// (its marginal gain on top of what is bought), or a bundle — the cheapest chain of projects
// that completes a route from the reached network to a component with households, found by
// Dijkstra with each unbought project's cost on its links. Bundles matter because projects in
// series are worth nothing one at a time, so a plain greedy would never start them.
//
// Single-project gains are kept in a lazy max-heap: a project's gain changes only when a
// component it touches changes class, so after each move only the projects touching the
// merged classes are re-evaluated.
#include "routing/portfolio.hpp"
#include "routing/rank_prepared.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <queue>

namespace allseason::routing::detail {
namespace {

constexpr std::int64_t unreachable = std::numeric_limits<std::int64_t>::max();
constexpr std::uint32_t no_project = std::numeric_limits<std::uint32_t>::max();

double ratio(std::int64_t gain, std::int64_t cost) {
    return cost == 0 ? std::numeric_limits<double>::infinity()
                     : static_cast<double>(gain) / static_cast<double>(cost);
}

// Better move: more households per dong, then more households, then cheaper.
bool better_move(const greedy_move& a, const greedy_move& b) {
    const double ra = ratio(a.households, a.cost_vnd);
    const double rb = ratio(b.households, b.cost_vnd);
    if (ra != rb) {
        return ra > rb;
    }
    if (a.households != b.households) {
        return a.households > b.households;
    }
    return a.cost_vnd < b.cost_vnd;
}

struct heap_entry {
    double ratio = 0;
    std::int64_t gain = 0;
    std::uint32_t project = 0;
    std::uint32_t version = 0;
    bool operator<(const heap_entry& o) const {
        if (ratio != o.ratio) {
            return ratio < o.ratio;
        }
        if (gain != o.gain) {
            return gain < o.gain;
        }
        return project > o.project;
    }
};

class greedy_state {
public:
    greedy_state(const prepared_graph& g, std::int64_t budget)
        : m_g(g), m_parent(g.node_count), m_class_households(g.households),
          m_members(g.node_count), m_bought(g.links.size(), false), m_version(g.links.size(), 0),
          m_local(g.node_count), m_remaining(budget < 0 ? unreachable : budget) {
        for (std::uint32_t v = 0; v < g.node_count; ++v) {
            m_parent[v] = v;
        }
    }

    bool affordable(std::size_t p) const {
        return m_g.in_portfolios[p] && !m_g.links[p].empty() && m_g.cost[p] <= m_remaining;
    }

    // Households that buying `projects` (on top of what is bought) joins to the root.
    std::int64_t gain(const std::vector<std::size_t>& projects) {
        m_local.reset();
        for (auto p : projects) {
            for (const auto& l : m_g.links[p]) {
                m_local.unite(find(l.a), find(l.b));
            }
        }
        std::int64_t sum = 0;
        const auto& touched = m_local.touched();
        for (std::size_t i = 0; i < touched.size(); ++i) {
            const auto x = touched[i];
            if (x != root_node && m_local.find(x) == root_node) {
                sum += m_class_households[x];
            }
        }
        return sum;
    }

    void seed(std::priority_queue<heap_entry>& heap) {
        for (std::size_t p = 0; p < m_g.links.size(); ++p) {
            push(heap, p);
        }
    }

    void buy(const greedy_move& move, std::priority_queue<heap_entry>& heap) {
        std::vector<std::uint32_t> dirty;
        for (auto p : move.projects) {
            m_bought[p] = true;
            m_remaining -= m_remaining == unreachable ? 0 : m_g.cost[p];
            for (const auto& l : m_g.links[p]) {
                unite(l.a, l.b, dirty);
            }
        }
        std::vector<std::uint32_t> seen;
        for (auto v : dirty) {
            for (auto i = m_g.adjacency_offset[v]; i < m_g.adjacency_offset[v + 1]; ++i) {
                const auto p = m_g.adjacency[i].project;
                if (!m_bought[p] && (seen.empty() || seen.back() != p)) {
                    seen.push_back(p);
                }
            }
        }
        std::sort(seen.begin(), seen.end());
        seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
        for (auto p : seen) {
            ++m_version[p];
            push(heap, p);
        }
    }

    std::optional<greedy_move> best_single(std::priority_queue<heap_entry>& heap) {
        while (!heap.empty()) {
            const auto top = heap.top();
            if (m_bought[top.project] || top.version != m_version[top.project] ||
                !affordable(top.project)) {
                heap.pop();
                continue;
            }
            return greedy_move{{top.project}, m_g.cost[top.project], top.gain};
        }
        return std::nullopt;
    }

    std::optional<greedy_move> best_bundle();

    std::uint32_t find(std::uint32_t x) {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    bool bought(std::size_t p) const { return m_bought[p]; }

private:
    void push(std::priority_queue<heap_entry>& heap, std::size_t p) {
        if (m_bought[p] || !affordable(p)) {
            return;
        }
        const auto g = gain({p});
        if (g > 0) {
            heap.push({ratio(g, m_g.cost[p]), g, static_cast<std::uint32_t>(p), m_version[p]});
        }
    }

    std::vector<std::uint32_t>& members(std::uint32_t rep) {
        if (m_members[rep].empty()) {
            m_members[rep].push_back(rep);
        }
        return m_members[rep];
    }

    // Merges two classes; the nodes whose class changed (all but the root's old class) are
    // appended to `dirty`. The root stays the representative of its class.
    void unite(std::uint32_t a, std::uint32_t b, std::vector<std::uint32_t>& dirty) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return;
        }
        if (b == root_node || (a != root_node && members(a).size() < members(b).size())) {
            std::swap(a, b);
        }
        auto& big = members(a);
        auto& small = members(b);
        if (a != root_node) {
            dirty.insert(dirty.end(), big.begin(), big.end());
        }
        dirty.insert(dirty.end(), small.begin(), small.end());
        big.insert(big.end(), small.begin(), small.end());
        small.clear();
        small.shrink_to_fit();
        m_parent[b] = a;
        m_class_households[a] += m_class_households[b];
    }

    const prepared_graph& m_g;
    std::vector<std::uint32_t> m_parent;
    std::vector<std::int64_t> m_class_households; // valid at representatives
    std::vector<std::vector<std::uint32_t>> m_members;
    std::vector<bool> m_bought;
    std::vector<std::uint32_t> m_version;
    epoch_union_find m_local;
    std::int64_t m_remaining;
    // Dijkstra scratch, kept between bundle searches.
    std::vector<std::int64_t> m_dist;
    std::vector<adjacent> m_via;
    std::vector<std::int64_t> m_path_households;
};

std::optional<greedy_move> greedy_state::best_bundle() {
    constexpr std::size_t targets_tried = 4;
    m_dist.assign(m_g.node_count, unreachable);
    m_via.assign(m_g.node_count, {0, no_project});
    m_path_households.assign(m_g.node_count, 0);
    using item = std::pair<std::int64_t, std::uint32_t>;
    std::priority_queue<item, std::vector<item>, std::greater<>> queue;
    for (auto v : members(root_node)) {
        m_dist[v] = 0;
        queue.push({0, v});
    }
    // The settled nodes with the best estimated households per dong along their route.
    std::vector<std::pair<double, std::uint32_t>> best;
    while (!queue.empty()) {
        const auto [d, v] = queue.top();
        queue.pop();
        if (d != m_dist[v]) {
            continue;
        }
        if (m_path_households[v] > 0) {
            best.push_back({ratio(m_path_households[v], d), v});
            std::push_heap(best.begin(), best.end(), std::greater<>());
            if (best.size() > targets_tried) {
                std::pop_heap(best.begin(), best.end(), std::greater<>());
                best.pop_back();
            }
        }
        for (auto i = m_g.adjacency_offset[v]; i < m_g.adjacency_offset[v + 1]; ++i) {
            const auto [w, p] = m_g.adjacency[i];
            if (!m_bought[p] && !affordable(p)) {
                continue;
            }
            const auto nd = d + (m_bought[p] ? 0 : m_g.cost[p]);
            if (nd < m_dist[w] && nd <= m_remaining) {
                m_dist[w] = nd;
                m_via[w] = {v, p};
                const auto cw = find(w);
                m_path_households[w] =
                    m_path_households[v] + (cw != find(v) && cw != root_node ? m_class_households[cw] : 0);
                queue.push({nd, w});
            }
        }
    }
    std::optional<greedy_move> out;
    for (const auto& [estimate, target] : best) {
        greedy_move move;
        for (auto v = target; m_via[v].project != no_project; v = m_via[v].node) {
            const auto p = m_via[v].project;
            if (!m_bought[p] &&
                std::find(move.projects.begin(), move.projects.end(), p) == move.projects.end()) {
                move.projects.push_back(p);
                move.cost_vnd += m_g.cost[p];
            }
        }
        std::sort(move.projects.begin(), move.projects.end());
        move.households = gain(move.projects);
        if (move.households > 0 && (!out || better_move(move, *out))) {
            out = std::move(move);
        }
    }
    return out;
}

} // namespace

std::vector<greedy_move> greedy_moves(const prepared_graph& g, std::int64_t budget_vnd,
                                      const std::vector<std::size_t>& initial) {
    greedy_state state(g, budget_vnd);
    std::priority_queue<heap_entry> heap;
    {
        std::priority_queue<heap_entry> unused; // seed() below evaluates every project
        state.buy({initial, 0, 0}, unused);
    }
    state.seed(heap);
    std::vector<greedy_move> moves;
    while (true) {
        auto single = state.best_single(heap);
        auto bundle = state.best_bundle();
        if (!single && !bundle) {
            break;
        }
        auto move = !bundle || (single && !better_move(*bundle, *single)) ? std::move(*single)
                                                                          : std::move(*bundle);
        state.buy(move, heap);
        moves.push_back(std::move(move));
    }
    return moves;
}

} // namespace allseason::routing::detail

namespace allseason::routing {

namespace {
std::int64_t cost_of(const detail::prepared_graph& g, const std::vector<std::size_t>& set) {
    std::int64_t sum = 0;
    for (auto p : set) {
        sum += g.cost[p];
    }
    return sum;
}
} // namespace

portfolio_result portfolio_model::heuristic_portfolio(std::int64_t budget_vnd) const {
    const auto& g = *m_prepared;
    std::vector<std::size_t> set;
    // Dropping what later moves made redundant frees budget for further moves; repeat while
    // that helps (a few rounds at most in practice).
    for (int round = 0; round < 4; ++round) {
        for (auto& move : detail::greedy_moves(g, budget_vnd, set)) {
            set.insert(set.end(), move.projects.begin(), move.projects.end());
        }
        const auto bought = set.size();
        detail::drop_redundant(g, set);
        if (set.size() == bought) {
            break;
        }
    }
    portfolio_result result;
    result.method = method_heuristic;
    result.projects = set;
    result.cost_vnd = cost_of(g, set);
    detail::epoch_union_find uf(g.node_count);
    result.households = detail::set_value(g, uf, set);
    // The knapsack safeguard: one affordable project worth more than the whole greedy set.
    const auto candidates = detail::portfolio_candidates(g, budget_vnd);
    result.candidates = candidates.size();
    for (auto p : candidates) {
        const auto v = detail::set_value(g, uf, {p});
        if (v > result.households || (v == result.households && v > 0 && g.cost[p] < result.cost_vnd)) {
            result.projects = {p};
            result.cost_vnd = g.cost[p];
            result.households = v;
        }
    }
    std::sort(result.projects.begin(), result.projects.end());
    return result;
}

std::vector<curve_step> portfolio_model::build_curve() const {
    const auto& g = *m_prepared;
    std::vector<curve_step> curve;
    std::vector<std::size_t> bought;
    std::int64_t cost = 0;
    std::int64_t households = 0;
    detail::epoch_union_find uf(g.node_count);
    auto emit = [&](std::vector<std::size_t> projects) {
        bought.insert(bought.end(), projects.begin(), projects.end());
        const auto value = detail::set_value(g, uf, bought);
        const auto step_cost = cost_of(g, projects);
        cost += step_cost;
        curve.push_back({std::move(projects), step_cost, value - households, cost, value});
        households = value;
    };
    for (auto& move : detail::greedy_moves(g, -1, {})) {
        // A bundle may hold projects that pay off one by one (the first ford of two on the
        // way to a village between them): they come first, as steps of their own.
        auto rest = move.projects;
        while (rest.size() > 1) {
            std::optional<std::size_t> best;
            double best_ratio = 0;
            for (std::size_t i = 0; i < rest.size(); ++i) {
                auto with = bought;
                with.push_back(rest[i]);
                const auto gain = detail::set_value(g, uf, with) - households;
                const double r = g.cost[rest[i]] == 0 ? std::numeric_limits<double>::infinity()
                                                      : static_cast<double>(gain) /
                                                            static_cast<double>(g.cost[rest[i]]);
                if (gain > 0 && (!best || r > best_ratio)) {
                    best = i;
                    best_ratio = r;
                }
            }
            if (!best) {
                break;
            }
            emit({rest[*best]});
            rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(*best));
        }
        auto all = bought;
        all.insert(all.end(), rest.begin(), rest.end());
        if (rest.size() < move.projects.size() && detail::set_value(g, uf, all) == households) {
            // What is left adds nothing after the others: it belongs to the last step.
            auto& last = curve.back();
            const auto extra = cost_of(g, rest);
            last.projects.insert(last.projects.end(), rest.begin(), rest.end());
            last.cost_vnd += extra;
            last.cumulative_cost_vnd += extra;
            cost += extra;
            bought = std::move(all);
        } else {
            emit(std::move(rest));
        }
    }
    return curve;
}

} // namespace allseason::routing
