// The json answers of `cutoff` and `rank` (contract §4), shared by the CLI and the web API.
#include "routing/answer_json.hpp"

#include "routing/stored_results.hpp"

#include <cmath>

namespace allseason::routing {

namespace {

// Minutes to two decimals: enough for a planner, stable across platforms.
nlohmann::json minutes_json(const std::optional<double>& value) {
    if (!value)
        return nullptr;
    return std::round(*value * 100.0) / 100.0;
}

// Null while the village's households are not known (contract §1), never a silent 0.
nlohmann::json households_json(const std::optional<std::int64_t>& households) {
    if (!households)
        return nullptr;
    return *households;
}

using ordered = nlohmann::ordered_json;

ordered amount(double value) {
    return amount_json(value);
}

ordered optional_json(const std::optional<double>& value) {
    return value ? ordered(*value) : ordered(nullptr);
}

ordered project_json(const network& net, const ranked_project& r, const value_keys& keys) {
    const auto& p = net.projects[r.project];
    ordered out = {{"rank", r.rank},
                   {"code", p.code},
                   {"name", p.name},
                   {"kind", p.kind},
                   {"cost_million_vnd", amount(p.cost_million_vnd)},
                   {keys.value, r.households_unflooded},
                   {"villages_unflooded", r.villages_unflooded},
                   {"villages_households_unknown", r.villages_households_unknown},
                   {keys.per_billion, optional_json(r.households_per_billion_vnd)},
                   {"status", p.status},
                   {"conflicts", r.conflicts},
                   {"needs", r.needs}};
    if (!r.needs.empty()) {
        out[keys.with_needs] = r.households_with_needs;
        out["cost_with_needs_million_vnd"] = amount(r.cost_with_needs_million_vnd);
    }
    if (!r.notes.empty()) {
        out["notes"] = r.notes;
    }
    return out;
}

ordered portfolio_json(const rank_portfolio& p, const value_keys& keys) {
    return {{"budget_million_vnd", amount(p.budget_million_vnd)},
            {"method", p.method},
            {"projects", p.projects},
            {"cost_million_vnd", amount(p.cost_million_vnd)},
            {keys.value, p.households_unflooded},
            {"villages_unflooded", p.villages_unflooded},
            {"villages_households_unknown", p.villages_households_unknown}};
}

} // namespace

nlohmann::json cutoff_summary_json(const cutoff_summary& s) {
    return {{"villages", s.villages},
            {"villages_cut_off", s.villages_cut_off},
            {"households", s.households},
            {"households_cut_off", s.households_cut_off},
            {"households_without_road", s.households_without_road},
            {"villages_households_unknown", s.villages_households_unknown}};
}

nlohmann::json cutoff_json(const network& net, const cutoff_answer& a, const std::string& vehicle,
                           std::optional<double> ford_depth_m) {
    nlohmann::json villages = nlohmann::json::array();
    for (const auto& v : a.villages) {
        const auto& village = net.villages[v.village];
        villages.push_back({{"code", village.code},
                            {"name", village.name},
                            {"households", households_json(v.households)},
                            {"ethnic_minority_households", v.ethnic_minority_households},
                            {"reachable_dry", v.reachable_dry},
                            {"reachable", v.reachable},
                            {"travel_min_dry", minutes_json(v.travel_min_dry)},
                            {"travel_min", minutes_json(v.travel_min)},
                            {"blocked_by", nlohmann::json::parse(blocked_by_json(v.blocked_by))}});
    }
    nlohmann::json out = {{"scenario", a.scenario},
                          {"destination", to_string(a.to)},
                          {"villages", villages},
                          {"summary", cutoff_summary_json(a.summary)}};
    if (!vehicle.empty())
        out["vehicle"] = vehicle;
    if (ford_depth_m)
        out["ford_depth_m"] = *ford_depth_m;
    return out;
}

nlohmann::json sweep_step_json(const network& net, double ford_depth_m,
                               const cutoff_answer& answer) {
    std::vector<std::string> cut;
    for (const auto& v : answer.villages) {
        if (v.cut_off())
            cut.push_back(net.villages[v.village].code);
    }
    return {{"ford_depth_m", ford_depth_m},
            {"summary", cutoff_summary_json(answer.summary)},
            {"villages_cut_off", cut}};
}

nlohmann::json sweep_json(const std::string& scenario, destination to, const std::string& vehicle,
                          nlohmann::json steps) {
    const nlohmann::json vehicle_json =
        vehicle.empty() ? nlohmann::json(nullptr) : nlohmann::json(vehicle);
    return {{"scenario", scenario},
            {"destination", to_string(to)},
            {"vehicle", vehicle_json},
            {"sweep", std::move(steps)}};
}

nlohmann::ordered_json rank_json(const network& net, const rank_answer& a) {
    const auto keys = keys_of(a);
    ordered projects = ordered::array();
    for (const auto& r : a.projects) {
        projects.push_back(project_json(net, r, keys));
    }
    ordered out = {
        {"scenario", a.scenario}, {"destination", to_string(a.to)}, {"projects", projects}};
    if (a.by_household_days) {
        out["by"] = "household_days";
    }
    if (a.portfolio) {
        out["portfolio"] = portfolio_json(*a.portfolio, keys);
    }
    ordered curve = ordered::array();
    for (const auto& s : a.curve) {
        curve.push_back({{"projects", s.projects},
                         {"cost_million_vnd", amount(s.cost_million_vnd)},
                         {keys.value, s.households_unflooded},
                         {"cumulative_cost_million_vnd", amount(s.cumulative_cost_million_vnd)},
                         {keys.cumulative, s.cumulative_households_unflooded}});
    }
    out[keys.unreached] = a.households_unreached;
    out["curve"] = curve;
    return out;
}

ordered amount_json(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

value_keys keys_of(const rank_answer& a) {
    if (a.by_household_days) {
        return {"household_days_avoided", "household_days_per_billion_vnd",
                "household_days_with_needs", "cumulative_household_days_avoided",
                "household_days_per_year"};
    }
    return {"households_unflooded", "households_per_billion_vnd", "households_with_needs",
            "cumulative_households_unflooded", "households_unreached"};
}

} // namespace allseason::routing
