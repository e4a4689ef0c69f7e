// critical and the graph searches against known answers: the pgRouting manual's sample network
// and, on OpenStreetMap's Andorra, a second simple computation (remove each edge, search again).
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "geo/gdal.hpp"
#include "geo/proj.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <queue>
#include <set>

using namespace allseason;

namespace {

const std::filesystem::path shared_data =
    std::filesystem::path(ALLSEASON_SOURCE_DIR) / ".." / "shared" / "data";

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
    for (const auto& e : edges)
        p.road_points(std::to_string(e.id), e.points);
    // A village a third of the way along every edge.
    for (const auto& e : edges) {
        const auto at = along(e, 1.0 / 3.0);
        p.village(fmt::format("E{}", e.id), fmt::format("Thôn {}", e.id), 1, at, at, 0.05);
    }
    return p;
}

// The simple computation: drop one edge, breadth-first search from the destination, count the
// households no longer reached (villages' households, or household points).
std::int64_t households_isolated_without(const routing::network& net,
                                         const routing::scenario_state& dry,
                                         std::uint32_t without) {
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> adj(net.node_count());
    for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
        if (!dry.edge_open(routing::edge_id{e}) || e == without)
            continue;
        adj[net.edges[e].a.value].emplace_back(net.edges[e].b.value, e);
        adj[net.edges[e].b.value].emplace_back(net.edges[e].a.value, e);
    }
    std::vector<bool> seen(net.node_count(), false);
    std::queue<std::uint32_t> q;
    for (auto s : routing::destination_nodes(net, routing::destination::commune_centre)) {
        seen[s.value] = true;
        q.push(s.value);
    }
    while (!q.empty()) {
        const auto u = q.front();
        q.pop();
        for (auto [w, e] : adj[u]) {
            if (seen[w])
                continue;
            seen[w] = true;
            q.push(w);
        }
    }
    std::int64_t lost = 0;
    for (const auto& pl : net.places) {
        if (!pl.node.valid() || seen[pl.node.value])
            continue;
        if (pl.kind == routing::place_kind::household)
            lost += 1;
        if (pl.kind == routing::place_kind::village) {
            lost += net.villages[pl.index].households.value_or(0);
        }
    }
    return lost;
}

// Checks `critical` against removing each edge: every road entry's households are the worst of
// its edges' breaks, its edges share one code and run through nodes of two road edges and no
// crossing; every `stride`-th other road edge isolates nothing alone. Returns edges compared.
std::size_t check_critical_by_brute_force(layers::project& project, std::uint32_t stride) {
    const auto net = routing::load_network(project);
    const routing::routing_graph graph(net);
    const auto answer = routing::compute_critical(graph, routing::destination::commune_centre);
    const routing::scenario_state dry(net, routing::scenario_rules::dry());
    const auto lost_already = households_isolated_without(net, dry, routing::no_index);
    const auto degree = net.road_degrees();
    std::set<std::uint32_t> listed;
    std::size_t compared = 0;
    for (const auto& el : answer.elements) {
        if (el.layer != routing::element_layer::roads)
            continue;
        std::int64_t worst = 0;
        std::map<std::uint32_t, int> node_uses;
        for (auto e : el.edges) {
            listed.insert(e.value);
            const auto& ed = net.edges[e.value];
            CHECK(net.road_code(ed.road) == el.code);
            ++node_uses[ed.a.value];
            ++node_uses[ed.b.value];
            worst = std::max(worst, households_isolated_without(net, dry, e.value) - lost_already);
            ++compared;
        }
        INFO("stretch of road " << el.code);
        CHECK(worst == el.households_isolated);
        for (auto [node, uses] : node_uses) {
            if (uses == 2) { // an inner node of the stretch
                CHECK(degree[node] == 2);
                CHECK(net.node_first_crossing[node] == routing::no_index);
            }
        }
    }
    for (std::uint32_t e = 0; e < net.edge_count(); e += stride) {
        if (net.edges[e].kind != routing::edge_kind::road || listed.count(e))
            continue;
        INFO("edge " << e << " of road " << net.road_code(net.edges[e].road));
        CHECK(households_isolated_without(net, dry, e) == lost_already);
        ++compared;
    }
    return compared;
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
    for (const auto& e : edges)
        by_id[e.id] = &e;
    test::temp_dir dir;

    SECTION("connected components (pgr_connectedComponents)") {
        auto p = pgrouting_project(dir / "cc.sqlite", edges);
        const auto net = routing::load_network(p.project());
        const routing::routing_graph graph(net);
        std::uint32_t count = 0;
        const auto comp =
            graph.components(routing::scenario_state(net, routing::scenario_rules::dry()), count);
        auto node_at = [&](geo::xy q) {
            for (std::uint32_t n = 0; n < net.node_count(); ++n) {
                if (net.node_points[n] == q)
                    return n;
            }
            FAIL("no node at " << q.x << " " << q.y);
            return 0u;
        };
        // Same component exactly when pgRouting says so.
        std::map<int, int> component_of;
        for (const auto& [cid, members] :
             expected["pgr_connectedComponents"]["components"].items()) {
            for (int v : members)
                component_of[v] = std::stoi(cid);
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
        for (const auto& el :
             routing::compute_critical(graph, routing::destination::commune_centre).elements) {
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
        for (const auto& [id, at] : vertices)
            p.ford(fmt::format("{}", id), at, 1.0);
        std::set<int> found;
        const auto net = routing::load_network(p.project());
        const routing::routing_graph graph(net);
        for (const auto& el :
             routing::compute_critical(graph, routing::destination::commune_centre).elements) {
            if (el.layer == routing::element_layer::fords)
                found.insert(std::stoi(el.code));
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
            if (h < 0 || f->is_null(h))
                continue;
            auto pts = layers::wkb_coordinates(*f->geometry_wkb());
            to_utm.apply(pts);
            p.road_points(fmt::format("w{}", f->fid()), pts);
            if (++n % 7 == 0) {
                const auto at = pts[pts.size() / 2];
                p.village(fmt::format("V{}", n), "Thôn", n % 13 + 1, at, at, 5);
            }
            if (n == 1)
                p.facility("UBND", "commune_centre", pts.front());
        }
        tx.commit();
    }
    CHECK(check_critical_by_brute_force(p.project(), 5) > 300);
}

TEST_CASE("critical lists road stretches: access points do not cut them, junctions and fords do",
          "[routing]") {
    test::temp_dir dir;
    // R1 runs A-J-K-F-E; R2 branches at J to B. Households join R1 between A and J, between J
    // and K, beyond the ford F; a village hangs off R2. R1's K is a bend of the same road.
    const test::ascii_map map(R"(
A.....J.....K..F.....E
......|
......B
)");
    test::map_project p(dir / "stretch.sqlite", map);
    p.road("R1", "AJ").road("R1", "JK").road("R1", "KF").road("R1", "FE");
    p.road("R2", "JB", "concrete", "village_axis", std::string("Đường Khe Đin"));
    p.facility("UBND", "commune_centre", map.at('A'));
    p.ford("F1", map.at('F'), 0.1, "Ngầm Nà Trắng");
    p.village("NT", "Nà Trắng", 0, map.at('E'), map.at('E'));
    p.village("KD", "Khe Đin", 9, map.at('B'), map.at('B'));
    p.household("NT", map.between('F', 'E', 0.5), true);
    p.household("NT", map.between('F', 'E', 0.8));
    p.household("NT", map.between('J', 'K', 0.5));
    const auto listed = test::critical_of(p);
    // Stretches: A-J (R1), J-F (R1, through the bend K and a household's access point), F-E
    // (R1), J-B (R2); the ford F1. A-J isolates everything beyond it.
    REQUIRE(listed.size() == 5);
    CHECK(listed[0] == "roads:R1 isolates 12 [KD NT]");
    CHECK(listed[1] == "roads:R2 isolates 9 [KD]");
    CHECK(listed[2] == "roads:R1 isolates 3 [NT]");
    CHECK(listed[3] == "fords:F1 isolates 2 [NT]");
    CHECK(listed[4] == "roads:R1 isolates 2 [NT]");
    CHECK(check_critical_by_brute_force(p.project(), 1) > 0);

    const auto net = routing::load_network(p.project());
    const routing::routing_graph graph(net);
    const auto answer = routing::compute_critical(graph, routing::destination::commune_centre);
    const auto& jf = answer.elements[2];
    REQUIRE(jf.from);
    REQUIRE(jf.to);
    CHECK(jf.from->x == Approx(map.at('J').x));
    CHECK(jf.to->x == Approx(map.at('F').x));
    CHECK(*jf.length_m == Approx(map.at('F').x - map.at('J').x));
}
