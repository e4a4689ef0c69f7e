#pragma once
// Internal: the union-find of the network build and of `risk`'s Kruskal-order search.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace allseason::routing::detail {

// A plain array union-find (path halving, union by index): a million vertices need nothing
// heavier, and Boost's disjoint_sets would want two property maps for the same job.
class union_find {
public:
    std::uint32_t add() {
        m_parent.push_back(static_cast<std::uint32_t>(m_parent.size()));
        return m_parent.back();
    }
    void resize(std::size_t n) {
        const auto old = m_parent.size();
        m_parent.resize(n);
        for (auto i = old; i < n; ++i) m_parent[i] = static_cast<std::uint32_t>(i);
    }
    std::uint32_t find(std::uint32_t x) {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (b < a) std::swap(a, b);
        m_parent[b] = a; // the smaller id stays the root: node order follows input order
    }
    std::size_t size() const { return m_parent.size(); }

private:
    std::vector<std::uint32_t> m_parent;
};

} // namespace allseason::routing::detail
