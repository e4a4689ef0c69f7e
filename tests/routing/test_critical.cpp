// critical and the graph searches against known answers: the pgRouting manual's sample network
// and, on OpenStreetMap's Andorra, a second simple computation (remove each edge, search again).
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "geo/gdal.hpp"
#include "geo/proj.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <fstream>
#include <queue>
#include <set>

using namespace allseason;

namespace {

const std::filesystem::path shared_data = std::filesystem::path(ALLSEASON_SOURCE_DIR) / ".." / "shared" / "data";

struct pg_edge {
    int id;
    std::vector<geo::xy> points;
};

std::vector<pg_edge> read_pgrouting_edges(const std::filesystem::path& file) {
    geo::gdal_initialise();
    auto ds = geo::vector_dataset::open(file);
    auto layer = ds.layer(0);
    std::vector<pg_edge> out;
    while (auto f = layer.next_feature()) {
        out.push_back({static_cast<int>(f->get_int(f->field_index("id"))),
                       layers::wkb_coordinates(*f->geometry_wkb())});
    }
    return out;
}

std::map<int, geo::xy> read_pgrouting_vertices(const std::filesystem::path& file) {
    auto ds = geo::vector_dataset::open(file);
    auto layer = ds.layer(0);
    std::map<int, geo::xy> out;
    while (auto f = layer.next_feature()) {
        out[static_cast<int>(f->get_int(f->field_index("id")))] =
            layers::wkb_coordinates(*f->geometry_wkb()).front();
    }
    return out;
}

geo::xy along(const pg_edge& e, double t) {
    return {e.points.front().x + t * (e.points.back().x - e.points.front().x),
            e.points.front().y + t * (e.points.back().y - e.points.front().y)};
}

// The sample network as a project: one road per edge (code = edge id), exact noding
// (snap_m 0: vertex 4 lies 1e-12 from edge 14 and must stay apart, as in the manual).
test::map_project pgrouting_project(const std::filesystem::path& path,
                                    const std::vector<pg_edge>& edges) {
    test::map_project p(path, test::ascii_map(""));
    p.setting("snap_m", 0);
    for (const auto& e : edges) p.road_points(std::to_string(e.id), e.points);
    // A village a third of the way along every edge.
    for (const auto& e : edges) {
        const auto at = along(e, 1.0 / 3.0);
        p.village(fmt::format("E{}", e.id), fmt::format("Thôn {}", e.id), 1, at, at, 0.05);
    }
    return p;
}

} // namespace

TEST_CASE("pgRouting sample network: components, bridges, articulation points", "[routing]") {
    const auto dir_data = shared_data / "pgrouting";
    if (!std::filesystem::exists(dir_data / "pgrouting_sample_edges.geojson")) {
        WARN("skipped: " << dir_data << " is absent");
        return;
    }
    nlohmann::json expected;
    std::ifstream(dir_data / "pgrouting_sample_expected.json") >> expected;
    const auto edges = read_pgrouting_edges(dir_data / "pgrouting_sample_edges.geojson");
    const auto vertices = read_pgrouting_vertices(dir_data / "pgrouting_sample_vertices.geojson");
    std::map<int, const pg_edge*> by_id;
    for (const auto& e : edges) by_id[e.id] = &e;
    test::temp_dir dir;

    SECTION("connected components (pgr_connectedComponents)") {
        auto p = pgrouting_project(dir / "cc.sqlite", edges);
        const auto net = routing::load_network(p.project());
        const routing::routing_graph graph(net);
        std::uint32_t count = 0;
        const auto comp = graph.components(routing::scenario_state(net, routing::scenario_rules::dry()), count);
        auto node_at = [&](geo::xy q) {
            for (std::uint32_t n = 0; n < net.node_count(); ++n) {
                if (net.node_points[n] == q) return n;
            }
            FAIL("no node at " << q.x << " " << q.y);
            return 0u;
        };
        // Same component exactly when pgRouting says so.
        std::map<int, int> component_of;
        for (const auto& [cid, members] : expected["pgr_connectedComponents"]["components"].items()) {
            for (int v : members) component_of[v] = std::stoi(cid);
        }
        for (const auto& [a, pa] : vertices) {
            for (const auto& [b, pb] : vertices) {
                INFO("vertices " << a << " and " << b);
                CHECK((comp[node_at(pa)] == comp[node_at(pb)]) ==
                      (component_of.at(a) == component_of.at(b)));
            }
        }
    }

    SECTION("bridges (pgr_bridges) are the road elements critical reports") {
        auto p = pgrouting_project(dir / "bridges.sqlite", edges);
        p.facility("UBND1", "commune_centre", along(*by_id.at(9), 2.0 / 3.0));
        p.facility("UBND2", "commune_centre", vertices.at(2));
        p.facility("UBND13", "commune_centre", vertices.at(13));
        std::set<int> found;
        const auto net = routing::load_network(p.project());
        const routing::routing_graph graph(net);
        for (const auto& el : routing::compute_critical(graph, routing::destination::commune_centre).elements) {
            REQUIRE(el.layer == routing::element_layer::roads);
            found.insert(std::stoi(el.code));
        }
        const auto want = expected["pgr_bridges"]["edges"].get<std::set<int>>();
        CHECK(found == want);
    }

    SECTION("articulation points (pgr_articulationPoints) are the critical fords") {
        auto p = pgrouting_project(dir / "cut.sqlite", edges);
        for (int e : {9, 17, 18}) {
            p.facility(fmt::format("UBND{}", e), "commune_centre", along(*by_id.at(e), 2.0 / 3.0));
        }
        for (const auto& [id, at] : vertices) p.ford(fmt::format("{}", id), at, 1.0);
        std::set<int> found;
        const auto net = routing::load_network(p.project());
        const routing::routing_graph graph(net);
        for (const auto& el : routing::compute_critical(graph, routing::destination::commune_centre).elements) {
            if (el.layer == routing::element_layer::fords) found.insert(std::stoi(el.code));
        }
        const auto want = expected["pgr_articulationPoints"]["nodes"].get<std::set<int>>();
        CHECK(found == want);
    }
}

TEST_CASE("critical on Andorra's roads matches removing each edge and searching again",
          "[routing]") {
    const auto pbf = shared_data / "osm" / "andorra.osm.pbf";
    if (!std::filesystem::exists(pbf)) {
        WARN("skipped: " << pbf << " is absent");
        return;
    }
    geo::gdal_initialise();
    test::temp_dir dir;
    test::map_project p(dir / "andorra.sqlite", test::ascii_map(""));
    const geo::transformation to_utm(geo::crs::from_user_text("EPSG:4326"),
                                     geo::crs::from_user_text("EPSG:32648"));
    {
        auto ds = geo::vector_dataset::open(pbf);
        auto lines = ds.layer("lines");
        geo::transaction tx(p.project().db());
        int n = 0;
        while (auto f = lines.next_feature()) {
            const int h = f->field_index("highway");
            if (h < 0 || f->is_null(h)) continue;
            auto pts = layers::wkb_coordinates(*f->geometry_wkb());
            to_utm.apply(pts);
            p.road_points(fmt::format("w{}", f->fid()), pts);
            if (++n % 7 == 0) {
                const auto at = pts[pts.size() / 2];
                p.village(fmt::format("V{}", n), "Thôn", n % 13 + 1, at, at, 5);
            }
            if (n == 1) p.facility("UBND", "commune_centre", pts.front());
        }
        tx.commit();
    }
    const auto net = routing::load_network(p.project());
    const routing::routing_graph graph(net);
    const auto answer = routing::compute_critical(graph, routing::destination::commune_centre);
    std::map<std::uint32_t, std::int64_t> ours; // road edge → households isolated
    for (const auto& el : answer.elements) {
        for (auto e : el.edges) ours[e.value] = el.households_isolated;
    }
    REQUIRE(!ours.empty());

    // The simple computation: drop one edge, breadth-first search from the destination.
    const routing::scenario_state dry(net, routing::scenario_rules::dry());
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> adj(net.node_count());
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!dry.edge_open(routing::edge_id{e})) continue;
        adj[net.edges[e].a.value].emplace_back(net.edges[e].b.value, e);
        adj[net.edges[e].b.value].emplace_back(net.edges[e].a.value, e);
    }
    const auto sources = routing::destination_nodes(net, routing::destination::commune_centre);
    auto households_reached = [&](std::uint32_t without) {
        std::vector<bool> seen(net.node_count(), false);
        std::queue<std::uint32_t> q;
        for (auto s : sources) {
            seen[s.value] = true;
            q.push(s.value);
        }
        while (!q.empty()) {
            const auto u = q.front();
            q.pop();
            for (auto [w, e] : adj[u]) {
                if (e == without || seen[w]) continue;
                seen[w] = true;
                q.push(w);
            }
        }
        std::int64_t total = 0;
        for (const auto& pl : net.places) {
            if (pl.kind == routing::place_kind::village && pl.node.valid() && seen[pl.node.value]) {
                total += net.villages[pl.index].households.value_or(0);
            }
        }
        return total;
    };
    const auto all = households_reached(routing::no_index);
    // A subset: every critical edge we found, and every 5th road edge of the network.
    std::set<std::uint32_t> subset;
    for (const auto& [e, h] : ours) subset.insert(e);
    for (std::uint32_t e = 0; e < net.edge_count(); e += 5) {
        if (net.edges[e].kind == routing::edge_kind::road) subset.insert(e);
    }
    std::size_t compared = 0;
    for (auto e : subset) {
        const auto isolated = all - households_reached(e);
        const auto it = ours.find(e);
        INFO("edge " << e << " of road " << net.road_code(net.edges[e].road));
        CHECK((it == ours.end() ? 0 : it->second) == isolated);
        ++compared;
    }
    CHECK(compared > 300);
}
