// Helper of bench/route_vs_peers.sh:
//   bench_route_tool generate PROJECT SEGMENTS     write a generated grid project
//   bench_route_tool components PROJECT EDGES.csv  build the network, count the components of
//                                                  the dry network, export its noded edges
// The second prints one JSON line with our timings, so that networkx and pgRouting answer the
// same connectivity question on exactly the same noded edges.
#include "bench/route_instance.hpp"
#include "layers/project.hpp"
#include "routing/search.hpp"

#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    using clock = std::chrono::steady_clock;
    using namespace allseason;
    if (argc == 4 && std::string(argv[1]) == "generate") {
        const auto s = bench::make_route_instance(argv[2], std::stoull(argv[3]));
        std::cout << fmt::format("{{\"roads\": {}, \"fords\": {}, \"villages\": {}}}\n", s.roads,
                                 s.fords, s.villages);
        return 0;
    }
    if (argc == 4 && std::string(argv[1]) == "components") {
        const auto t0 = clock::now();
        auto project = layers::project::open(argv[2], false);
        const auto net = routing::load_network(project);
        const routing::routing_graph graph(net);
        const auto t1 = clock::now();
        const routing::scenario_state dry(net, routing::scenario_rules::dry());
        std::uint32_t count = 0;
        const auto comp = graph.components(dry, count);
        const auto t2 = clock::now();
        // Components that hold at least one road edge (places without roads are left out, as
        // they are absent from the exported edge list).
        std::vector<bool> with_edge(count, false);
        std::ofstream out(argv[3]);
        out << "id,source,target\n";
        std::size_t exported = 0;
        for (std::uint32_t e = 0; e < net.edge_count(); ++e) {
            if (!dry.edge_open(routing::edge_id{e})) continue;
            const auto& ed = net.edges[e];
            out << e + 1 << ',' << ed.a.value + 1 << ',' << ed.b.value + 1 << '\n';
            with_edge[comp[ed.a.value]] = true;
            ++exported;
        }
        const auto components = std::count(with_edge.begin(), with_edge.end(), true);
        const auto sec = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
        std::cout << fmt::format("{{\"nodes\": {}, \"edges\": {}, \"components\": {}, "
                                 "\"build_s\": {:.3f}, \"components_s\": {:.3f}}}\n",
                                 net.node_count(), exported, components, sec(t0, t1), sec(t1, t2));
        return 0;
    }
    std::cerr << "usage: bench_route_tool generate PROJECT SEGMENTS | components PROJECT EDGES.csv\n";
    return 2;
}
