// Routing at scale (issue 5, item 7): network build and `cutoff` end to end (open the project,
// build the network, evaluate the scenario, answer) on generated grids of 10k, 100k and 1M
// road segments. Projects are cached in $ALLSEASON_BENCH_DIR (default /tmp/allseason-bench).
#include "bench/route_instance.hpp"
#include "layers/project.hpp"
#include "routing/cutoff.hpp"

#include <benchmark/benchmark.h>
#include <cstdlib>
#include <sys/resource.h>

namespace {

std::filesystem::path instance(std::int64_t segments) {
    const char* dir = std::getenv("ALLSEASON_BENCH_DIR");
    const std::filesystem::path base = dir ? dir : "/tmp/allseason-bench";
    std::filesystem::create_directories(base);
    const auto path = base / ("grid-" + std::to_string(segments) + ".sqlite");
    allseason::bench::make_route_instance(path, static_cast<std::uint64_t>(segments));
    return path;
}

double peak_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void network_build(benchmark::State& state) {
    const auto path = instance(state.range(0));
    std::size_t edges = 0;
    for (auto _ : state) {
        auto project = allseason::layers::project::open(path, false);
        const auto net = allseason::routing::load_network(project);
        edges = net.edge_count();
        benchmark::DoNotOptimize(edges);
    }
    state.counters["edges"] = static_cast<double>(edges);
    state.counters["us_per_segment"] = benchmark::Counter(
        static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate |
                                                 benchmark::Counter::kInvert);
    state.counters["peak_MB"] = peak_mb();
}

void cutoff_end_to_end(benchmark::State& state) {
    const auto path = instance(state.range(0));
    std::int64_t cut = 0;
    for (auto _ : state) {
        auto project = allseason::layers::project::open(path, false);
        const auto net = allseason::routing::load_network(project);
        const allseason::routing::routing_graph graph(net);
        const auto rules = allseason::routing::scenario_rules::from(
            allseason::layers::read_scenario(project, "rainy"));
        const auto answer = allseason::routing::compute_cutoff(
            graph, rules, allseason::routing::destination::commune_centre);
        cut = answer.summary.villages_cut_off;
        benchmark::DoNotOptimize(cut);
    }
    state.counters["villages_cut_off"] = static_cast<double>(cut);
    state.counters["peak_MB"] = peak_mb();
}

} // namespace

BENCHMARK(network_build)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(cutoff_end_to_end)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
