// `risk`: isolation days a year per village and household point (routing/risk.hpp).
#include "routing/risk.hpp"

#include "routing/cutoff.hpp" // require_destination
#include "routing/risk_search.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace allseason::routing {

place_isolation isolation_days(const network& net, const closure_days& days,
                               const std::vector<node_id>& sources) {
    return detail::bottleneck_days(net, days, sources);
}

namespace {

// Per village: its places (its access point, or its household points), as cutoff groups them.
std::vector<std::vector<std::uint32_t>> places_of_villages(const network& net) {
    std::unordered_map<std::string, std::uint32_t> village_index;
    for (std::uint32_t v = 0; v < net.villages.size(); ++v)
        village_index.emplace(net.villages[v].code, v);
    std::vector<std::vector<std::uint32_t>> out(net.villages.size());
    for (std::uint32_t p = 0; p < net.places.size(); ++p) {
        const auto& pl = net.places[p];
        if (pl.kind == place_kind::village)
            out[pl.index].push_back(p);
        if (pl.kind == place_kind::household) {
            const auto it = village_index.find(net.households[pl.index].village_code);
            if (it != village_index.end())
                out[it->second].push_back(p);
        }
    }
    return out;
}

bool by_households(const network& net, const std::vector<std::uint32_t>& places) {
    return !places.empty() && net.places[places.front()].kind == place_kind::household;
}

limiting_element limiting(const network& net, element el, std::uint32_t days) {
    limiting_element out{el.layer, element_code(net, el), element_name(net, el), days, {}};
    if (el.layer == element_layer::fords) {
        const auto basis = layers::depth_basis(net.fords[el.index]);
        if (basis != "measured")
            out.depth = std::string(basis);
    }
    return out;
}

// The village's days and household-days over its places that reach the destination when dry.
village_risk judge_village(const network& net, std::uint32_t v,
                           const std::vector<std::uint32_t>& places, const place_isolation& iso) {
    village_risk out;
    out.village = v;
    const bool points = by_households(net, places);
    out.households = points ? static_cast<std::int64_t>(places.size()) : net.villages[v].households;
    std::int64_t household_days = 0;
    for (auto p : places) {
        const auto& days = iso.days[p];
        if (!days)
            continue;
        out.reachable_dry = true;
        out.isolation_days_per_year = std::max(out.isolation_days_per_year.value_or(0), *days);
        household_days += points ? *days : out.households.value_or(0) * *days;
    }
    if (out.reachable_dry && out.households)
        out.household_days_per_year = household_days;
    return out;
}

// limited_by of every isolated village: per distinct worst days D, one search at level D, and
// the elements closed D days on the routes of the village's places isolated D days.
void find_limits(const network& net, const closure_days& days, const std::vector<node_id>& sources,
                 const std::vector<std::vector<std::uint32_t>>& places_of,
                 const place_isolation& iso, std::vector<village_risk>& villages) {
    std::map<std::uint32_t, std::vector<std::uint32_t>> villages_at; // D → villages
    for (auto& v : villages) {
        if (v.isolation_days_per_year.value_or(0) > 0)
            villages_at[*v.isolation_days_per_year].push_back(v.village);
    }
    if (villages_at.empty())
        return;
    const auto adj = detail::build_adjacency(net, days);
    for (const auto& [level, list] : villages_at) {
        std::vector<node_id> targets;
        for (auto v : list) {
            for (auto p : places_of[v]) {
                if (iso.days[p] == level)
                    targets.push_back(net.places[p].node);
            }
        }
        const auto towards = detail::level_routes(net, days, adj, sources, level, targets);
        for (auto v : list) {
            std::set<element> found;
            for (auto p : places_of[v]) {
                if (iso.days[p] != level)
                    continue;
                for (auto el :
                     detail::limiting_elements(net, days, towards, net.places[p].node, level))
                    found.insert(el);
            }
            for (auto el : found)
                villages[v].limited_by.push_back(limiting(net, el, level));
            std::sort(villages[v].limited_by.begin(), villages[v].limited_by.end(),
                      [](const auto& a, const auto& b) {
                          return std::pair(to_string(a.layer), a.code) <
                                 std::pair(to_string(b.layer), b.code);
                      });
        }
    }
}

} // namespace

risk_answer compute_risk(const network& net, const scenario_rules& rules, destination to,
                         const closure_day_rules& day_rules) {
    const auto sources = require_destination(net, to);
    const scenario_state scenario(net, rules);
    const auto days = compute_closure_days(scenario, day_rules);
    const auto iso = isolation_days(net, days, sources);
    const auto places_of = places_of_villages(net);

    risk_answer answer;
    answer.scenario = rules.name;
    answer.to = to;
    for (std::uint32_t v = 0; v < net.villages.size(); ++v) {
        auto village = judge_village(net, v, places_of[v], iso);
        auto& s = answer.summary;
        s.villages += 1;
        s.villages_isolated += village.isolation_days_per_year.value_or(0) > 0 ? 1 : 0;
        s.villages_unreachable_dry += village.reachable_dry ? 0 : 1;
        s.villages_households_unknown += village.households ? 0 : 1;
        s.households += village.households.value_or(0);
        s.household_days_per_year += village.household_days_per_year.value_or(0);
        answer.villages.push_back(std::move(village));
    }
    find_limits(net, days, sources, places_of, iso, answer.villages);
    for (std::uint32_t p = 0; p < net.places.size(); ++p) {
        if (net.places[p].kind == place_kind::household)
            answer.households.push_back({net.places[p].index, iso.days[p]});
    }
    return answer;
}

} // namespace allseason::routing
