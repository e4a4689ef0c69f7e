// The component graph prepared once (destinations merged, dead branches pruned) and the
// model's simple questions: the value of a set, and every project alone.
#include "routing/portfolio.hpp"

#include "geo/errors.hpp"
#include "routing/rank_prepared.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

namespace allseason::routing {

namespace detail {
namespace {

std::uint32_t checked_node(const component_graph& graph, const std::vector<bool>& is_destination,
                           component_id c, const std::string& what) {
    if (c.value >= graph.component_count) {
        throw data_error(fmt::format("{} names component {} but the graph has {} components", what,
                                     c.value, graph.component_count));
    }
    return is_destination[c.value] ? root_node : c.value + 1;
}

void build_adjacency(prepared_graph& g) {
    g.adjacency_offset.assign(g.node_count + 1, 0);
    for (const auto& project : g.links) {
        for (const auto& l : project) {
            ++g.adjacency_offset[l.a + 1];
            ++g.adjacency_offset[l.b + 1];
        }
    }
    for (std::uint32_t v = 0; v < g.node_count; ++v) {
        g.adjacency_offset[v + 1] += g.adjacency_offset[v];
    }
    g.adjacency.resize(g.adjacency_offset.back());
    auto fill = g.adjacency_offset;
    for (std::uint32_t p = 0; p < g.links.size(); ++p) {
        for (const auto& l : g.links[p]) {
            g.adjacency[fill[l.a]++] = {l.b, p};
            g.adjacency[fill[l.b]++] = {l.a, p};
        }
    }
}

} // namespace

prepared_graph prepare(const component_graph& graph) {
    prepared_graph g;
    g.node_count = graph.component_count + 1;
    std::vector<bool> is_destination(graph.component_count, false);
    for (auto d : graph.destinations) {
        checked_node(graph, is_destination, d, "a destination");
        is_destination[d.value] = true;
    }
    g.households.assign(g.node_count, 0);
    g.places_at_node.resize(g.node_count);
    for (std::size_t i = 0; i < graph.places.size(); ++i) {
        const auto& place = graph.places[i];
        const auto node =
            checked_node(graph, is_destination, place.component, fmt::format("place {}", i));
        if (place.households < 0) {
            throw data_error(fmt::format("place {} has {} households", i, place.households));
        }
        if (node != root_node) {
            g.households[node] += place.households;
            g.unreached_households += place.households;
            g.places_at_node[node].push_back(i);
        }
    }
    g.links.resize(graph.projects.size());
    for (std::size_t p = 0; p < graph.projects.size(); ++p) {
        const auto& project = graph.projects[p];
        if (project.cost_vnd < 0) {
            throw data_error(fmt::format("project {} costs less than nothing", project.code));
        }
        g.cost.push_back(project.cost_vnd);
        g.in_portfolios.push_back(project.in_portfolios);
        const auto what = fmt::format("project {}", project.code);
        for (const auto& l : project.links) {
            auto a = checked_node(graph, is_destination, l.a, what);
            auto b = checked_node(graph, is_destination, l.b, what);
            if (a != b) {
                g.links[p].push_back({std::min(a, b), std::max(a, b)});
            }
        }
    }
    for (auto& project : g.links) {
        std::sort(project.begin(), project.end(), [](const node_link& x, const node_link& y) {
            return std::pair(x.a, x.b) < std::pair(y.a, y.b);
        });
        project.erase(std::unique(project.begin(), project.end(),
                                  [](const node_link& x, const node_link& y) {
                                      return x.a == y.a && x.b == y.b;
                                  }),
                      project.end());
    }
    keep_useful_links(g);
    build_adjacency(g);
    return g;
}

std::int64_t joined_households(const prepared_graph& g, epoch_union_find& uf) {
    std::int64_t sum = 0;
    const auto& touched = uf.touched();
    for (std::size_t i = 0; i < touched.size(); ++i) {
        const auto x = touched[i];
        if (x != root_node && uf.find(x) == root_node) {
            sum += g.households[x];
        }
    }
    return sum;
}

std::int64_t set_value(const prepared_graph& g, epoch_union_find& uf,
                       const std::vector<std::size_t>& projects) {
    uf.reset();
    for (auto p : projects) {
        for (const auto& l : g.links[p]) {
            uf.unite(l.a, l.b);
        }
    }
    return joined_households(g, uf);
}

void drop_redundant(const prepared_graph& g, std::vector<std::size_t>& projects) {
    epoch_union_find uf(g.node_count);
    const auto full = set_value(g, uf, projects);
    for (std::size_t i = projects.size(); i-- > 0;) {
        auto without = projects;
        without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
        if (set_value(g, uf, without) == full) {
            projects = std::move(without);
        }
    }
}

std::vector<std::size_t> portfolio_candidates(const prepared_graph& g, std::int64_t budget_vnd) {
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < g.links.size(); ++p) {
        if (g.in_portfolios[p] && !g.links[p].empty() && g.cost[p] <= budget_vnd) {
            out.push_back(p);
        }
    }
    return out;
}

} // namespace detail

portfolio_model::portfolio_model(component_graph graph)
    : m_graph(std::move(graph)),
      m_prepared(std::make_shared<const detail::prepared_graph>(detail::prepare(m_graph))) {}

std::int64_t portfolio_model::unreached_households() const {
    return m_prepared->unreached_households;
}

bool portfolio_model::relevant(std::size_t project) const {
    return !m_prepared->links.at(project).empty();
}

namespace {
std::vector<std::size_t> checked_set(std::span<const std::size_t> projects, std::size_t count) {
    std::vector<std::size_t> set(projects.begin(), projects.end());
    std::sort(set.begin(), set.end());
    if (std::adjacent_find(set.begin(), set.end()) != set.end()) {
        throw std::invalid_argument("a project set names a project twice");
    }
    if (!set.empty() && set.back() >= count) {
        throw std::out_of_range("a project set names a project out of range");
    }
    return set;
}
} // namespace

std::int64_t portfolio_model::value(std::span<const std::size_t> projects) const {
    detail::epoch_union_find uf(m_prepared->node_count);
    return detail::set_value(*m_prepared, uf, checked_set(projects, m_graph.projects.size()));
}

std::vector<std::size_t>
portfolio_model::reached_places(std::span<const std::size_t> projects) const {
    const auto& g = *m_prepared;
    detail::epoch_union_find uf(g.node_count);
    detail::set_value(g, uf, checked_set(projects, m_graph.projects.size()));
    std::vector<std::size_t> places;
    const auto touched = uf.touched();
    for (auto x : touched) {
        if (x != detail::root_node && uf.find(x) == detail::root_node) {
            places.insert(places.end(), g.places_at_node[x].begin(), g.places_at_node[x].end());
        }
    }
    std::sort(places.begin(), places.end());
    return places;
}

std::vector<single_benefit> portfolio_model::singles() const {
    const auto& g = *m_prepared;
    detail::epoch_union_find uf(g.node_count);
    std::vector<single_benefit> out(m_graph.projects.size());
    for (std::size_t p = 0; p < out.size(); ++p) {
        uf.reset();
        for (const auto& l : g.links[p]) {
            uf.unite(l.a, l.b);
        }
        const auto touched = uf.touched();
        for (auto x : touched) {
            if (x != detail::root_node && uf.find(x) == detail::root_node) {
                out[p].households += g.households[x];
                out[p].places.insert(out[p].places.end(), g.places_at_node[x].begin(),
                                     g.places_at_node[x].end());
            }
        }
        std::sort(out[p].places.begin(), out[p].places.end());
    }
    return out;
}

portfolio_result portfolio_model::best_portfolio(const portfolio_options& options) const {
    auto heuristic = heuristic_portfolio(options.budget_vnd);
    const auto candidates = detail::portfolio_candidates(*m_prepared, options.budget_vnd).size();
    if (candidates <= options.exact_try_max_projects) {
        const auto limit = candidates <= options.exact_max_projects
                               ? std::numeric_limits<std::uint64_t>::max()
                               : options.node_limit;
        if (auto exact =
                detail::branch_and_bound(*m_prepared, options.budget_vnd, limit, heuristic)) {
            return *exact;
        }
    }
    return heuristic;
}

std::optional<portfolio_result> portfolio_model::exact_portfolio(std::int64_t budget_vnd,
                                                                 std::uint64_t node_limit) const {
    return detail::branch_and_bound(*m_prepared, budget_vnd, node_limit,
                                    heuristic_portfolio(budget_vnd));
}

std::vector<std::optional<partner_set>>
portfolio_model::partners_of(std::span<const std::size_t> projects) const {
    for (auto p : projects) {
        if (p >= m_graph.projects.size()) {
            throw std::out_of_range("partners_of: project out of range");
        }
    }
    return detail::find_partners(*m_prepared, projects);
}

} // namespace allseason::routing

namespace allseason::routing {

component_graph merge_component_graphs(const std::vector<component_graph>& graphs) {
    component_graph merged;
    for (const auto& g : graphs) {
        const auto offset = merged.component_count;
        const auto shifted = [offset](component_id c) { return component_id{c.value + offset}; };
        for (auto d : g.destinations) {
            merged.destinations.push_back(shifted(d));
        }
        for (auto place : g.places) {
            place.component = shifted(place.component);
            merged.places.push_back(std::move(place));
        }
        for (auto project : g.projects) {
            for (auto& link : project.links) {
                link = {shifted(link.a), shifted(link.b)};
            }
            merged.projects.push_back(std::move(project));
        }
        merged.component_count += g.component_count;
    }
    return merged;
}

} // namespace allseason::routing
