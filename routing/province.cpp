#include "routing/province.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <tuple>
#include <unordered_map>

namespace allseason::routing {

namespace {

constexpr double dong_per_million = 1e6;

province_project project_row(const std::string& schema, const layers::candidate_project& p,
                             const ranked_project* ranked) {
    province_project row;
    row.schema = schema;
    row.code = p.code;
    row.name = p.name;
    row.kind = p.kind;
    row.status = p.status;
    row.cost_million_vnd = p.cost_million_vnd;
    if (ranked) {
        row.households_unflooded = ranked->households_unflooded;
        row.villages_unflooded = ranked->villages_unflooded;
        row.conflicts = ranked->conflicts;
    }
    row.households_per_billion_vnd =
        households_per_billion(row.households_unflooded, row.cost_million_vnd);
    return row;
}

// Free projects that unflood someone are worth more per đồng than any other.
bool ranks_before(const province_project& a, const province_project& b) {
    const auto value = [](const province_project& p) {
        if (p.households_per_billion_vnd) {
            return *p.households_per_billion_vnd;
        }
        return p.households_unflooded > 0 ? HUGE_VAL : 0.0;
    };
    if (value(a) != value(b)) {
        return value(a) > value(b);
    }
    if (a.households_unflooded != b.households_unflooded) {
        return a.households_unflooded > b.households_unflooded;
    }
    if (a.cost_million_vnd != b.cost_million_vnd) {
        return a.cost_million_vnd < b.cost_million_vnd;
    }
    return std::tie(a.schema, a.code) < std::tie(b.schema, b.code);
}

} // namespace

commune_valuation value_commune(std::string schema, std::string name, const routing_graph& today,
                                const routing_graph& proposed, const scenario_rules& rules,
                                destination to, const std::vector<layers::reserve_zone>& reserves,
                                const rank_options& options) {
    rank_options alone = options;
    alone.budget_million_vnd.reset(); // the portfolio is the province's
    ranking_graph ranking;
    const auto answer = compute_ranking(proposed, rules, to, reserves, alone, &ranking);
    std::unordered_map<std::uint32_t, const ranked_project*> by_network_index;
    for (const auto& r : answer.projects) {
        by_network_index[r.project] = &r;
    }
    commune_valuation out;
    out.schema = std::move(schema);
    out.name = std::move(name);
    out.summary = compute_cutoff(today, rules, to, {false, nullptr}).summary;
    for (auto index : ranking.projects) {
        const auto found = by_network_index.find(index);
        out.projects.push_back(
            project_row(out.schema, proposed.net().projects[index],
                        found == by_network_index.end() ? nullptr : found->second));
    }
    out.graph = std::move(ranking.graph);
    return out;
}

province_answer combine_province(std::vector<commune_valuation> communes,
                                 const std::optional<double>& budget_million_vnd,
                                 std::string scenario, destination to) {
    if (budget_million_vnd && *budget_million_vnd < 0) {
        throw usage_error(fmt::format("--budget {} is negative; give the money available in "
                                      "million VND",
                                      *budget_million_vnd));
    }
    province_answer answer;
    answer.scenario = std::move(scenario);
    answer.to = to;
    std::vector<component_graph> graphs;
    for (auto& c : communes) {
        answer.projects.insert(answer.projects.end(), c.projects.begin(), c.projects.end());
        graphs.push_back(std::move(c.graph));
        c.graph = {};
    }
    // `answer.projects` is now in merged-graph order: the portfolio's indices name it.
    std::optional<portfolio_result> best;
    if (budget_million_vnd) {
        const portfolio_model model(merge_component_graphs(graphs));
        portfolio_options po;
        po.budget_vnd = std::llround(*budget_million_vnd * dong_per_million);
        best = model.best_portfolio(po);
        for (auto i : best->projects) {
            answer.projects[i].in_portfolio = true;
        }
    }
    std::stable_sort(answer.projects.begin(), answer.projects.end(), ranks_before);
    for (std::size_t k = 0; k < answer.projects.size(); ++k) {
        answer.projects[k].rank = static_cast<int>(k) + 1;
    }
    if (best) {
        province_portfolio p;
        p.budget_million_vnd = *budget_million_vnd;
        p.method = best->method;
        p.households_unflooded = best->households;
        for (std::size_t k = 0; k < answer.projects.size(); ++k) {
            if (answer.projects[k].in_portfolio) {
                p.projects.push_back(k);
                p.cost_million_vnd += answer.projects[k].cost_million_vnd;
            }
        }
        answer.portfolio = std::move(p);
    }
    answer.communes = std::move(communes);
    return answer;
}

} // namespace allseason::routing
