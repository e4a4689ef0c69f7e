// The noding of contract §2: shared vertices within snap_m, road ends on another road's line
// (T-junctions), then the splits made by crossings, places and hazard zones
// (network_attach.cpp), and finally the nodes and edges. Everything goes through a grid over
// vertices or segments: no step compares all pairs.
#include "routing/detail/build_state.hpp"
#include "routing/network.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <tuple>
#include <unordered_map>

namespace allseason::routing {

using detail::build_state;
using detail::split;

struct network_builder::impl {
    network net;
    std::unordered_map<std::string, std::uint32_t> code_ids;
    std::unordered_map<std::string, std::uint32_t> name_ids;

    std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids,
                         std::vector<std::string>& names, const std::string& text) {
        auto [it, inserted] = ids.try_emplace(text, static_cast<std::uint32_t>(names.size()));
        if (inserted) names.push_back(text);
        return it->second;
    }

    void add(const layers::road& r, std::uint32_t project) {
        if (r.points.size() < 2) {
            net.zero_length_roads.push_back(
                {r.fid, r.code,
                 r.points.empty() ? std::nullopt : std::optional<geo::xy>(r.points.front())});
            return;
        }
        road_info info;
        info.fid = r.fid;
        info.code = intern(code_ids, net.road_codes, r.code);
        if (r.name) info.name = intern(name_ids, net.road_names, *r.name);
        info.klass = r.klass;
        info.surf = r.surf;
        info.project = project;
        info.first_point = net.points.size();
        info.point_count = static_cast<std::uint32_t>(r.points.size());
        net.points.insert(net.points.end(), r.points.begin(), r.points.end());
        net.roads.push_back(info);
    }
};

namespace {

// Joins vertices within snap_m of each other: a sweep over vertices sorted by grid cell,
// comparing each cell with itself and the four cells after it.
void cluster_vertices(build_state& s) {
    const auto& pts = s.net.points;
    const std::size_t n = pts.size();
    const double snap = s.net.options.snap_m;
    double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    for (const auto& p : pts) {
        min_x = std::min(min_x, p.x);
        min_y = std::min(min_y, p.y);
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    const double extent = std::max({max_x - min_x, max_y - min_y, 1e-9});
    const double cell = std::max(snap, extent / 1073741824.0); // at most 2^30 cells a side
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);
    for (std::size_t v = 0; v < n; ++v) {
        const auto cx = static_cast<std::uint64_t>((pts[v].x - min_x) / cell);
        const auto cy = static_cast<std::uint64_t>((pts[v].y - min_y) / cell) + 1;
        keyed[v] = {(cx << 32) | cy, static_cast<std::uint32_t>(v)};
    }
    std::sort(keyed.begin(), keyed.end());
    auto joins = [&](std::uint32_t a, std::uint32_t b) {
        if (s.vertex_road[a] == s.vertex_road[b] && (a + 1 == b || b + 1 == a)) return;
        if (detail::distance(pts[a], pts[b]) > snap) return;
        s.candidates.unite(a, b);
        s.vertex_is_node[a] = true;
        s.vertex_is_node[b] = true;
    };
    // Monotone pointers into the sorted keys: the cell above, and the three cells to the right.
    std::size_t above = 0, right = 0;
    for (std::size_t g0 = 0; g0 < n;) {
        std::size_t g1 = g0;
        const std::uint64_t key = keyed[g0].first;
        while (g1 < n && keyed[g1].first == key) ++g1;
        for (std::size_t i = g0; i < g1; ++i) {
            for (std::size_t j = i + 1; j < g1; ++j) joins(keyed[i].second, keyed[j].second);
        }
        auto scan = [&](std::size_t& p, std::uint64_t lo, std::uint64_t hi) {
            while (p < n && keyed[p].first < lo) ++p;
            for (std::size_t j = p; j < n && keyed[j].first <= hi; ++j) {
                for (std::size_t i = g0; i < g1; ++i) joins(keyed[i].second, keyed[j].second);
            }
        };
        scan(above, key + 1, key + 1);
        const std::uint64_t next_column = key + (std::uint64_t{1} << 32);
        scan(right, next_column - 1, next_column + 1);
        g0 = g1;
    }
}

// Whether the nearest point is a vertex of the segment already joined to the end `v` (the
// usual junction with a shared vertex needs no split).
bool at_joined_vertex(build_state& s, std::uint64_t seg, const detail::polyline_point& q,
                      std::uint64_t v) {
    const auto& pts = s.net.points;
    const auto end = static_cast<std::uint32_t>(v);
    if (q.point == pts[seg]) return s.candidates.find(static_cast<std::uint32_t>(seg)) == s.candidates.find(end);
    if (q.point == pts[seg + 1]) {
        return s.candidates.find(static_cast<std::uint32_t>(seg + 1)) == s.candidates.find(end);
    }
    return false;
}

// Road ends within snap_m of another road's line split that road there (T-junctions). Ends
// that stay unjoined but lie within dangle_m of another road are kept for `check`.
void join_road_ends(build_state& s) {
    const auto& net = s.net;
    const double snap = net.options.snap_m;
    const double reach = std::max(snap, net.options.dangle_m);
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        const auto& road = net.roads[r];
        for (bool at_start : {true, false}) {
            const std::uint64_t v = at_start ? road.first_point
                                             : road.first_point + road.point_count - 1;
            const geo::xy p = net.points[v];
            double nearest = INFINITY;
            s.grid->query(p, reach, [&](std::uint64_t seg) {
                const std::uint32_t other = s.vertex_road[seg];
                if (other == r) return;
                const auto q = detail::nearest_on_segment(p, net.points[seg], net.points[seg + 1]);
                nearest = std::min(nearest, q.distance);
                if (q.distance <= snap && !at_joined_vertex(s, seg, q, v)) {
                    s.splits.push_back({other, s.measure_at(seg, q.along),
                                        static_cast<std::uint32_t>(v), 0.0});
                }
            });
            if (nearest > snap && nearest <= reach) {
                s.net.dangles.push_back({r, at_start, p, nearest});
            }
        }
    }
}

struct entry {
    double measure;
    std::uint32_t candidate;
    double snap;
    bool vertex;
};

// The splits of one road in measure order: its node vertices and its external splits.
void road_entries(const build_state& s, std::uint32_t r, std::size_t& next_split,
                  std::vector<entry>& out) {
    out.clear();
    const auto& road = s.net.roads[r];
    for (std::uint64_t v = road.first_point; v < road.first_point + road.point_count; ++v) {
        if (s.vertex_is_node[v]) {
            out.push_back({s.vertex_measure[v], static_cast<std::uint32_t>(v), 0.0, true});
        }
    }
    while (next_split < s.splits.size() && s.splits[next_split].road == r) {
        const auto& sp = s.splits[next_split++];
        out.push_back({sp.measure, sp.candidate, sp.snap, false});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const entry& a, const entry& b) { return a.measure < b.measure; });
}

// Joins each external split to the nearest other split of its road within its snap distance
// (a ford 0.5 m from a junction is at the junction).
void join_close_splits(build_state& s, std::vector<entry>& entries) {
    constexpr double same_point = 1e-9;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.vertex) continue;
        const double reach = std::max(e.snap, same_point);
        std::size_t best = i;
        double best_gap = INFINITY;
        for (std::size_t j : {i - 1, i + 1}) {
            if (j >= entries.size()) continue; // i - 1 wraps around at 0
            const double gap = std::abs(entries[j].measure - e.measure);
            if (gap <= reach && gap < best_gap) {
                best = j;
                best_gap = gap;
            }
        }
        if (best != i) s.candidates.unite(e.candidate, entries[best].candidate);
    }
}

std::uint32_t node_of(build_state& s, std::uint32_t candidate) {
    const std::uint32_t root = s.candidates.find(candidate);
    auto& id = s.candidate_node[root];
    if (id == no_index) {
        id = static_cast<std::uint32_t>(s.net.node_points.size());
        s.net.node_points.push_back(s.candidate_point(root));
    }
    return id;
}

void make_road_edges(build_state& s, std::vector<std::uint32_t>& road_first_edge) {
    auto& net = s.net;
    std::vector<entry> entries;
    std::size_t next = 0;
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        road_entries(s, r, next, entries);
        join_close_splits(s, entries);
    }
    s.candidate_node.assign(s.candidates.size(), no_index);
    next = 0;
    road_first_edge.assign(net.roads.size() + 1, 0);
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        road_first_edge[r] = static_cast<std::uint32_t>(net.edges.size());
        road_entries(s, r, next, entries);
        std::uint32_t prev_node = no_index;
        double prev_measure = 0;
        for (const auto& e : entries) {
            const std::uint32_t node = node_of(s, e.candidate);
            if (prev_node != no_index && node != prev_node) {
                net.edges.push_back({node_id{prev_node}, node_id{node}, e.measure - prev_measure,
                                     r, edge_kind::road});
                net.edge_spans.push_back({prev_measure, e.measure});
            }
            if (node != prev_node) {
                prev_node = node;
                prev_measure = e.measure;
            }
        }
    }
    road_first_edge[net.roads.size()] = static_cast<std::uint32_t>(net.edges.size());
}

// Walk edges from each place's own node to its point on the road; crossings find their node.
void make_place_edges(build_state& s) {
    auto& net = s.net;
    for (auto& pl : net.places) {
        if (!pl.node.valid()) continue; // holds the road candidate until here
        const std::uint32_t road_node = node_of(s, pl.node.value);
        pl.node = node_id{static_cast<std::uint32_t>(net.node_points.size())};
        net.node_points.push_back(pl.point);
        pl.walk = edge_id{static_cast<std::uint32_t>(net.edges.size())};
        net.edges.push_back({pl.node, node_id{road_node}, pl.walk_m, no_index, edge_kind::walk});
        net.edge_spans.push_back({0, 0});
    }
    net.node_count_value = net.node_points.size();
    net.node_first_crossing.assign(net.node_points.size(), no_index);
    net.crossing_next.assign(net.crossings.size(), no_index);
    for (std::uint32_t c = static_cast<std::uint32_t>(net.crossings.size()); c-- > 0;) {
        auto& cr = net.crossings[c];
        if (!cr.node.valid()) continue;
        cr.node = node_id{node_of(s, cr.node.value)};
        net.crossing_next[c] = net.node_first_crossing[cr.node.value];
        net.node_first_crossing[cr.node.value] = c;
    }
}

void mark_bridge_spans(build_state& s, const std::vector<std::uint32_t>& road_first_edge) {
    auto& net = s.net;
    net.edge_on_bridge.assign(net.edges.size(), false);
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        for (const auto& [lo, hi] : s.bridge_spans[r]) {
            for (auto e = road_first_edge[r]; e < road_first_edge[r + 1]; ++e) {
                const double mid = (net.edge_spans[e].from_m + net.edge_spans[e].to_m) / 2;
                if (mid >= lo && mid <= hi) net.edge_on_bridge[e] = true;
            }
        }
    }
}

// Roads with the same vertices (in either direction) are duplicates; found by sorting hashes.
void find_duplicates(network& net) {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> hashes;
    hashes.reserve(net.roads.size());
    auto line = [&](std::uint32_t r) {
        const auto& road = net.roads[r];
        std::vector<geo::xy> pts(net.points.begin() + static_cast<std::ptrdiff_t>(road.first_point),
                                 net.points.begin() +
                                     static_cast<std::ptrdiff_t>(road.first_point + road.point_count));
        auto less = [](geo::xy a, geo::xy b) { return a.x < b.x || (a.x == b.x && a.y < b.y); };
        if (less(pts.back(), pts.front())) std::reverse(pts.begin(), pts.end());
        return pts;
    };
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        if (net.roads[r].project != no_index) continue;
        std::uint64_t h = 1469598103934665603ull;
        for (const auto& p : line(r)) {
            for (double d : {p.x, p.y}) {
                h ^= std::hash<double>{}(d);
                h *= 1099511628211ull;
            }
        }
        hashes.emplace_back(h, r);
    }
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 1; i < hashes.size(); ++i) {
        std::size_t first = i - 1;
        while (first > 0 && hashes[first - 1].first == hashes[i].first) --first;
        if (hashes[first].first != hashes[i].first) continue;
        if (line(hashes[first].second) == line(hashes[i].second)) {
            net.duplicate_roads.emplace_back(hashes[i].second, hashes[first].second);
        }
    }
}

} // namespace

network_builder::network_builder(network_options options) : m_impl(std::make_unique<impl>()) {
    m_impl->net.options = options;
}

network_builder::~network_builder() = default;

void network_builder::add_road(const layers::road& road) { m_impl->add(road, no_index); }

void network_builder::reserve(std::size_t roads, std::size_t points) {
    m_impl->net.roads.reserve(roads);
    m_impl->net.points.reserve(points);
    m_impl->net.road_codes.reserve(roads);
    m_impl->code_ids.reserve(roads);
}

network network_builder::build(std::vector<layers::village> villages,
                               std::vector<layers::facility> facilities,
                               std::vector<layers::household> households,
                               std::vector<layers::ford> fords,
                               std::vector<layers::bridge> bridges,
                               std::vector<layers::hazard_zone> hazard_zones,
                               std::vector<layers::candidate_project> projects) {
    network& net = m_impl->net;
    net.villages = std::move(villages);
    net.facilities = std::move(facilities);
    net.households = std::move(households);
    net.fords = std::move(fords);
    net.bridges = std::move(bridges);
    net.hazard_zones = std::move(hazard_zones);
    net.projects = std::move(projects);

    // New roads join as concrete village roads under the project's code (contract §2: done
    // ones are today's network; proposed ones only when ranking asks for them).
    for (std::uint32_t i = 0; i < net.projects.size(); ++i) {
        const auto& p = net.projects[i];
        if (p.kind != "road_new" || !p.is_line()) continue;
        if (!p.done() && !net.options.include_proposed_roads) continue;
        layers::road r;
        r.fid = -p.fid;
        r.code = p.code;
        r.name = p.name;
        r.klass = layers::road_class::village_axis;
        r.surf = layers::surface::concrete;
        r.points = p.points;
        m_impl->add(r, i);
    }

    net.code_first_road.assign(net.road_codes.size(), no_index);
    for (std::uint32_t r = static_cast<std::uint32_t>(net.roads.size()); r-- > 0;) {
        net.code_first_road[net.roads[r].code] = r;
    }

    build_state s{net, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    const std::size_t n = net.points.size();
    if (n >= no_index) {
        throw data_error("the road network has more than 4 billion vertices");
    }
    s.vertex_road.resize(n);
    s.vertex_measure.resize(n);
    s.segment_valid.assign(n, false);
    s.vertex_is_node.assign(n, false);
    s.candidates.resize(n);
    s.bridge_spans.resize(net.roads.size());
    for (std::uint32_t r = 0; r < net.roads.size(); ++r) {
        const auto& road = net.roads[r];
        double m = 0;
        for (std::uint64_t v = road.first_point; v < road.first_point + road.point_count; ++v) {
            if (v > road.first_point) m += detail::distance(net.points[v - 1], net.points[v]);
            s.vertex_road[v] = r;
            s.vertex_measure[v] = m;
            s.segment_valid[v] = v + 1 < road.first_point + road.point_count;
        }
        s.vertex_is_node[road.first_point] = true;
        s.vertex_is_node[road.first_point + road.point_count - 1] = true;
    }
    cluster_vertices(s);
    s.grid = std::make_unique<detail::segment_grid>(net.points, s.segment_valid);
    join_road_ends(s);
    detail::attach_crossings(s);
    detail::attach_places(s);
    detail::split_at_hazards(s);
    std::sort(s.splits.begin(), s.splits.end(), [](const split& a, const split& b) {
        return std::tie(a.road, a.measure, a.candidate) < std::tie(b.road, b.measure, b.candidate);
    });

    std::vector<std::uint32_t> road_first_edge;
    make_road_edges(s, road_first_edge);
    make_place_edges(s);
    mark_bridge_spans(s, road_first_edge);
    detail::mark_hazard_edges(s, road_first_edge);
    find_duplicates(net);
    return std::move(net);
}

network_options options_from(const layers::analysis_settings& settings) {
    network_options o;
    o.snap_m = settings.snap_m;
    o.snap_m_crossing = settings.snap_m_crossing;
    o.access_m = settings.access_m;
    o.dangle_m = 3 * settings.snap_m;
    o.surface_kmh = {settings.speed_asphalt_kmh, settings.speed_concrete_kmh,
                     settings.speed_gravel_kmh, settings.speed_earth_kmh};
    o.walk_kmh = settings.speed_walk_kmh;
    return o;
}

network build_network(layers::project& project, bool include_proposed_roads) {
    auto options = options_from(layers::read_settings(project));
    options.include_proposed_roads = include_proposed_roads;
    network_builder builder(options);
    // Sizes up front: a million roads then fill their arrays without regrowing them.
    const auto roads = project.db().query_int("SELECT count(*) FROM roads").value_or(0);
    builder.reserve(static_cast<std::size_t>(roads), static_cast<std::size_t>(roads) * 2);
    layers::for_each_road(project, [&](const layers::road& r) { builder.add_road(r); });
    return builder.build(layers::read_villages(project), layers::read_facilities(project),
                         layers::read_households(project), layers::read_fords(project),
                         layers::read_bridges(project), layers::read_hazard_zones(project),
                         layers::read_candidate_projects(project));
}

} // namespace allseason::routing
