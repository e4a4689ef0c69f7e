// `rank`: every not-done project alone, the portfolio within a budget, the build curve, and
// what worthless-alone projects need (contract §4).
#include "routing/ranking.hpp"

#include "geo/errors.hpp"
#include "geo/geos.hpp"
#include "layers/features.hpp"
#include "routing/cutoff.hpp"
#include "routing/rank_network.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <set>

namespace allseason::routing {

std::optional<double> households_per_billion(std::int64_t households, double cost_million_vnd) {
    if (cost_million_vnd <= 0) {
        return std::nullopt;
    }
    return std::round(static_cast<double>(households) / (cost_million_vnd / 1000.0) * 100.0) /
           100.0;
}

namespace {

constexpr double dong_per_million = 1e6;

// "reserve_core:<name>" for each core zone the project's point or line enters.
std::vector<std::vector<std::string>>
reserve_conflicts(const network& net, const std::vector<std::uint32_t>& projects,
                  const std::vector<layers::reserve_zone>& reserves) {
    std::vector<std::vector<std::string>> out(projects.size());
    const geo::geos_context ctx;
    std::vector<geo::geometry> cores;
    std::vector<std::string> names;
    for (const auto& z : reserves) {
        if (z.zone == "core" && !z.geom.empty()) {
            cores.push_back(ctx.from_wkb(z.geom));
            names.push_back(z.name);
        }
    }
    std::vector<geo::prepared_geometry> prepared;
    prepared.reserve(cores.size());
    for (const auto& c : cores) {
        prepared.emplace_back(c);
    }
    for (std::size_t i = 0; i < projects.size(); ++i) {
        const auto& p = net.projects[projects[i]];
        if (p.points.empty() || prepared.empty()) {
            continue;
        }
        const auto shape = p.is_line() ? ctx.line(p.points) : ctx.point(p.points.front());
        std::set<std::string> hit;
        for (std::size_t z = 0; z < prepared.size(); ++z) {
            if (prepared[z].intersects(shape)) {
                hit.insert("reserve_core:" + names[z]);
            }
        }
        out[i].assign(hit.begin(), hit.end());
    }
    return out;
}

std::vector<std::string> village_codes(const network& net, const detail::rank_network& rn,
                                       const std::vector<std::size_t>& places) {
    std::set<std::string> codes;
    for (auto p : places) {
        codes.insert(net.villages[rn.place_village[p]].code);
    }
    return {codes.begin(), codes.end()};
}

// Every village reconnected, of known households or not, sorted and once each.
std::vector<std::string> merged(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
    std::set<std::string> all(a.begin(), a.end());
    all.insert(b.begin(), b.end());
    return {all.begin(), all.end()};
}

// The places among `places` of villages of unknown households (a reached component can hold
// villages of both kinds).
std::vector<std::size_t> unknown_only(const detail::rank_network& rn,
                                      const std::vector<std::size_t>& places) {
    std::vector<std::size_t> out;
    for (auto p : places) {
        if (rn.place_households_unknown[p])
            out.push_back(p);
    }
    return out;
}

// The same network with only the villages of unknown households weighing 1: which of them a
// project or a set reconnects (with weight 0 they would be pruned from the ranking graph).
std::optional<portfolio_model> unknown_households_model(const detail::rank_network& rn) {
    auto graph = rn.graph;
    bool any = false;
    for (std::size_t i = 0; i < graph.places.size(); ++i) {
        const bool unknown = rn.place_households_unknown[i];
        graph.places[i].households = unknown ? 1 : 0;
        any = any || unknown;
    }
    if (!any)
        return std::nullopt;
    return portfolio_model(std::move(graph));
}

struct contracted_ranking {
    detail::rank_network rn;
    std::vector<std::vector<std::string>> conflicts; // per rn project
};

// Today's network contracted for ranking, with the reserve rule deciding which projects may
// enter portfolios.
contracted_ranking contract(const routing_graph& graph, const scenario_rules& rules, destination to,
                            const std::vector<layers::reserve_zone>& reserves,
                            const rank_options& options) {
    if (options.budget_million_vnd && *options.budget_million_vnd < 0) {
        throw usage_error(fmt::format("--budget {} is negative; give the money available in "
                                      "million VND",
                                      *options.budget_million_vnd));
    }
    const network& net = graph.net();
    const auto sources = require_destination(net, to);
    const scenario_state today(net, rules);
    contracted_ranking out{
        options.by_household_days
            ? detail::contract_by_days(graph, today, sources, options.closure_days)
            : detail::contract_for_ranking(graph, today, sources),
        {}};
    out.conflicts = reserve_conflicts(net, out.rn.projects, reserves);
    for (std::size_t i = 0; i < out.rn.projects.size(); ++i) {
        out.rn.graph.projects[i].in_portfolios = out.conflicts[i].empty() || options.allow_reserve;
    }
    return out;
}

} // namespace

rank_answer compute_ranking(const routing_graph& graph, const scenario_rules& rules, destination to,
                            const std::vector<layers::reserve_zone>& reserves,
                            const rank_options& options, ranking_graph* valued_on) {
    const network& net = graph.net();
    auto [rn, conflicts] = contract(graph, rules, to, reserves, options);
    const portfolio_model model(rn.graph);
    const auto singles = model.singles();
    const auto unknown_model = unknown_households_model(rn);
    const auto unknown_singles =
        unknown_model ? unknown_model->singles() : std::vector<single_benefit>{};

    rank_answer answer;
    answer.scenario = rules.name;
    answer.to = to;
    answer.by_household_days = options.by_household_days;
    answer.households_unreached = model.unreached_households();
    std::vector<std::size_t> zero;
    for (std::size_t i = 0; i < rn.projects.size(); ++i) {
        const auto& p = net.projects[rn.projects[i]];
        ranked_project r;
        r.project = rn.projects[i];
        r.notes = rn.notes[i];
        r.households_unflooded = singles[i].households;
        r.villages_unflooded = village_codes(net, rn, singles[i].places);
        if (unknown_model) {
            r.villages_households_unknown =
                village_codes(net, rn, unknown_only(rn, unknown_singles[i].places));
            r.villages_unflooded = merged(r.villages_unflooded, r.villages_households_unknown);
        }
        if (!r.villages_households_unknown.empty()) {
            r.notes.push_back(
                fmt::format("reconnects {} village(s) of unknown households, not counted in "
                            "households_unflooded: {}",
                            r.villages_households_unknown.size(),
                            fmt::join(r.villages_households_unknown, ", ")));
        }
        r.households_per_billion_vnd =
            households_per_billion(r.households_unflooded, p.cost_million_vnd);
        r.conflicts = conflicts[i];
        answer.projects.push_back(std::move(r));
        if (singles[i].households == 0 && model.relevant(i)) {
            zero.push_back(i);
        }
    }
    // Rank: households descending, then cost ascending, then code (contract §4).
    std::vector<std::size_t> order(rn.projects.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    auto project_of = [&](std::size_t i) -> const layers::candidate_project& {
        return net.projects[rn.projects[i]];
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto ha = singles[a].households;
        const auto hb = singles[b].households;
        if (ha != hb) {
            return ha > hb;
        }
        const auto ca = project_of(a).cost_million_vnd;
        const auto cb = project_of(b).cost_million_vnd;
        if (ca != cb) {
            return ca < cb;
        }
        return project_of(a).code < project_of(b).code;
    });
    std::vector<int> rank_of(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        rank_of[order[k]] = static_cast<int>(k) + 1;
        answer.projects[order[k]].rank = static_cast<int>(k) + 1;
    }
    auto codes = [&](std::vector<std::size_t> set) {
        std::sort(set.begin(), set.end(),
                  [&](std::size_t a, std::size_t b) { return rank_of[a] < rank_of[b]; });
        std::vector<std::string> out;
        for (auto i : set) {
            out.push_back(project_of(i).code);
        }
        return out;
    };

    const auto partners = model.partners_of(zero);
    for (std::size_t k = 0; k < zero.size(); ++k) {
        if (partners[k]) {
            auto& r = answer.projects[zero[k]];
            r.needs = codes(partners[k]->partners);
            r.households_with_needs = partners[k]->households;
            r.cost_with_needs_million_vnd =
                static_cast<double>(partners[k]->cost_vnd) / dong_per_million;
        }
    }
    if (options.budget_million_vnd) {
        portfolio_options po;
        po.budget_vnd = std::llround(*options.budget_million_vnd * dong_per_million);
        const auto best = model.best_portfolio(po);
        rank_portfolio out;
        out.budget_million_vnd = *options.budget_million_vnd;
        out.method = best.method;
        out.projects = codes(best.projects);
        for (auto i : best.projects) {
            out.cost_million_vnd += project_of(i).cost_million_vnd;
            answer.projects[i].in_portfolio = true;
        }
        out.households_unflooded = best.households;
        out.villages_unflooded = village_codes(net, rn, model.reached_places(best.projects));
        if (unknown_model) {
            out.villages_households_unknown = village_codes(
                net, rn, unknown_only(rn, unknown_model->reached_places(best.projects)));
            out.villages_unflooded =
                merged(out.villages_unflooded, out.villages_households_unknown);
        }
        answer.portfolio = std::move(out);
    }
    double cumulative_cost = 0;
    for (const auto& step : model.build_curve()) {
        rank_curve_step out;
        out.projects = codes(step.projects);
        for (auto i : step.projects) {
            out.cost_million_vnd += project_of(i).cost_million_vnd;
        }
        cumulative_cost += out.cost_million_vnd;
        out.households_unflooded = step.households;
        out.cumulative_cost_million_vnd = cumulative_cost;
        out.cumulative_households_unflooded = step.cumulative_households;
        answer.curve.push_back(std::move(out));
    }
    std::vector<ranked_project> ranked;
    for (auto i : order) {
        ranked.push_back(std::move(answer.projects[i]));
    }
    answer.projects = std::move(ranked);
    if (valued_on) {
        *valued_on = {std::move(rn.graph), std::move(rn.projects)};
    }
    return answer;
}

} // namespace allseason::routing
