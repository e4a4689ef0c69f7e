// The indicators, each from SQL over the project's layers (SpatiaLite does the lengths, areas,
// distances and point-in-polygon tests, with the spatial indexes). Conventions, also in the
// README: hardened = asphalt or concrete; an all-season road is one whose surface the rainy
// scenario does not close (hazard zones are temporary closures, not a road's quality);
// schools = kindergartens, primary and secondary schools, and a school without a recorded
// standard level is not counted as accredited.
#include "layers/indicators.hpp"
#include "layers/indicators_detail.hpp"

#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>

namespace allseason::layers {

namespace {

constexpr double epsilon = 1e-9;

void settle(indicator& ind) {
    if (!ind.value || !ind.target || ind.op == target_op::none) {
        return;
    }
    const double v = *ind.value;
    const double t = *ind.target;
    switch (ind.op) {
    case target_op::at_least:
        ind.met = v >= t - epsilon;
        break;
    case target_op::more_than:
        ind.met = v > t + epsilon;
        break;
    case target_op::less_than:
        ind.met = v < t - epsilon;
        break;
    case target_op::at_most:
        ind.met = v <= t + epsilon;
        break;
    case target_op::none:
        break;
    }
}

double share(double part, double whole) {
    return whole > 0 ? 100.0 * part / whole : 0.0;
}

void of_detail(indicator& ind, double part, double whole, std::string_view unit, int decimals = 0) {
    ind.detail_en = fmt::format("{:.{}f} of {:.{}f}{}{}", part, decimals, whole, decimals,
                                unit.empty() ? "" : " ", unit);
    ind.detail_vi = fmt::format("{:.{}f}/{:.{}f}{}{}", part, decimals, whole, decimals,
                                unit.empty() ? "" : " ", unit);
}

std::string placeholders(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += i ? ", ?" : "?";
    return out;
}

geo::statement bind_all(geo::statement stmt, const std::vector<basis_value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        std::visit([&](const auto& v) { stmt.bind(index, v); }, params[i]);
    }
    return stmt;
}

// ---- roads ----------------------------------------------------------------------------

struct road_lengths {
    std::map<std::string, double> total_m;    // by class
    std::map<std::string, double> hardened_m; // by class
};

road_lengths read_road_lengths(geo::database& db) {
    road_lengths out;
    auto stmt = db.prepare("SELECT class, surface, SUM(ST_Length(geom)) FROM roads "
                           "GROUP BY class, surface");
    while (stmt.step()) {
        const std::string klass = stmt.get_text(0);
        const std::string surf = stmt.get_text(1);
        const double length = stmt.is_null(2) ? 0.0 : stmt.get_double(2);
        out.total_m[klass] += length;
        if (surf == "asphalt" || surf == "concrete") {
            out.hardened_m[klass] += length;
        }
    }
    return out;
}

indicator road_hardened(const road_lengths& lengths, std::string id,
                        const std::vector<std::string>& classes, double target, target_op op,
                        std::string target_text) {
    auto ind = detail::make_indicator(std::move(id), "%", target, op, std::move(target_text));
    double total = 0;
    double hardened = 0;
    for (const auto& klass : classes) {
        const double t = lengths.total_m.contains(klass) ? lengths.total_m.at(klass) : 0.0;
        const double h = lengths.hardened_m.contains(klass) ? lengths.hardened_m.at(klass) : 0.0;
        ind.basis.push_back({klass + "_km", t / 1000.0});
        ind.basis.push_back({klass + "_hardened_km", h / 1000.0});
        total += t;
        hardened += h;
    }
    ind.basis.push_back({"total_km", total / 1000.0});
    ind.basis.push_back({"hardened_km", hardened / 1000.0});
    if (total <= 0) {
        ind.note_id = "note_no_roads_of_class";
        return ind;
    }
    ind.value = share(hardened, total);
    of_detail(ind, hardened / 1000.0, total / 1000.0, "km", 1);
    settle(ind);
    return ind;
}

// ---- households and access ------------------------------------------------------------

std::int64_t count_rows(geo::database& db, std::string_view table) {
    return db.query_int(fmt::format("SELECT count(*) FROM {}", table)).value_or(0);
}

indicator all_season_access(const std::optional<access_figures>& access) {
    auto ind = detail::make_indicator("households_all_season_access", "%", 100.0,
                                      target_op::at_least, "100%");
    if (!access) {
        ind.note_id = "note_no_access_answer";
        return ind;
    }
    const auto& a = *access;
    ind.basis = {{"scenario", a.scenario},
                 {"destination", a.destination},
                 {"households", a.households},
                 {"households_with_access", a.households_with_access},
                 {"households_cut_off", a.households_cut_off},
                 {"households_without_road", a.households_without_road},
                 {"households_unreachable_dry", a.households_unreachable_dry},
                 {"villages_households_unknown", a.villages_households_unknown},
                 {"source", a.source}};
    ind.villages_households_unknown = a.villages_households_unknown;
    if (a.households <= 0) {
        ind.note_id = "note_no_households";
        return ind;
    }
    ind.value =
        share(static_cast<double>(a.households_with_access), static_cast<double>(a.households));
    of_detail(ind, static_cast<double>(a.households_with_access), static_cast<double>(a.households),
              "");
    settle(ind);
    return ind;
}

// The SQL of a village's access point (contract §2): its culture house, else a point on its
// surface.
constexpr std::string_view access_point_sql =
    "COALESCE((SELECT f.geom FROM facilities f WHERE f.kind = 'culture_house' AND "
    "(f.village_code = v.code OR (f.village_code IS NULL AND ST_Within(f.geom, v.geom))) "
    "ORDER BY f.fid LIMIT 1), ST_PointOnSurface(v.geom))";

indicator rural_access_index(project& p, const indicator_options& options) {
    auto& db = p.db();
    auto ind =
        detail::make_indicator("rural_access_index", "%", std::nullopt, target_op::none, "–");
    const auto rainy = read_scenario(p, "rainy");
    const auto& closed = rainy.closed_surfaces;
    const std::string open_roads =
        closed.empty() ? "1" : fmt::format("r.surface NOT IN ({})", placeholders(closed.size()));
    // Any all-season road within the distance of the point `pt`, through the spatial index.
    const std::string near = fmt::format(
        "EXISTS (SELECT 1 FROM roads r WHERE {} AND r.fid IN (SELECT rowid FROM SpatialIndex "
        "WHERE f_table_name = 'roads' AND f_geometry_column = 'geom' AND search_frame = "
        "BuildCircleMbr(X(pt), Y(pt), ?)) AND ST_Distance(pt, r.geom) <= ?)",
        open_roads);
    std::vector<basis_value> params(closed.begin(), closed.end());
    params.emplace_back(options.access_distance_m);
    params.emplace_back(options.access_distance_m);
    std::string method;
    std::string sql;
    if (count_rows(db, "households") > 0) {
        method = "household_members";
        sql = fmt::format("SELECT SUM(people), SUM(CASE WHEN {} THEN people ELSE 0 END) FROM "
                          "(SELECT h.members AS people, h.geom AS pt FROM households h)",
                          near);
    } else {
        method = "village_population";
        sql = fmt::format("SELECT SUM(people), SUM(CASE WHEN {} THEN people ELSE 0 END) FROM "
                          "(SELECT COALESCE(v.population, v.households * ?) AS people, {} AS pt "
                          "FROM villages v)",
                          near, access_point_sql);
        params.emplace_back(options.persons_per_household); // the inner SELECT's ?, last
    }
    auto stmt = bind_all(db.prepare(sql), params);
    double population = 0;
    double within = 0;
    if (stmt.step()) {
        population = stmt.is_null(0) ? 0.0 : stmt.get_double(0);
        within = stmt.is_null(1) ? 0.0 : stmt.get_double(1);
    }
    std::string open_surfaces;
    for (const auto* surface : {"asphalt", "concrete", "gravel", "earth"}) {
        if (std::find(closed.begin(), closed.end(), surface) == closed.end()) {
            open_surfaces += (open_surfaces.empty() ? "" : ", ") + std::string(surface);
        }
    }
    ind.basis = {{"population", population},
                 {"population_within_distance", within},
                 {"distance_m", options.access_distance_m},
                 {"all_season_surfaces", open_surfaces},
                 {"method", method}};
    if (method == "village_population") {
        ind.basis.push_back({"persons_per_household", options.persons_per_household});
    }
    if (population <= 0) {
        ind.note_id = "note_no_population";
        return ind;
    }
    ind.value = share(within, population);
    of_detail(ind, within, population, "");
    return ind;
}

} // namespace

namespace detail {

indicator make_indicator(std::string id, std::string unit, std::optional<double> target,
                         target_op op, std::string target_text) {
    indicator ind;
    ind.id = std::move(id);
    ind.unit = std::move(unit);
    ind.target = target;
    ind.op = op;
    ind.target_text = std::move(target_text);
    return ind;
}

} // namespace detail

std::optional<access_figures> access_from_results(project& p, const std::string& scenario,
                                                  const std::string& destination) {
    auto& db = p.db();
    if (!db.table_exists("cutoff_results")) {
        return std::nullopt;
    }
    auto stmt = db.prepare(
        "SELECT count(*), SUM(households), SUM(CASE WHEN reachable_dry = 1 THEN households - "
        "households_cut_off ELSE 0 END), SUM(households_cut_off), SUM(CASE WHEN "
        "has_road_access = 0 THEN households ELSE 0 END), SUM(CASE WHEN has_road_access = 1 AND "
        "reachable_dry = 0 THEN households ELSE 0 END), SUM(households IS NULL) FROM "
        "cutoff_results WHERE scenario = ? AND destination = ?");
    stmt.bind(1, scenario).bind(2, destination);
    if (!stmt.step() || stmt.get_int(0) == 0) {
        return std::nullopt;
    }
    access_figures a;
    a.scenario = scenario;
    a.destination = destination;
    a.households = stmt.get_int(1);
    a.households_with_access = stmt.get_int(2);
    a.households_cut_off = stmt.get_int(3);
    a.households_without_road = stmt.get_int(4);
    a.households_unreachable_dry = stmt.get_int(5);
    a.villages_households_unknown = stmt.get_optional_int(6).value_or(0);
    a.source = "cutoff_results";
    return a;
}

std::vector<indicator> compute_indicators(project& p, const indicator_options& options) {
    p.crs(); // data_error when the project has no CRS, hence no layer tables yet
    auto& db = p.db();
    const auto lengths = read_road_lengths(db);
    std::vector<indicator> out;
    out.push_back(road_hardened(lengths, "road_commune_hardened", {"commune_axis", "inter_commune"},
                                100.0, target_op::at_least, "100%"));
    out.push_back(road_hardened(lengths, "road_village_hardened", {"village_axis"}, 90.0,
                                target_op::more_than, "> 90%"));
    auto access = options.access;
    if (!access) {
        access = access_from_results(p, "rainy", "commune_centre");
    }
    out.push_back(all_season_access(access));
    out.push_back(rural_access_index(p, options));
    for (auto& ind : detail::place_indicators(p, options)) {
        out.push_back(std::move(ind));
    }
    return out;
}

} // namespace allseason::layers
