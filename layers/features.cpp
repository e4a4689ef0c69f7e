#include "layers/features.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <array>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::layers {

namespace {

constexpr std::array road_class_names{"national",     "provincial", "inter_commune", "commune_axis",
                                      "village_axis", "alley",      "field",         "track"};
constexpr std::array surface_names{"asphalt", "concrete", "gravel", "earth"};

// Reads little- or big-endian WKB numbers.
class wkb_reader {
public:
    explicit wkb_reader(const geo::blob& wkb) : m_data(wkb) {}

    std::uint8_t byte() {
        need(1);
        return m_data[m_pos++];
    }
    std::uint32_t u32(bool little) {
        need(4);
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t b = m_data[m_pos + static_cast<std::size_t>(little ? i : 3 - i)];
            v |= b << (8 * i);
        }
        m_pos += 4;
        return v;
    }
    double f64(bool little) {
        need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t b = m_data[m_pos + static_cast<std::size_t>(little ? i : 7 - i)];
            v |= b << (8 * i);
        }
        m_pos += 8;
        double d = 0;
        std::memcpy(&d, &v, sizeof d);
        return d;
    }

private:
    void need(std::size_t n) const {
        if (m_pos + n > m_data.size()) {
            throw data_error("truncated WKB geometry");
        }
    }
    const geo::blob& m_data;
    std::size_t m_pos = 0;
};

void read_wkb_geometry(wkb_reader& r, std::vector<geo::xy>& out, bool first_part_only) {
    const bool little = r.byte() == 1;
    const std::uint32_t type = r.u32(little) % 1000; // ISO Z/M codes: only XY is stored
    auto point = [&] {
        const double x = r.f64(little);
        const double y = r.f64(little);
        return geo::xy{x, y};
    };
    switch (type) {
    case 1:
        out.push_back(point());
        return;
    case 2: {
        const std::uint32_t n = r.u32(little);
        out.reserve(out.size() + n);
        for (std::uint32_t i = 0; i < n; ++i) {
            const geo::xy p = point();
            if (out.empty() || !(out.back() == p)) {
                out.push_back(p);
            }
        }
        return;
    }
    case 4:
    case 5: {
        const std::uint32_t parts = r.u32(little);
        for (std::uint32_t i = 0; i < parts && (!first_part_only || i == 0); ++i) {
            read_wkb_geometry(r, out, first_part_only);
        }
        return;
    }
    default:
        throw data_error(
            fmt::format("WKB geometry type {} where a point or a line was expected", type));
    }
}

void require_layers(project& p) {
    if (!p.has_crs()) {
        throw data_error(fmt::format("{}: the project has no layers yet (import roads, villages "
                                     "and facilities first)",
                                     p.path().string()));
    }
}

// Runs `sql` and calls `row` for each result row; errors name the layer and fid.
template <class Row>
void each_row(project& p, std::string_view layer, std::string_view sql, Row&& row) {
    require_layers(p);
    auto stmt = p.db().prepare(sql);
    while (stmt.step()) {
        try {
            row(stmt);
        } catch (const data_error& e) {
            throw data_error(fmt::format("{}: layer {} fid {}: {}", p.path().string(), layer,
                                         stmt.get_int(0), e.what()));
        }
    }
}

std::vector<geo::xy> coordinates_of(const geo::statement& s, int column) {
    if (s.is_null(column)) {
        throw data_error("the geometry is missing");
    }
    return wkb_coordinates(s.get_blob(column));
}

geo::xy point_of(const geo::statement& s, int column) {
    auto points = coordinates_of(s, column);
    if (points.size() != 1) {
        throw data_error("a point was expected");
    }
    return points.front();
}

} // namespace

std::string_view to_string(road_class value) {
    return road_class_names[static_cast<std::size_t>(value)];
}
std::string_view to_string(surface value) {
    return surface_names[static_cast<std::size_t>(value)];
}

road_class parse_road_class(std::string_view word) {
    for (std::size_t i = 0; i < road_class_names.size(); ++i) {
        if (word == road_class_names[i])
            return static_cast<road_class>(i);
    }
    throw data_error(
        fmt::format("road class \"{}\" is not one of {}", word, fmt::join(road_class_names, ", ")));
}

surface parse_surface(std::string_view word) {
    for (std::size_t i = 0; i < surface_names.size(); ++i) {
        if (word == surface_names[i])
            return static_cast<surface>(i);
    }
    throw data_error(
        fmt::format("surface \"{}\" is not one of {}", word, fmt::join(surface_names, ", ")));
}

std::string_view depth_basis(const ford& f) {
    return f.flood_depth_m ? "measured" : f.flood_depth_estimated_m ? "estimated" : "unknown";
}

std::vector<std::string> scenario_row::hazard_scenarios() const {
    return hazard_scenario ? split_list(*hazard_scenario) : std::vector<std::string>{};
}

bool scenario_row::closes(const ford& f) const {
    if (!ford_depth_m)
        return false;
    const auto depth = f.depth();
    return depth ? *depth > *ford_depth_m : !unknown_fords_open;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos)
            end = text.size();
        std::string word = text.substr(start, end - start);
        const auto first = word.find_first_not_of(" \t");
        const auto last = word.find_last_not_of(" \t");
        if (first != std::string::npos) {
            out.push_back(word.substr(first, last - first + 1));
        }
        start = end + 1;
    }
    return out;
}

bool village::is_point() const {
    if (geom.size() < 5)
        return false;
    wkb_reader r(geom);
    const bool little = r.byte() == 1;
    return r.u32(little) % 1000 == 1; // ISO WKB: 1, 1001, 2001, 3001 are points
}

std::vector<geo::xy> wkb_coordinates(const geo::blob& wkb) {
    wkb_reader r(wkb);
    std::vector<geo::xy> out;
    read_wkb_geometry(r, out, true);
    return out;
}

analysis_settings read_settings(project& p) {
    analysis_settings s;
    const std::pair<const char*, double*> keys[] = {
        {"snap_m", &s.snap_m},
        {"snap_m_crossing", &s.snap_m_crossing},
        {"access_m", &s.access_m},
        {"speed_asphalt_kmh", &s.speed_asphalt_kmh},
        {"speed_concrete_kmh", &s.speed_concrete_kmh},
        {"speed_gravel_kmh", &s.speed_gravel_kmh},
        {"speed_earth_kmh", &s.speed_earth_kmh},
        {"speed_walk_kmh", &s.speed_walk_kmh},
        {"default_ford_days", &s.default_ford_days},
        {"rainy_season_days", &s.rainy_season_days},
        {"default_hazard_days", &s.default_hazard_days},
    };
    auto stmt = p.db().prepare("SELECT value FROM allseason_metadata WHERE key = ?");
    for (const auto& [key, target] : keys) {
        stmt.reset();
        stmt.bind(1, key);
        if (stmt.step()) {
            const std::string text = stmt.get_text(0);
            try {
                *target = std::stod(text);
            } catch (const std::exception&) {
                throw data_error(fmt::format("{}: allseason_metadata {} is \"{}\" — expected a "
                                             "number",
                                             p.path().string(), key, text));
            }
        }
    }
    return s;
}

void for_each_road(project& p, const std::function<void(const road&)>& visit) {
    road r;
    each_row(
        p, "roads",
        "SELECT fid, code, name, class, surface, width_m, condition, AsBinary(geom), structure "
        "FROM roads ORDER BY fid",
        [&](const geo::statement& s) {
            r.fid = s.get_int(0);
            r.code = s.get_text(1);
            r.name = s.get_optional_text(2);
            r.klass = parse_road_class(s.get_text(3));
            r.surf = parse_surface(s.get_text(4));
            r.width_m = s.get_optional_double(5);
            r.condition = s.get_optional_text(6);
            r.points = coordinates_of(s, 7);
            r.structure = s.get_optional_text(8);
            visit(r);
        });
}

std::vector<road> read_roads(project& p) {
    std::vector<road> out;
    for_each_road(p, [&](const road& r) { out.push_back(r); });
    return out;
}

std::vector<village> read_villages(project& p) {
    std::vector<village> out;
    each_row(p, "villages",
             "SELECT fid, code, coalesce(name, code), households, population, "
             "ethnic_minority_households, "
             "poor_households, near_poor_households, especially_difficult, AsBinary(geom) "
             "FROM villages ORDER BY fid",
             [&](const geo::statement& s) {
                 village v;
                 v.fid = s.get_int(0);
                 v.code = s.get_text(1);
                 v.name = s.get_text(2);
                 v.households = s.get_optional_int(3);
                 v.population = s.get_optional_int(4);
                 v.ethnic_minority_households = s.get_int(5);
                 v.poor_households = s.get_int(6);
                 v.near_poor_households = s.get_int(7);
                 v.especially_difficult = s.get_int(8) != 0;
                 if (s.is_null(9))
                     throw data_error("the geometry is missing");
                 v.geom = s.get_blob(9);
                 out.push_back(std::move(v));
             });
    return out;
}

std::vector<ford> read_fords(project& p) {
    std::vector<ford> out;
    each_row(p, "fords",
             "SELECT fid, code, coalesce(name, code), flood_depth_m, flooded_days_per_year, "
             "AsBinary(geom), flood_depth_estimated_m, catchment_km2, derived "
             "FROM fords ORDER BY fid",
             [&](const geo::statement& s) {
                 ford f;
                 f.fid = s.get_int(0);
                 f.code = s.get_text(1);
                 f.name = s.get_text(2);
                 f.flood_depth_m = s.get_optional_double(3);
                 f.flooded_days_per_year = s.get_optional_int(4);
                 f.point = point_of(s, 5);
                 f.flood_depth_estimated_m = s.get_optional_double(6);
                 f.catchment_km2 = s.get_optional_double(7);
                 f.derived = s.get_int(8) != 0;
                 out.push_back(std::move(f));
             });
    return out;
}

std::vector<bridge> read_bridges(project& p) {
    std::vector<bridge> out;
    each_row(p, "bridges",
             "SELECT fid, code, coalesce(name, code), vehicles, AsBinary(geom) FROM bridges "
             "ORDER BY fid",
             [&](const geo::statement& s) {
                 out.push_back({s.get_int(0), s.get_text(1), s.get_text(2), s.get_int(3) != 0,
                                coordinates_of(s, 4)});
             });
    return out;
}

std::vector<waterway> read_waterways(project& p) {
    std::vector<waterway> out;
    if (!p.db().table_exists("waterways")) // the layer is optional (contract §1)
        return out;
    each_row(p, "waterways",
             "SELECT fid, name, kind, culvert, derived, AsBinary(geom) FROM waterways "
             "ORDER BY fid",
             [&](const geo::statement& s) {
                 out.push_back({s.get_int(0), s.get_optional_text(1), s.get_text(2),
                                s.get_int(3) != 0, s.get_int(4) != 0, coordinates_of(s, 5)});
             });
    return out;
}

std::vector<facility> read_facilities(project& p) {
    std::vector<facility> out;
    each_row(p, "facilities",
             "SELECT fid, code, coalesce(name, code), kind, village_code, standard_level, beds, "
             "AsBinary(geom) "
             "FROM facilities ORDER BY fid",
             [&](const geo::statement& s) {
                 out.push_back({s.get_int(0), s.get_text(1), s.get_text(2), s.get_text(3),
                                s.get_optional_text(4), s.get_optional_int(5),
                                s.get_optional_int(6), point_of(s, 7)});
             });
    return out;
}

std::vector<household> read_households(project& p) {
    std::vector<household> out;
    each_row(p, "households",
             "SELECT fid, village_code, members, ethnic_minority, poverty, AsBinary(geom) "
             "FROM households ORDER BY fid",
             [&](const geo::statement& s) {
                 out.push_back({s.get_int(0), s.get_text(1), s.get_int(2), s.get_int(3) != 0,
                                s.get_text(4), point_of(s, 5)});
             });
    return out;
}

std::vector<hazard_zone> read_hazard_zones(project& p) {
    std::vector<hazard_zone> out;
    each_row(p, "hazard_zones",
             "SELECT fid, kind, scenario, AsBinary(geom), days_per_year, source "
             "FROM hazard_zones ORDER BY fid",
             [&](const geo::statement& s) {
                 if (s.is_null(3))
                     throw data_error("the geometry is missing");
                 out.push_back({s.get_int(0), s.get_text(1), s.get_text(2), s.get_blob(3),
                                s.get_optional_int(4), s.get_text(5)});
             });
    return out;
}

std::vector<reserve_zone> read_reserve_zones(project& p) {
    std::vector<reserve_zone> out;
    each_row(p, "reserve_zones",
             "SELECT fid, coalesce(name, ''), zone, AsBinary(geom) FROM reserve_zones "
             "ORDER BY fid",
             [&](const geo::statement& s) {
                 if (s.is_null(3))
                     throw data_error("the geometry is missing");
                 out.push_back({s.get_int(0), s.get_text(1), s.get_text(2), s.get_blob(3)});
             });
    return out;
}

std::vector<candidate_project> read_candidate_projects(project& p) {
    std::vector<candidate_project> out;
    each_row(p, "projects",
             "SELECT fid, code, coalesce(name, code), kind, ford_code, road_code, "
             "cost_million_vnd, funding, "
             "status, progress_pct, year, AsBinary(geom) FROM projects ORDER BY fid",
             [&](const geo::statement& s) {
                 candidate_project c;
                 c.fid = s.get_int(0);
                 c.code = s.get_text(1);
                 c.name = s.get_text(2);
                 c.kind = s.get_text(3);
                 c.ford_code = s.get_optional_text(4);
                 c.road_code = s.get_optional_text(5);
                 c.cost_million_vnd = s.get_double(6);
                 c.funding = s.get_optional_text(7);
                 c.status = s.get_text(8);
                 c.progress_pct = s.get_int(9);
                 c.year = s.get_optional_int(10);
                 if (!s.is_null(11))
                     c.points = wkb_coordinates(s.get_blob(11));
                 out.push_back(std::move(c));
             });
    return out;
}

// The row of `rows` (scenarios, vehicles) called `name`; usage_error listing the names there are.
template <class Row>
static Row named_row(project& p, std::vector<Row> rows, std::string_view name,
                     std::string_view what, std::string_view table) {
    std::vector<std::string> names;
    for (auto& row : rows) {
        if (row.name == name)
            return std::move(row);
        names.push_back(row.name);
    }
    throw usage_error(fmt::format("{}: no {} \"{}\"; the {} are: {} (add one with an INSERT "
                                  "into the {} table)",
                                  p.path().string(), what, name, table, fmt::join(names, ", "),
                                  table));
}

// A closed_surfaces column (scenarios, vehicles): each word must be a surface.
static std::vector<std::string> surface_list(project& p, std::string_view table_row,
                                             const std::string& name,
                                             const std::optional<std::string>& text) {
    auto words = split_list(text.value_or(""));
    for (const auto& word : words) {
        try {
            parse_surface(word);
        } catch (const data_error& e) {
            throw data_error(fmt::format("{}: {} \"{}\": closed_surfaces: {}", p.path().string(),
                                         table_row, name, e.what()));
        }
    }
    return words;
}

std::vector<scenario_row> read_scenarios(project& p) {
    std::vector<scenario_row> out;
    auto stmt = p.db().prepare("SELECT name, ford_depth_m, closed_surfaces, hazard_scenario, "
                               "description, unknown_fords FROM scenarios ORDER BY rowid");
    while (stmt.step()) {
        scenario_row row;
        row.name = stmt.get_text(0);
        row.ford_depth_m = stmt.get_optional_double(1);
        row.closed_surfaces = surface_list(p, "scenario", row.name, stmt.get_optional_text(2));
        row.hazard_scenario = stmt.get_optional_text(3);
        row.description = stmt.get_optional_text(4).value_or("");
        row.unknown_fords_open = stmt.get_text(5) == "open";
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<vehicle_row> read_vehicles(project& p) {
    std::vector<vehicle_row> out;
    auto stmt = p.db().prepare("SELECT name, ford_depth_m, closed_surfaces, description "
                               "FROM vehicles ORDER BY rowid");
    while (stmt.step()) {
        vehicle_row row;
        row.name = stmt.get_text(0);
        row.ford_depth_m = stmt.get_double(1);
        row.closed_surfaces = surface_list(p, "vehicle", row.name, stmt.get_optional_text(2));
        row.description = stmt.get_optional_text(3).value_or("");
        out.push_back(std::move(row));
    }
    return out;
}

vehicle_row read_vehicle(project& p, std::string_view name) {
    return named_row(p, read_vehicles(p), name, "vehicle", "vehicles");
}

std::string scenario_choice::result_key() const {
    std::string key = scenario;
    if (!vehicle.empty())
        key += "+" + vehicle;
    if (ford_depth_m)
        key += fmt::format("@{}m", *ford_depth_m);
    return key;
}

scenario_row resolve_scenario(project& p, const scenario_choice& choice) {
    auto row = read_scenario(p, choice.scenario);
    if (!choice.vehicle.empty()) {
        const auto vehicle = read_vehicle(p, choice.vehicle);
        row.ford_depth_m = vehicle.ford_depth_m;
        row.closed_surfaces = vehicle.closed_surfaces;
    }
    if (choice.ford_depth_m) {
        if (*choice.ford_depth_m < 0 || !std::isfinite(*choice.ford_depth_m)) {
            throw usage_error(
                fmt::format("--ford-depth {} must be 0 or more metres", *choice.ford_depth_m));
        }
        row.ford_depth_m = choice.ford_depth_m;
    }
    return row;
}

scenario_choice parse_result_key(std::string_view key) {
    scenario_choice choice;
    std::string text(key);
    if (const auto at = text.rfind('@'); at != std::string::npos && text.ends_with("m")) {
        const std::string depth = text.substr(at + 1, text.size() - at - 2);
        try {
            std::size_t used = 0;
            const double value = std::stod(depth, &used);
            if (used == depth.size()) {
                choice.ford_depth_m = value;
                text.resize(at);
            }
        } catch (const std::exception&) {
            // not a depth suffix: part of a scenario's own name
        }
    }
    if (const auto plus = text.rfind('+'); plus != std::string::npos) {
        choice.vehicle = text.substr(plus + 1);
        text.resize(plus);
    }
    choice.scenario = text;
    return choice;
}

scenario_row resolve_result_key(project& p, std::string_view key) {
    return resolve_scenario(p, parse_result_key(key));
}

scenario_row read_scenario(project& p, std::string_view name) {
    return named_row(p, read_scenarios(p), name, "scenario", "scenarios");
}

} // namespace allseason::layers
