// Ranking at scale (issue 6): 1,000,000 segments and 10,000 candidate projects — every single
// project's benefit (< 10 s), the heuristic portfolio (< 30 s); and the exact portfolio for
// 25 interacting candidates (< 2 s). Run: build with -DALLSEASON_BUILD_BENCH=ON, then
// `bench/bench_rank --benchmark_counters_tabular=true`.
#include "bench/bench_rank_instance.hpp"
#include "routing/portfolio.hpp"

#include <benchmark/benchmark.h>

#include <memory>

namespace {

using namespace allseason;

constexpr std::uint32_t segments = 1'000'000;
constexpr std::uint32_t projects = 10'000;

const bench::network_instance& big() {
    static const auto instance = bench::make_network_instance(segments, projects, 7);
    return instance;
}

const routing::portfolio_model& big_model() {
    static const routing::portfolio_model model(big().graph);
    return model;
}

std::int64_t total_cost(const routing::component_graph& g) {
    std::int64_t sum = 0;
    for (const auto& p : g.projects) {
        sum += p.cost_vnd;
    }
    return sum;
}

void BM_prepare_component_graph(benchmark::State& state) {
    const auto& instance = big();
    for (auto _ : state) {
        routing::portfolio_model model(instance.graph);
        benchmark::DoNotOptimize(model.unreached_households());
    }
    state.counters["segments"] = instance.segments;
    state.counters["closed"] = instance.closed_segments;
    state.counters["components"] = instance.graph.component_count;
    state.counters["contraction_ms"] = instance.contraction_ms;
}

void BM_all_singles(benchmark::State& state) {
    const auto& model = big_model();
    std::int64_t useful = 0;
    for (auto _ : state) {
        const auto singles = model.singles();
        useful = 0;
        for (const auto& s : singles) {
            useful += s.households > 0 ? 1 : 0;
        }
    }
    std::int64_t relevant = 0;
    for (std::size_t p = 0; p < model.graph().projects.size(); ++p) {
        relevant += model.relevant(p) ? 1 : 0;
    }
    state.counters["projects"] = static_cast<double>(model.graph().projects.size());
    state.counters["relevant"] = static_cast<double>(relevant);
    state.counters["useful_alone"] = static_cast<double>(useful);
}

void BM_heuristic_portfolio(benchmark::State& state) {
    const auto& model = big_model();
    // state.range(0): the budget as a percentage of every project's cost together.
    const auto budget = total_cost(model.graph()) / 100 * state.range(0);
    routing::portfolio_result result;
    for (auto _ : state) {
        routing::portfolio_options options;
        options.budget_vnd = budget;
        result = model.best_portfolio(options);
    }
    state.counters["chosen"] = static_cast<double>(result.projects.size());
    state.counters["households"] = static_cast<double>(result.households);
    state.counters["unreached"] = static_cast<double>(model.unreached_households());
    state.SetLabel(result.method);
}

void BM_build_curve(benchmark::State& state) {
    const auto& model = big_model();
    std::size_t steps = 0;
    for (auto _ : state) {
        steps = model.build_curve().size();
    }
    state.counters["steps"] = static_cast<double>(steps);
}

void BM_partners_of_zero_benefit(benchmark::State& state) {
    const auto& model = big_model();
    const auto singles = model.singles();
    std::vector<std::size_t> zero;
    for (std::size_t p = 0; p < singles.size(); ++p) {
        if (singles[p].households == 0 && model.relevant(p)) {
            zero.push_back(p);
        }
    }
    std::size_t found = 0;
    for (auto _ : state) {
        found = 0;
        for (const auto& f : model.partners_of(zero)) {
            found += f ? 1 : 0;
        }
    }
    state.counters["asked"] = static_cast<double>(zero.size());
    state.counters["found"] = static_cast<double>(found);
}

void BM_exact_interacting(benchmark::State& state) {
    // state.range(0): candidates; state.range(1): the seed; the budget is 40% of all costs.
    const auto graph = bench::make_interacting_instance(static_cast<std::uint32_t>(state.range(0)),
                                                        static_cast<unsigned>(state.range(1)));
    const routing::portfolio_model model(graph);
    routing::portfolio_result result;
    for (auto _ : state) {
        routing::portfolio_options options;
        options.budget_vnd = total_cost(graph) / 100 * 40;
        result = model.best_portfolio(options);
    }
    state.counters["candidates"] = static_cast<double>(result.candidates);
    state.counters["nodes"] = static_cast<double>(result.nodes_explored);
    state.counters["households"] = static_cast<double>(result.households);
    // How close the heuristic alone comes on the same instance.
    const auto heuristic = model.heuristic_portfolio(total_cost(graph) / 100 * 40);
    state.counters["heuristic_households"] = static_cast<double>(heuristic.households);
    state.SetLabel(result.method);
}

} // namespace

BENCHMARK(BM_prepare_component_graph)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_all_singles)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_heuristic_portfolio)->Arg(5)->Arg(25)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_build_curve)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_partners_of_zero_benefit)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_exact_interacting)
    ->ArgsProduct({{25}, benchmark::CreateDenseRange(1, 8, 1)})
    ->ArgsProduct({{35, 45}, {1, 2, 3}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

BENCHMARK_MAIN();
