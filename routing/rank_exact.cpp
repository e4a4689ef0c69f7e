// The exact portfolio: branch and bound over the candidates, on a compact copy of the nodes
// they touch.
//
// Each search node has a set I of bought projects and a set of undecided ones. Two upper
// bounds on what any completion can reach, both admissible because a set's value never falls
// when projects are added:
//  - union bound: the value of I plus every undecided project that still fits the budget;
//  - knapsack bound: each class (of I's union-find) that the union bound newly reaches must
//    be touched by some bought project; a project touching k such classes pays cost/k to each,
//    so the cheapest share s(h) under-prices every class, and a fractional knapsack of
//    households over s(h) within the remaining budget bounds the gain.
// The answer is the most households, then the cheaper set; the heuristic's set is the first
// incumbent. A candidate dominated by a no-dearer one that connects all its link ends is
// dropped first (any set using it can swap it for the other).
#include "routing/portfolio.hpp"
#include "routing/rank_prepared.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace allseason::routing::detail {
namespace {

class search {
public:
    search(const prepared_graph& g, std::vector<std::size_t> candidates, std::int64_t budget,
           std::uint64_t node_limit)
        : m_budget(budget), m_node_limit(node_limit), m_candidates(std::move(candidates)) {
        std::map<std::uint32_t, std::uint32_t> local{{root_node, 0}};
        m_households.push_back(0);
        for (auto p : m_candidates) {
            std::vector<node_link> links;
            for (const auto& l : g.links[p]) {
                links.push_back({local_node(local, g, l.a), local_node(local, g, l.b)});
            }
            m_links.push_back(std::move(links));
            m_cost.push_back(g.cost[p]);
        }
        const auto m = static_cast<std::uint32_t>(m_households.size());
        m_in_set = epoch_union_find(m);
        m_with_fits = epoch_union_find(m);
        m_class.resize(m);
        m_class_households.resize(m);
        m_newly.resize(m);
        m_share.resize(m);
        m_touch_stamp.resize(m);
    }

    // Seeds the incumbent; `chosen` holds indices into the candidates.
    void set_incumbent(std::int64_t value, std::int64_t cost, std::uint64_t chosen) {
        m_best_value = value;
        m_best_cost = cost;
        m_best_set = chosen;
    }

    // Runs the search; false when it stopped at the node limit.
    bool run() {
        dfs(0, 0, 0);
        return !m_stopped;
    }

    std::vector<std::size_t> best_projects() const {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < m_candidates.size(); ++i) {
            if (m_best_set & (std::uint64_t{1} << i)) {
                out.push_back(m_candidates[i]);
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }
    std::int64_t best_value() const { return m_best_value; }
    std::int64_t best_cost() const { return m_best_cost; }
    std::uint64_t nodes() const { return m_nodes; }

private:
    std::uint32_t local_node(std::map<std::uint32_t, std::uint32_t>& local,
                             const prepared_graph& g, std::uint32_t node) {
        auto [it, inserted] = local.try_emplace(node, static_cast<std::uint32_t>(local.size()));
        if (inserted) {
            m_households.push_back(g.households[node]);
        }
        return it->second;
    }

    std::int64_t joined(epoch_union_find& uf) const {
        std::int64_t sum = 0;
        const auto& touched = uf.touched();
        for (std::size_t i = 0; i < touched.size(); ++i) {
            if (touched[i] != root_node && uf.find(touched[i]) == root_node) {
                sum += m_households[touched[i]];
            }
        }
        return sum;
    }

    bool improves(std::int64_t value, std::int64_t cost) const {
        return value > m_best_value || (value == m_best_value && cost < m_best_cost);
    }
    // Whether a completion bounded by `bound`, costing at least `cost`, may still improve.
    bool promising(std::int64_t bound, std::int64_t cost) const {
        return bound > m_best_value || (bound == m_best_value && cost < m_best_cost);
    }

    void apply(epoch_union_find& uf, std::size_t candidate) const {
        for (const auto& l : m_links[candidate]) {
            uf.unite(l.a, l.b);
        }
    }

    double knapsack_gain(const std::vector<std::size_t>& fits, std::int64_t remaining);

    void dfs(std::size_t next, std::uint64_t chosen, std::int64_t cost) {
        if (++m_nodes > m_node_limit) {
            m_stopped = true;
            return;
        }
        m_in_set.reset();
        for (std::size_t i = 0; i < next; ++i) {
            if (chosen & (std::uint64_t{1} << i)) {
                apply(m_in_set, i);
            }
        }
        const auto value = joined(m_in_set);
        if (improves(value, cost)) {
            set_incumbent(value, cost, chosen);
        }
        const auto remaining = m_budget - cost;
        std::vector<std::size_t> fits;
        for (auto i = next; i < m_candidates.size(); ++i) {
            if (m_cost[i] <= remaining) {
                fits.push_back(i);
            }
        }
        if (fits.empty()) {
            return;
        }
        m_with_fits.reset();
        for (std::size_t i = 0; i < next; ++i) {
            if (chosen & (std::uint64_t{1} << i)) {
                apply(m_with_fits, i);
            }
        }
        for (auto i : fits) {
            apply(m_with_fits, i);
        }
        const auto union_bound = joined(m_with_fits);
        if (union_bound == value || !promising(union_bound, cost)) {
            return; // nothing left to gain, or not enough to beat the incumbent
        }
        const auto knapsack_bound =
            value + static_cast<std::int64_t>(std::floor(knapsack_gain(fits, remaining) + 1e-9));
        if (!promising(std::min(union_bound, knapsack_bound), cost)) {
            return;
        }
        const auto first = fits.front();
        dfs(first + 1, chosen | (std::uint64_t{1} << first), cost + m_cost[first]);
        if (!m_stopped) {
            dfs(first + 1, chosen, cost);
        }
    }

    std::int64_t m_budget;
    std::uint64_t m_node_limit;
    std::vector<std::size_t> m_candidates;
    std::vector<std::int64_t> m_households; // per local node
    std::vector<std::vector<node_link>> m_links;
    std::vector<std::int64_t> m_cost;
    epoch_union_find m_in_set{1};
    epoch_union_find m_with_fits{1};
    std::vector<std::uint32_t> m_class;
    std::vector<std::int64_t> m_class_households;
    std::vector<bool> m_newly;
    std::vector<double> m_share;
    std::vector<std::uint64_t> m_touch_stamp;
    std::uint64_t m_stamp = 0;
    std::int64_t m_best_value = -1;
    std::int64_t m_best_cost = 0;
    std::uint64_t m_best_set = 0;
    std::uint64_t m_nodes = 0;
    bool m_stopped = false;
};

double search::knapsack_gain(const std::vector<std::size_t>& fits, std::int64_t remaining) {
    const auto m = static_cast<std::uint32_t>(m_households.size());
    std::fill(m_class_households.begin(), m_class_households.end(), 0);
    for (std::uint32_t x = 0; x < m; ++x) {
        m_class[x] = m_in_set.find(x);
        m_class_households[m_class[x]] += m_households[x];
    }
    std::fill(m_newly.begin(), m_newly.end(), false);
    for (std::uint32_t x = 0; x < m; ++x) {
        if (m_class[x] != root_node && m_with_fits.find(x) == root_node &&
            m_class_households[m_class[x]] > 0) {
            m_newly[m_class[x]] = true;
        }
    }
    std::fill(m_share.begin(), m_share.end(), std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> touched;
    for (auto i : fits) {
        ++m_stamp;
        touched.clear();
        for (const auto& l : m_links[i]) {
            for (auto end : {l.a, l.b}) {
                const auto c = m_class[end];
                if (m_newly[c] && m_touch_stamp[c] != m_stamp) {
                    m_touch_stamp[c] = m_stamp;
                    touched.push_back(c);
                }
            }
        }
        const double share =
            static_cast<double>(m_cost[i]) / static_cast<double>(std::max<std::size_t>(touched.size(), 1));
        for (auto c : touched) {
            m_share[c] = std::min(m_share[c], share);
        }
    }
    struct item {
        double households;
        double share;
    };
    std::vector<item> items;
    double free_gain = 0;
    for (std::uint32_t c = 0; c < m; ++c) {
        if (!m_newly[c]) {
            continue;
        }
        const auto h = static_cast<double>(m_class_households[c]);
        if (m_share[c] <= 0) {
            free_gain += h;
        } else {
            items.push_back({h, m_share[c]});
        }
    }
    std::sort(items.begin(), items.end(), [](const item& a, const item& b) {
        return a.households * b.share > b.households * a.share;
    });
    double capacity = static_cast<double>(remaining);
    double gain = free_gain;
    for (const auto& it : items) {
        if (it.share <= capacity) {
            gain += it.households;
            capacity -= it.share;
        } else {
            gain += it.households * capacity / it.share;
            break;
        }
    }
    return gain;
}

// Whether `b`, no dearer, joins every link end of `a` (so `a` is never needed beside it).
bool dominates(const prepared_graph& g, std::size_t b, std::size_t a, epoch_union_find& uf) {
    if (g.cost[b] > g.cost[a]) {
        return false;
    }
    uf.reset();
    for (const auto& l : g.links[b]) {
        uf.unite(l.a, l.b);
    }
    return std::all_of(g.links[a].begin(), g.links[a].end(),
                       [&](const node_link& l) { return uf.find(l.a) == uf.find(l.b); });
}

std::vector<std::size_t> undominated(const prepared_graph& g, std::vector<std::size_t> c) {
    epoch_union_find uf(g.node_count);
    std::vector<bool> dropped(c.size(), false);
    for (std::size_t i = 0; i < c.size(); ++i) {
        for (std::size_t j = 0; j < c.size() && !dropped[i]; ++j) {
            if (i == j || dropped[j] || !dominates(g, c[j], c[i], uf)) {
                continue;
            }
            // Mutual domination (same reach, same cost): keep the lower index.
            if (!dominates(g, c[i], c[j], uf) || j < i) {
                dropped[i] = true;
            }
        }
    }
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (!dropped[i]) {
            out.push_back(c[i]);
        }
    }
    return out;
}

} // namespace

std::optional<portfolio_result> branch_and_bound(const prepared_graph& g,
                                                 std::int64_t budget_vnd,
                                                 std::uint64_t node_limit,
                                                 const portfolio_result& incumbent) {
    auto candidates = undominated(g, portfolio_candidates(g, budget_vnd));
    if (candidates.size() > 63) {
        return std::nullopt; // the chosen set is a 64-bit mask
    }
    // Search order: the incumbent's projects first (a good set early tightens the bounds),
    // then by households alone per dong, then cheaper first.
    epoch_union_find uf(g.node_count);
    std::map<std::size_t, double> single_ratio;
    for (auto p : candidates) {
        const auto v = static_cast<double>(set_value(g, uf, {p}));
        single_ratio[p] = g.cost[p] == 0 ? v * 1e30 : v / static_cast<double>(g.cost[p]);
    }
    auto in_incumbent = [&](std::size_t p) {
        return std::binary_search(incumbent.projects.begin(), incumbent.projects.end(), p);
    };
    std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
        if (in_incumbent(a) != in_incumbent(b)) {
            return in_incumbent(a);
        }
        if (single_ratio[a] != single_ratio[b]) {
            return single_ratio[a] > single_ratio[b];
        }
        return g.cost[a] < g.cost[b];
    });
    search s(g, candidates, budget_vnd, node_limit);
    // The incumbent seeds the search only if it uses candidates alone (it always should).
    std::uint64_t chosen = 0;
    bool seeded = incumbent.cost_vnd <= budget_vnd;
    for (auto p : incumbent.projects) {
        const auto it = std::find(candidates.begin(), candidates.end(), p);
        if (it == candidates.end()) {
            seeded = false;
            break;
        }
        chosen |= std::uint64_t{1} << (it - candidates.begin());
    }
    if (seeded) {
        s.set_incumbent(incumbent.households, incumbent.cost_vnd, chosen);
    }
    if (!s.run()) {
        return std::nullopt;
    }
    portfolio_result result;
    result.method = method_exact;
    result.projects = s.best_projects();
    result.cost_vnd = s.best_cost();
    result.households = s.best_value();
    result.candidates = candidates.size();
    result.nodes_explored = s.nodes();
    return result;
}

} // namespace allseason::routing::detail
