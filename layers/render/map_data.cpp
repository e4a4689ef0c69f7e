#include "layers/render/map_data.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/results.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <geos_c.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace allseason::render {

namespace {

using layers::project;

// The centre of the largest circle inside the polygon: labels sit in the widest part, where a
// point-on-surface may land in a narrow arm.
geo::xy label_anchor(const geo::geometry& area) {
    auto* ctx = area.context().handle();
    const auto b = area.bounds();
    const double tolerance = std::max(b.max_x - b.min_x, b.max_y - b.min_y) / 100.0;
    if (tolerance > 0) {
        GEOSGeometry* circle = GEOSMaximumInscribedCircle_r(ctx, area.handle(), tolerance);
        if (circle) {
            auto line = area.context().adopt(circle, "MaximumInscribedCircle");
            const auto points = line.coordinates();
            if (!points.empty())
                return points.front();
        }
    }
    return area.point_on_surface().as_xy();
}

void append_lines(const geo::geometry& g, std::vector<line>& out) {
    switch (g.type()) {
    case geo::geometry_type::line_string:
        if (!g.is_empty())
            out.push_back(g.coordinates());
        return;
    case geo::geometry_type::multi_line_string:
    case geo::geometry_type::collection:
        for (int i = 0; i < g.num_parts(); ++i)
            append_lines(g.part(i), out);
        return;
    default:
        return; // points where a road only touches a zone close nothing visible
    }
}

void grow(std::optional<geo::envelope>& e, const geo::envelope& b) {
    if (!e) {
        e = b;
        return;
    }
    e->min_x = std::min(e->min_x, b.min_x);
    e->min_y = std::min(e->min_y, b.min_y);
    e->max_x = std::max(e->max_x, b.max_x);
    e->max_y = std::max(e->max_y, b.max_y);
}

void grow(std::optional<geo::envelope>& e, const line& points) {
    for (const auto& p : points)
        grow(e, geo::envelope{p.x, p.y, p.x, p.y});
}

struct result_row {
    std::optional<std::int64_t> households;
    std::int64_t households_cut_off = 0;
    std::int64_t households_without_road = 0;
    bool has_road_access = false;
    bool reachable_dry = false;
    bool reachable = false;
};

village_status status_of(const result_row& r) {
    if (!r.has_road_access)
        return village_status::no_road_access;
    if (!r.reachable_dry)
        return village_status::unreachable_dry;
    return r.reachable ? village_status::reachable : village_status::cut_off;
}

void read_results(project& p, map_data& d, std::map<std::string, result_row>& rows) {
    for (const auto& [stored, computed] :
         layers::read_cutoff_results(p, d.scenario, d.destination)) {
        result_row r;
        r.households = stored.households;
        r.households_cut_off = stored.households_cut_off;
        r.households_without_road = stored.households_without_road;
        r.has_road_access = stored.has_road_access;
        r.reachable_dry = stored.reachable_dry;
        r.reachable = stored.reachable;
        d.computed = std::max(d.computed, computed);
        rows[stored.village_code] = r;
    }
    d.has_results = !rows.empty();
}

std::set<std::string> table_columns(project& p, const std::string& table) {
    std::set<std::string> out;
    auto stmt = p.db().prepare("SELECT name FROM pragma_table_info(?)");
    stmt.bind(1, table);
    while (stmt.step())
        out.insert(stmt.get_text(0));
    return out;
}

struct ranking_entry {
    std::int64_t rank = 0;
    std::optional<std::int64_t> households;
    std::vector<std::string> needs;
};

// project_ranking rows of this scenario and destination, by project code.
std::map<std::string, ranking_entry> read_ranking(project& p, const map_data& d) {
    std::map<std::string, ranking_entry> out;
    if (!p.db().table_exists("project_ranking"))
        return out;
    const auto columns = table_columns(p, "project_ranking");
    for (const char* needed : {"scenario", "destination", "rank", "code"}) {
        if (!columns.count(needed))
            return out;
    }
    const std::string households =
        columns.count("households_unflooded") ? "households_unflooded" : "NULL";
    const std::string needs = columns.count("needs") ? "needs" : "'[]'";
    auto stmt = p.db().prepare(fmt::format(
        "SELECT code, rank, {}, {} FROM project_ranking WHERE scenario = ? AND destination = ?",
        households, needs));
    stmt.bind(1, d.scenario).bind(2, d.destination);
    while (stmt.step()) {
        if (stmt.is_null(1))
            continue;
        ranking_entry e{stmt.get_int(1), stmt.get_optional_int(2), {}};
        const auto json =
            nlohmann::json::parse(stmt.get_optional_text(3).value_or("[]"), nullptr, false);
        if (json.is_array()) {
            for (const auto& code : json) {
                if (code.is_string())
                    e.needs.push_back(code.get<std::string>());
            }
        }
        out[stmt.get_text(0)] = std::move(e);
    }
    return out;
}

std::vector<std::string> read_sources(project& p) {
    std::vector<std::string> out;
    if (!p.db().table_exists("import_log"))
        return out;
    auto stmt = p.db().prepare(
        "SELECT source FROM import_log WHERE status = 'ok' GROUP BY layer, source ORDER BY "
        "min(id)");
    while (stmt.step()) {
        const auto name = std::filesystem::path(stmt.get_text(0)).filename().string();
        if (std::find(out.begin(), out.end(), name) == out.end())
            out.push_back(name);
    }
    // The elevation model `terrain` estimated depths and zones from, with its cell size.
    const auto dem =
        p.db().query_text("SELECT value FROM allseason_metadata WHERE key = 'terrain_dem'");
    const auto cell =
        p.db().query_text("SELECT value FROM allseason_metadata WHERE key = 'terrain_cell_m'");
    if (dem)
        out.push_back(fmt::format("DEM {} ({} m)", *dem, cell.value_or("?")));
    return out;
}

std::vector<map_waterway> read_map_waterways(project& p) {
    std::vector<map_waterway> out;
    if (!p.db().table_exists("waterways"))
        return out;
    auto stmt = p.db().prepare(
        "SELECT name, kind, AsBinary(geom) FROM waterways WHERE geom IS NOT NULL ORDER BY fid");
    while (stmt.step()) {
        out.push_back({stmt.get_optional_text(0).value_or(""), stmt.get_text(1),
                       layers::wkb_coordinates(stmt.get_blob(2))});
    }
    return out;
}

std::string crs_label(project& p) {
    const auto crs = p.crs();
    const auto& text = p.metadata().crs_text;
    return text.rfind("EPSG:", 0) == 0 ? fmt::format("{} · {}", text, crs.name()) : crs.name();
}

void read_villages(project& p, const geo::geos_context& ctx, map_data& d) {
    std::map<std::string, result_row> rows;
    read_results(p, d, rows);
    for (auto& v : layers::read_villages(p)) {
        map_village m;
        m.code = v.code;
        m.name = v.name;
        m.households = v.households;
        if (!v.geom.empty()) {
            const auto g = ctx.from_wkb(v.geom);
            if (g.type() == geo::geometry_type::point ||
                g.type() == geo::geometry_type::multi_point) {
                m.point = g.point_on_surface().as_xy();
                m.anchor = *m.point;
            } else {
                m.area = wkb_polygons(ctx, v.geom);
                m.anchor = label_anchor(g);
            }
            grow(d.extent, g.bounds());
        }
        if (const auto it = rows.find(v.code); it != rows.end()) {
            m.status = status_of(it->second);
            m.households = it->second.households;
            m.households_cut_off = m.status == village_status::cut_off
                                       ? std::max<std::int64_t>(it->second.households_cut_off, 0)
                                       : 0;
            // With household points a village with road access can still have households
            // beyond access_m: the stored count says how many.
            d.summary.households_without_road += it->second.households_without_road;
        }
        d.summary.villages += 1;
        d.summary.households += m.households.value_or(0);
        if (!m.households) {
            d.summary.villages_households_unknown += 1;
            d.summary.households_unknown.push_back(m.name);
        }
        d.summary.villages_cut_off += m.status == village_status::cut_off ? 1 : 0;
        d.summary.households_cut_off += m.households_cut_off;
        d.villages.push_back(std::move(m));
    }
}

void read_network_layers(project& p, const layers::scenario_row& scenario, map_data& d) {
    std::set<std::string> closed_surfaces(scenario.closed_surfaces.begin(),
                                          scenario.closed_surfaces.end());
    for (auto& r : layers::read_roads(p)) {
        const bool closed = closed_surfaces.count(std::string(layers::to_string(r.surf))) > 0;
        d.roads.push_back({r.code, r.name, r.klass, r.surf, std::move(r.points), closed});
    }
    std::set<std::string> replaced;
    for (auto& c : layers::read_candidate_projects(p)) {
        if (c.done()) {
            if (c.kind == "bridge" && c.ford_code)
                replaced.insert(*c.ford_code);
            continue; // built: part of today's network, not a candidate
        }
        d.projects.push_back({c.code,
                              c.name,
                              c.kind,
                              c.status,
                              c.cost_million_vnd,
                              std::nullopt,
                              std::nullopt,
                              {},
                              std::move(c.points)});
    }
    for (auto& f : layers::read_fords(p)) {
        map_ford m{f.code, f.name, f.depth().value_or(0), false, replaced.count(f.code) > 0,
                   f.point};
        m.closed = !m.replaced && scenario.closes(f);
        m.depth_unknown = layers::depth_basis(f) == "unknown";
        m.derived = f.derived;
        d.fords.push_back(std::move(m));
    }
    for (auto& b : layers::read_bridges(p)) {
        d.bridges.push_back({b.code, b.name, b.vehicles, std::move(b.points)});
    }
    for (auto& f : layers::read_facilities(p)) {
        d.facilities.push_back({f.code, f.name, f.kind, f.point});
    }
}

// Road parts inside the scenario's hazard zones: what the analysis closes there.
void read_hazards(project& p, const geo::geos_context& ctx, const layers::scenario_row& scenario,
                  map_data& d) {
    const auto names = scenario.hazard_scenarios();
    if (names.empty())
        return;
    std::vector<geo::geometry> zones;
    for (auto& h : layers::read_hazard_zones(p)) {
        if (std::find(names.begin(), names.end(), h.scenario) == names.end() || h.geom.empty())
            continue;
        zones.push_back(ctx.from_wkb(h.geom));
        d.hazard_zones.push_back({"", h.kind, wkb_polygons(ctx, h.geom), h.source == "terrain"});
    }
    for (const auto& zone : zones) {
        const geo::prepared_geometry prepared(zone);
        for (std::size_t i = 0; i < d.roads.size(); ++i) {
            const auto& r = d.roads[i];
            if (r.points.size() < 2 || r.closed_by_surface)
                continue;
            const auto road = ctx.line(r.points);
            if (!prepared.intersects(road))
                continue;
            std::vector<line> parts;
            append_lines(road.intersection(zone), parts);
            for (auto& part : parts)
                d.closed_parts.push_back({i, std::move(part)});
        }
    }
}

} // namespace

void add_isolation_days(project& p, map_data& d, const std::string& risk_key) {
    d.isolation_theme = true;
    std::map<std::string, std::optional<std::int64_t>> days;
    for (const auto& [stored, computed] : layers::read_risk_results(p, risk_key, d.destination))
        days[stored.village_code] = stored.isolation_days_per_year;
    for (auto& v : d.villages) {
        if (const auto it = days.find(v.code); it != days.end())
            v.isolation_days = it->second;
    }
}

std::string_view to_string(village_status status) {
    switch (status) {
    case village_status::reachable:
        return "reachable";
    case village_status::cut_off:
        return "cut_off";
    case village_status::unreachable_dry:
        return "unreachable_dry";
    case village_status::no_road_access:
        return "no_road_access";
    case village_status::unknown:
        return "unknown";
    }
    return "unknown";
}

multipolygon wkb_polygons(const geo::geos_context& ctx, const geo::blob& wkb) {
    multipolygon out;
    const auto g = ctx.from_wkb(wkb);
    if (g.type() == geo::geometry_type::polygon) {
        out.push_back(g.rings());
    } else {
        for (int i = 0; i < g.num_parts(); ++i) {
            const auto part = g.part(i);
            if (part.type() == geo::geometry_type::polygon)
                out.push_back(part.rings());
        }
    }
    return out;
}

bool has_cutoff_results(project& p, const std::string& scenario, const std::string& destination) {
    if (!p.db().table_exists("cutoff_results"))
        return false;
    auto stmt = p.db().prepare(
        "SELECT 1 FROM cutoff_results WHERE scenario = ? AND destination = ? LIMIT 1");
    stmt.bind(1, scenario).bind(2, destination);
    return stmt.step();
}

map_data load_map_data(project& p, const std::string& scenario, const std::string& destination) {
    const auto scenario_row = layers::resolve_result_key(p, scenario);
    const auto settings = layers::read_settings(p);
    geo::geos_context ctx;
    map_data d;
    d.project_name = p.metadata().name;
    d.project_file = p.path().filename().string();
    d.crs_label = crs_label(p);
    d.scenario = scenario;
    d.destination = destination;
    d.ford_depth_m = scenario_row.ford_depth_m;
    d.access_km = settings.access_m / 1000.0;
    d.sources = read_sources(p);

    read_villages(p, ctx, d);
    read_network_layers(p, scenario_row, d);
    read_hazards(p, ctx, scenario_row, d);
    for (auto& z : layers::read_reserve_zones(p)) {
        if (!z.geom.empty())
            d.reserve_zones.push_back({z.name, z.zone, wkb_polygons(ctx, z.geom)});
    }
    d.waterways = read_map_waterways(p);

    const auto ranking = read_ranking(p, d);
    d.has_ranking = !ranking.empty();
    for (auto& m : d.projects) {
        if (const auto it = ranking.find(m.code); it != ranking.end()) {
            m.rank = it->second.rank;
            m.households_unflooded = it->second.households;
            m.needs = it->second.needs;
        }
    }
    std::stable_sort(d.projects.begin(), d.projects.end(), [](const auto& a, const auto& b) {
        return a.rank.value_or(INT64_MAX) < b.rank.value_or(INT64_MAX);
    });

    if (!d.extent) {
        for (const auto& r : d.roads)
            grow(d.extent, r.points);
        for (const auto& f : d.facilities)
            grow(d.extent, line{f.point});
        for (const auto& f : d.fords)
            grow(d.extent, line{f.point});
    }
    return d;
}

} // namespace allseason::render
