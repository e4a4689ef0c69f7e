// The contracted scenario network that ranking evaluates projects on.
#include "routing/map_project.hpp"
#include "support/temp_dir.hpp"

#include "routing/contraction.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <numeric>

using namespace allseason;

namespace {

// Whether the village's node joins the centre's once the links of `codes` are open.
bool joined_with(const routing::network& net, const routing::contracted_network& c,
                 const std::vector<std::string>& codes) {
    std::vector<std::uint32_t> parent(c.component_count);
    std::iota(parent.begin(), parent.end(), 0u);
    std::function<std::uint32_t(std::uint32_t)> find = [&](std::uint32_t x) {
        return parent[x] == x ? x : parent[x] = find(parent[x]);
    };
    for (const auto& l : c.links) {
        const auto code = routing::element_code(net, l.opened_by);
        if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
            parent[find(l.a)] = find(l.b);
        }
    }
    routing::node_id village, centre;
    for (const auto& pl : net.places) {
        if (pl.kind == routing::place_kind::village) village = pl.node;
        if (pl.kind == routing::place_kind::facility &&
            net.facilities[pl.index].kind == "commune_centre") {
            centre = pl.node;
        }
    }
    return find(c.node_component[village.value]) == find(c.node_component[centre.value]);
}

} // namespace

TEST_CASE("contraction: two fords in series on an earth road need all three works",
          "[routing]") {
    test::temp_dir dir;
    const test::ascii_map map(R"(
A...X.....Y...V
)");
    test::map_project p(dir / "c.sqlite", map);
    p.road("R1", "AV", "earth");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NT", "Nà Trắng", 30, {1400, 150}, map.at('V'));
    p.ford("F1", map.at('X'), 0.8).ford("F2", map.at('Y'), 0.5);
    const auto net = routing::load_network(p.project());
    const routing::scenario_state rainy(
        net, routing::scenario_rules::from(layers::read_scenario(p.project(), "rainy")));
    const auto c = routing::contract(net, rainy);
    CHECK_FALSE(joined_with(net, c, {}));
    CHECK_FALSE(joined_with(net, c, {"F1", "F2"}));
    CHECK_FALSE(joined_with(net, c, {"F1", "R1"}));
    CHECK(joined_with(net, c, {"F1", "F2", "R1"}));
    CHECK(c.links_left_out == 0);
    // Far fewer components than nodes would matter at scale; here: every closed piece apart.
    CHECK(c.component_count <= net.node_count() + 4);
}

TEST_CASE("contraction: a proposed new road is a link of its project", "[routing]") {
    test::temp_dir dir;
    const test::ascii_map map(R"(
A.....X.....V
)");
    test::map_project p(dir / "n.sqlite", map);
    p.road("R1", "AV");
    p.facility("UBND", "commune_centre", map.at('A'));
    p.village("NT", "Nà Trắng", 30, {1200, 150}, map.at('V'));
    p.ford("F1", map.at('X'), 0.8);
    p.project_row("P9", "road_new", "proposed", "LINESTRING(300 100, 300 0, 900 0, 900 100)");
    const auto net = routing::load_network(p.project(), true);
    const routing::scenario_state rainy(
        net, routing::scenario_rules::from(layers::read_scenario(p.project(), "rainy")));
    const auto c = routing::contract(net, rainy);
    CHECK_FALSE(joined_with(net, c, {}));
    CHECK(joined_with(net, c, {"P9"}));
    CHECK(joined_with(net, c, {"F1"}));
}
