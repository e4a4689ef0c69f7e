#include "bench/bench_rank_instance.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace allseason::bench {
namespace {

struct plain_union_find {
    std::vector<std::uint32_t> parent;
    explicit plain_union_find(std::uint32_t n) : parent(n) {
        for (std::uint32_t i = 0; i < n; ++i) {
            parent[i] = i;
        }
    }
    std::uint32_t find(std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void unite(std::uint32_t a, std::uint32_t b) { parent[find(a)] = find(b); }
};

struct segment {
    std::uint32_t a;
    std::uint32_t b;
    bool closed;
};

} // namespace

network_instance make_network_instance(std::uint32_t segments, std::uint32_t projects,
                                       unsigned seed) {
    std::mt19937 rng(seed);
    auto uniform = [&](std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    network_instance out;
    // A random spanning tree of a square grid (random Kruskal) with 5% of the other grid
    // edges added as loops: winding, mostly tree-like roads, as in rural communes.
    const auto side = static_cast<std::uint32_t>(std::sqrt(segments / 1.05));
    out.nodes = side * side;
    std::vector<segment> grid;
    for (std::uint32_t y = 0; y < side; ++y) {
        for (std::uint32_t x = 0; x < side; ++x) {
            const auto v = y * side + x;
            if (x + 1 < side) {
                grid.push_back({v, v + 1, false});
            }
            if (y + 1 < side) {
                grid.push_back({v, v + side, false});
            }
        }
    }
    std::shuffle(grid.begin(), grid.end(), rng);
    std::vector<segment> net;
    {
        plain_union_find tree(out.nodes);
        for (const auto& s : grid) {
            if (tree.find(s.a) != tree.find(s.b)) {
                tree.unite(s.a, s.b);
                net.push_back(s);
            } else if (net.size() < segments && uniform(0, 99) < 5) {
                net.push_back(s);
            }
        }
    }
    // 4% of segments closed in the rainy season (earth tracks, deep fords).
    for (auto& s : net) {
        s.closed = uniform(0, 999) < 40;
    }
    out.segments = static_cast<std::uint32_t>(net.size());

    // Today's rainy network contracted: one union-find pass over the open segments.
    const auto started = std::chrono::steady_clock::now();
    plain_union_find uf(out.nodes);
    for (const auto& s : net) {
        if (!s.closed) {
            uf.unite(s.a, s.b);
        } else {
            ++out.closed_segments;
        }
    }
    std::vector<std::uint32_t> component(out.nodes, UINT32_MAX);
    std::vector<std::uint32_t> id_of_root(out.nodes, UINT32_MAX);
    std::uint32_t count = 0;
    for (std::uint32_t v = 0; v < out.nodes; ++v) {
        auto& c = id_of_root[uf.find(v)];
        if (c == UINT32_MAX) {
            c = count++;
        }
        component[v] = c;
    }
    out.contraction_ms = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    auto& g = out.graph;
    auto comp = [&](std::uint32_t node) { return routing::component_id{component[node]}; };

    // Commune centres, and the dry route of every junction to the nearest one (BFS tree).
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> next(out.nodes);
    for (std::uint32_t i = 0; i < net.size(); ++i) {
        next[net[i].a].push_back({net[i].b, i});
        next[net[i].b].push_back({net[i].a, i});
    }
    std::vector<std::uint32_t> up(out.nodes, UINT32_MAX); // segment towards the centre
    std::vector<bool> seen(out.nodes, false);
    std::vector<std::uint32_t> queue;
    for (int i = 0; i < 400; ++i) {
        const auto d = uniform(0, out.nodes - 1);
        g.destinations.push_back(comp(d));
        if (!seen[d]) {
            seen[d] = true;
            queue.push_back(d);
        }
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        for (auto [w, i] : next[queue[head]]) {
            if (!seen[w]) {
                seen[w] = true;
                up[w] = i;
                queue.push_back(w);
            }
        }
    }
    auto parent = [&](std::uint32_t v) { return net[up[v]].a == v ? net[up[v]].b : net[up[v]].a; };
    std::vector<std::uint32_t> villages;
    for (int i = 0; i < 12000; ++i) {
        const auto v = uniform(0, out.nodes - 1);
        villages.push_back(v);
        std::string code = "V";
        code += std::to_string(i);
        g.places.push_back({comp(v), static_cast<std::int64_t>(uniform(20, 300)), code});
    }
    // Candidate projects on the routes of cut-off villages, as a planner lists them: a bridge
    // for each closed crossing on the route (sometimes two sites for one), sometimes an
    // upgrade of a 30-segment stretch, sometimes a new road bypassing part of the route.
    std::uint32_t p = 0;
    auto add = [&](std::vector<routing::project_link> links) {
        routing::candidate_project project;
        project.code = "P";
        project.code += std::to_string(p++);
        project.cost_vnd = std::int64_t{uniform(5, 200)} * 100'000'000;
        project.links = std::move(links);
        g.projects.push_back(std::move(project));
    };
    for (std::size_t tries = 0; p < projects && tries < 10 * villages.size(); ++tries) {
        auto v = villages[uniform(0, static_cast<std::uint32_t>(villages.size()) - 1)];
        std::vector<std::uint32_t> route; // nodes from the village up to its centre
        for (; up[v] != UINT32_MAX; v = parent(v)) {
            route.push_back(v);
        }
        const auto last = static_cast<std::uint32_t>(route.size());
        for (std::uint32_t i = 0; i < last && p < projects; ++i) {
            const auto& s = net[up[route[i]]];
            if (!s.closed || component[s.a] == component[s.b]) {
                continue; // open, or closed but bypassed by a loop
            }
            const auto kind = uniform(0, 19);
            if (kind < 14) {
                add({{comp(s.a), comp(s.b)}});
            } else if (kind < 16) {
                add({{comp(s.a), comp(s.b)}});
                add({{comp(s.a), comp(s.b)}});
            } else if (kind < 19) {
                std::vector<routing::project_link> links;
                for (auto j = i; j < std::min(i + 30, last); ++j) {
                    const auto& t = net[up[route[j]]];
                    if (t.closed) {
                        links.push_back({comp(t.a), comp(t.b)});
                    }
                }
                add(std::move(links));
            } else {
                const routing::component_id middle{count++};
                add({{comp(route[i]), middle},
                     {middle, comp(parent(route[std::min(last - 1, i + uniform(5, 40))]))}});
            }
        }
    }
    g.component_count = count;
    return out;
}

routing::component_graph make_interacting_instance(std::uint32_t projects, unsigned seed) {
    std::mt19937 rng(seed);
    auto uniform = [&](std::uint32_t lo, std::uint32_t hi) {
        return std::uniform_int_distribution<std::uint32_t>(lo, hi)(rng);
    };
    routing::component_graph g;
    // A tree of components hanging off the commune centre (0): each tree edge a ford.
    const std::uint32_t components = projects * 3 / 4 + 1;
    g.component_count = components;
    g.destinations.push_back({0});
    std::vector<std::uint32_t> parent(components, 0);
    for (std::uint32_t c = 1; c < components; ++c) {
        parent[c] = uniform(std::max<std::uint32_t>(c, 3) - 3, c - 1);
        std::string code = "T";
        code += std::to_string(c);
        g.places.push_back({{c}, static_cast<std::int64_t>(uniform(10, 150)), code});
    }
    auto cost = [&] { return std::int64_t{uniform(10, 90)} * 100'000'000; };
    std::vector<std::int64_t> bridge_cost(components, 0);
    std::uint32_t p = 0;
    for (std::uint32_t c = 1; c < components && p < projects; ++c, ++p) {
        std::string code = "B";
        code += std::to_string(c);
        bridge_cost[c] = cost();
        g.projects.push_back({code, bridge_cost[c], {{{parent[c]}, {c}}}, true});
    }
    // The rest neither duplicate nor undercut a bridge, so that none is dominated and all
    // `projects` candidates reach the search.
    while (p < projects) {
        const auto c = uniform(2, components - 1);
        std::string code = "X";
        code += std::to_string(p);
        routing::candidate_project project{code, 0, {}, true};
        if (uniform(0, 1) == 0 && parent[c] != 0) { // a new road to a farther ancestor
            project.links.push_back({{parent[parent[c]]}, {c}});
            project.cost_vnd = cost();
        } else { // an upgrade over a chain of fords, dearer than any one of them
            std::int64_t sum = 0;
            std::int64_t most = 0;
            for (auto v = c; v != 0 && project.links.size() < 3; v = parent[v]) {
                project.links.push_back({{parent[v]}, {v}});
                sum += bridge_cost[v];
                most = std::max(most, bridge_cost[v]);
            }
            project.cost_vnd = std::max(most + 100'000'000, sum / 100 * uniform(70, 110));
        }
        g.projects.push_back(std::move(project));
        ++p;
    }
    return g;
}

} // namespace allseason::bench
