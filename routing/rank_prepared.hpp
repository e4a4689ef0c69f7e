#pragma once
// Internal to the portfolio optimiser: the component graph prepared for search, and the
// union-finds the searches share. Not part of the public API.
//
// A plain array union-find instead of Boost.Graph: the searches evaluate millions of small
// sets, and an epoch stamp resets the structure in O(1) between them.
#include "routing/portfolio.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace allseason::routing::detail {

// Node 0 stands for every destination component merged; component c is node c + 1.
inline constexpr std::uint32_t root_node = 0;

struct node_link {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
};

struct adjacent {
    std::uint32_t node = 0;
    std::uint32_t project = 0;
};

struct prepared_graph {
    std::uint32_t node_count = 0;
    std::vector<std::int64_t> households;        // per node; 0 for the root
    std::vector<std::vector<node_link>> links;   // per project: links that can matter
    std::vector<std::int64_t> cost;              // per project, dong
    std::vector<bool> in_portfolios;             // per project
    std::vector<std::uint32_t> adjacency_offset; // CSR over nodes (node_count + 1 entries)
    std::vector<adjacent> adjacency;             // both directions of every relevant link
    std::vector<std::vector<std::size_t>> places_at_node;
    std::int64_t unreached_households = 0;
};

prepared_graph prepare(const component_graph& graph);
// Drops the links that lie on no simple path from the root to households (rank_prune.cpp).
void keep_useful_links(prepared_graph& g);

// A union-find over nodes reset in O(1) by bumping an epoch; untouched nodes are singletons.
class epoch_union_find {
public:
    explicit epoch_union_find(std::uint32_t size) : m_parent(size), m_stamp(size, 0) {}

    void reset() {
        ++m_epoch;
        m_touched.clear();
    }
    std::uint32_t find(std::uint32_t x) {
        touch(x);
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return;
        }
        // The root node stays a representative so that "joined to the root" is find() == 0.
        if (b == root_node || (a != root_node && a < b)) {
            std::swap(a, b);
        }
        m_parent[b] = a;
    }
    const std::vector<std::uint32_t>& touched() const { return m_touched; }

private:
    void touch(std::uint32_t x) {
        if (m_stamp[x] != m_epoch) {
            m_stamp[x] = m_epoch;
            m_parent[x] = x;
            m_touched.push_back(x);
        }
    }
    std::vector<std::uint32_t> m_parent;
    std::vector<std::uint32_t> m_stamp;
    std::vector<std::uint32_t> m_touched;
    std::uint32_t m_epoch = 1;
};

// Households joined to the root by the links applied to `uf` since its last reset.
std::int64_t joined_households(const prepared_graph& g, epoch_union_find& uf);

// Applies the links of `projects` and returns the households they join to the root.
std::int64_t set_value(const prepared_graph& g, epoch_union_find& uf,
                       const std::vector<std::size_t>& projects);

// Drops projects that add nothing to the set (last added first), keeping its value.
void drop_redundant(const prepared_graph& g, std::vector<std::size_t>& projects);

std::optional<portfolio_result> branch_and_bound(const prepared_graph& g,
                                                 std::int64_t budget_vnd,
                                                 std::uint64_t node_limit,
                                                 const portfolio_result& incumbent);

// Projects a portfolio within the budget may use: allowed in portfolios, affordable, and with
// a link that can matter.
std::vector<std::size_t> portfolio_candidates(const prepared_graph& g, std::int64_t budget_vnd);

struct greedy_move {
    std::vector<std::size_t> projects;
    std::int64_t cost_vnd = 0;
    std::int64_t households = 0; // gained by the move
};
// The greedy with bundles, starting from `initial` (already bought, its cost counted against
// the budget); returns its moves in order. budget_vnd < 0: unlimited.
std::vector<greedy_move> greedy_moves(const prepared_graph& g, std::int64_t budget_vnd,
                                      const std::vector<std::size_t>& initial);

std::vector<std::optional<partner_set>> find_partners(const prepared_graph& g,
                                                      std::span<const std::size_t> projects);

} // namespace allseason::routing::detail
