#include "routing/cutoff.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>

namespace allseason::routing {

std::vector<node_id> require_destination(const network& net, destination to) {
    auto sources = destination_nodes(net, to);
    if (!sources.empty())
        return sources;
    if (to == destination::highway) {
        throw data_error("no road of class national joins the network, so no village can reach "
                         "the highway; import the national roads or choose another --to");
    }
    bool exists = false;
    for (const auto& f : net.facilities)
        exists = exists || f.kind == to_string(to);
    throw data_error(fmt::format(
        fmt::runtime(
            exists ? "no facility of kind {} lies within access_m ({} m) of a road; check their "
                     "positions (allseason check)"
                   : "the project has no facility of kind {} (access_m {} m); import facilities "
                     "with that kind or choose another --to"),
        to_string(to), net.options.access_m));
}

namespace {

// The elements on the route from `node` to its source in the fewest-closures search.
std::vector<element> route_elements(const network& net, const scenario_state& scenario,
                                    const closure_paths& paths, node_id node) {
    std::set<element> found;
    for (std::size_t guard = 0; guard <= net.edge_count(); ++guard) {
        for (auto el : scenario.node_elements(node))
            found.insert(el);
        const auto e = paths.towards_source[node.value];
        if (!e.valid())
            break;
        if (auto el = scenario.edge_element(e))
            found.insert(*el);
        const auto& ed = net.edges[e.value];
        node = ed.a == node ? ed.b : ed.a;
    }
    return {found.begin(), found.end()};
}

blocking_element blocking(const network& net, element el) {
    blocking_element b;
    b.layer = el.layer;
    b.code = element_code(net, el);
    b.name = element_name(net, el);
    if (el.layer == element_layer::fords) {
        const auto& f = net.fords[el.index];
        const auto basis = layers::depth_basis(f);
        if (basis != "measured")
            b.depth = std::string(basis);
        b.derived = f.derived;
    }
    return b;
}

std::int64_t fords_closed_unknown_depth(const network& net, const scenario_state& scenario) {
    std::int64_t count = 0;
    for (std::uint32_t c = 0; c < net.crossings.size(); ++c) {
        const auto& cr = net.crossings[c];
        if (cr.layer == crossing_layer::fords && cr.node.valid() && scenario.crossing_closed(c) &&
            layers::depth_basis(net.fords[cr.index]) == "unknown")
            ++count;
    }
    return count;
}

std::optional<double> minutes_or_null(double value) {
    if (value == unreachable)
        return std::nullopt;
    return value;
}

} // namespace

cutoff_answer compute_cutoff(const routing_graph& graph, const scenario_rules& rules,
                             destination to, const cutoff_request& request) {
    const network& net = graph.net();
    const auto sources = require_destination(net, to);
    // The dry scenario only when it is searched here (a sweep passes its dry answer in).
    std::optional<scenario_state> dry;
    auto dry_state = [&]() -> const scenario_state& {
        if (!dry)
            dry.emplace(net, scenario_rules::dry());
        return *dry;
    };
    const scenario_state scenario(net, rules);
    auto search = [&](const scenario_state& state) {
        return request.times_and_blockers ? graph.travel_minutes(state, sources)
                                          : graph.reach(state, sources);
    };
    std::vector<double> own_dry;
    if (!request.dry)
        own_dry = search(dry_state());
    const auto& dry_min = request.dry ? *request.dry : own_dry;
    const auto min = rules.name == "dry" ? dry_min : search(scenario);
    std::optional<closure_paths> paths; // only searched when something is cut off

    std::map<std::string, std::uint32_t> village_index;
    for (std::uint32_t v = 0; v < net.villages.size(); ++v)
        village_index[net.villages[v].code] = v;
    std::vector<std::vector<std::uint32_t>> places_of(net.villages.size());
    for (std::uint32_t p = 0; p < net.places.size(); ++p) {
        const auto& pl = net.places[p];
        if (pl.kind == place_kind::village)
            places_of[pl.index].push_back(p);
        if (pl.kind == place_kind::household) {
            auto it = village_index.find(net.households[pl.index].village_code);
            if (it != village_index.end())
                places_of[it->second].push_back(p);
        }
    }

    cutoff_answer answer;
    answer.scenario = rules.name;
    answer.to = to;
    for (std::uint32_t v = 0; v < net.villages.size(); ++v) {
        const auto& village = net.villages[v];
        village_cutoff out;
        out.village = v;
        const bool by_household =
            !places_of[v].empty() && net.places[places_of[v].front()].kind == place_kind::household;
        out.households =
            by_household ? static_cast<std::int64_t>(places_of[v].size()) : village.households;
        out.ethnic_minority_households = village.ethnic_minority_households;
        if (by_household) {
            out.ethnic_minority_households = 0;
            for (auto p : places_of[v]) {
                out.ethnic_minority_households +=
                    net.households[net.places[p].index].ethnic_minority;
            }
        }
        std::set<element> blocked;
        double worst_dry = -1, worst = -1;
        bool any_reach = false, any_cut = false;
        for (auto p : places_of[v]) {
            const auto& pl = net.places[p];
            const std::int64_t weight = by_household ? 1 : village.households.value_or(0);
            if (!pl.node.valid()) {
                out.households_without_road += weight;
                continue;
            }
            out.has_road_access = true;
            const double d_dry = dry_min[pl.node.value], d = min[pl.node.value];
            if (d_dry != unreachable) {
                out.reachable_dry = true;
                worst_dry = std::max(worst_dry, d_dry);
            }
            if (d != unreachable) {
                any_reach = true;
                worst = std::max(worst, d);
            }
            if (d_dry != unreachable && d == unreachable) {
                out.households_cut_off += weight;
                any_cut = true;
                if (!request.times_and_blockers)
                    continue;
                if (!paths)
                    paths = graph.fewest_closures(dry_state(), scenario, sources);
                for (auto el : route_elements(net, scenario, *paths, pl.node))
                    blocked.insert(el);
            }
        }
        // Judged by places, not counts: a village of unknown households is still cut off.
        out.reachable = any_reach && !any_cut;
        if (out.reachable_dry)
            out.travel_min_dry = minutes_or_null(worst_dry);
        if (out.reachable)
            out.travel_min = minutes_or_null(worst);
        for (auto el : blocked) {
            out.blocked_by.push_back(blocking(net, el));
        }
        std::sort(out.blocked_by.begin(), out.blocked_by.end(), [](const auto& a, const auto& b) {
            return std::pair(to_string(a.layer), a.code) < std::pair(to_string(b.layer), b.code);
        });
        answer.summary.villages += 1;
        answer.summary.villages_cut_off += out.cut_off() ? 1 : 0;
        answer.summary.households += out.households.value_or(0);
        answer.summary.villages_households_unknown += out.households ? 0 : 1;
        answer.summary.households_cut_off += out.households_cut_off;
        answer.summary.households_without_road += out.households_without_road;
        answer.villages.push_back(std::move(out));
    }
    answer.summary.fords_closed_unknown_depth = fords_closed_unknown_depth(net, scenario);
    return answer;
}

} // namespace allseason::routing
