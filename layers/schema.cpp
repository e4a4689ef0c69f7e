#include "layers/schema.hpp"

#include "geo/errors.hpp"
#include "geo/sqlite.hpp"

#include <array>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::layers {

namespace {

using namespace std::string_view_literals;

constexpr std::array road_class_words{"national"sv,     "provincial"sv,   "inter_commune"sv,
                                      "commune_axis"sv, "village_axis"sv, "alley"sv,
                                      "field"sv,        "track"sv};
constexpr std::array surface_words{"asphalt"sv, "concrete"sv, "gravel"sv, "earth"sv};
constexpr std::array condition_words{"good"sv, "fair"sv, "poor"sv, "bad"sv};
constexpr std::array facility_words{"commune_centre"sv, "health_station"sv,   "kindergarten"sv,
                                    "primary_school"sv, "secondary_school"sv, "culture_house"sv,
                                    "market"sv,         "water_station"sv};
constexpr std::array poverty_words{"none"sv, "near_poor"sv, "poor"sv};
constexpr std::array forest_use_words{"production"sv, "protection"sv, "special_use"sv};
constexpr std::array reserve_zone_words{"core"sv, "buffer"sv};
constexpr std::array hazard_words{"flood"sv, "landslide"sv};
constexpr std::array waterway_words{"river"sv, "stream"sv};
constexpr std::array structure_words{"bridge"sv, "tunnel"sv};
constexpr std::array hazard_source_words{"surveyed"sv, "terrain"sv};
constexpr std::array project_kind_words{"bridge"sv, "road_new"sv, "road_upgrade"sv};
constexpr std::array status_words{"proposed"sv, "approved"sv, "building"sv, "done"sv};

column_spec text(std::string_view name) {
    return {name, column_type::text};
}
column_spec text_or_null(std::string_view name) {
    return {name, column_type::text, true};
}
column_spec count(std::string_view name, std::string_view def = {}) {
    return {name, column_type::integer, false, def, {}, 0.0};
}
column_spec count_or_null(std::string_view name) {
    return {name, column_type::integer, true, {}, {}, 0.0};
}
column_spec real_or_null(std::string_view name) {
    return {name, column_type::real, true, {}, {}, 0.0};
}
column_spec flag(std::string_view name, std::string_view def) {
    return {name, column_type::boolean, false, def};
}
column_spec choice(std::string_view name, std::span<const std::string_view> allowed,
                   std::string_view def = {}, bool nullable = false) {
    return {name, column_type::text, nullable, def, allowed};
}

const std::vector<layer_spec>& all_layers() {
    static const std::vector<layer_spec> layers = {
        {"villages",
         geometry_kind::point_or_polygon,
         {text("code"), text_or_null("name"), count_or_null("households"),
          count_or_null("population"), count("ethnic_minority_households", "0"),
          count("poor_households", "0"), count("near_poor_households", "0"),
          flag("especially_difficult", "0")},
         true,
         false,
         "villages (thôn, bản): polygons, or points where only the centre is known"},
        {"roads",
         geometry_kind::line,
         {text("code"), text_or_null("name"), choice("class", road_class_words),
          choice("surface", surface_words), real_or_null("width_m"),
          choice("condition", condition_words, {}, true),
          choice("structure", structure_words, {}, true)},
         false,
         false,
         "road segments; the segments of one road share its code"},
        {"fords",
         geometry_kind::point,
         {text("code"), text_or_null("name"), real_or_null("flood_depth_m"),
          count_or_null("flooded_days_per_year"), real_or_null("flood_depth_estimated_m"),
          real_or_null("catchment_km2"), flag("derived", "0")},
         true,
         false,
         "fords (ngầm tràn) with their rainy-season flood depth"},
        {"bridges",
         geometry_kind::point_or_line,
         {text("code"), text_or_null("name"), flag("vehicles", "1")},
         true,
         false,
         "bridges; vehicles = 0 for footbridges"},
        {"facilities",
         geometry_kind::point,
         {text("code"), text_or_null("name"), choice("kind", facility_words),
          text_or_null("village_code"), count_or_null("standard_level"), count_or_null("beds")},
         true,
         false,
         "commune centre, health station, schools, culture houses, markets"},
        {"households",
         geometry_kind::point,
         {text("village_code"),
          {"members", column_type::integer, false, "1", {}, 1.0},
          flag("ethnic_minority", "0"),
          choice("poverty", poverty_words, "'none'")},
         false,
         true,
         "household points (optional)"},
        {"forest_parcels",
         geometry_kind::polygon,
         {text("code"), text_or_null("owner"), choice("use", forest_use_words),
          text_or_null("species"), flag("certificate", "0"), flag("fsc", "0")},
         true,
         false,
         "forest parcels and their land-use certificates"},
        {"reserve_zones",
         geometry_kind::polygon,
         {text_or_null("name"), choice("zone", reserve_zone_words)},
         false,
         false,
         "nature reserve core and buffer zones"},
        {"hazard_zones",
         geometry_kind::polygon,
         {choice("kind", hazard_words), text("scenario"), count_or_null("days_per_year"),
          choice("source", hazard_source_words, "'surveyed'")},
         false,
         false,
         "flood and landslide zones, each for one scenario"},
        {"waterways",
         geometry_kind::line,
         {text_or_null("name"), choice("kind", waterway_words), flag("culvert", "0"),
          flag("derived", "0")},
         false,
         true,
         "rivers and streams (optional)"},
        {"boundary",
         geometry_kind::polygon,
         {text_or_null("code"), text_or_null("name")},
         false,
         true,
         "the commune's own boundary (optional)"},
        {"projects",
         geometry_kind::point_or_line,
         {text("code"),
          text_or_null("name"),
          choice("kind", project_kind_words),
          text_or_null("ford_code"),
          text_or_null("road_code"),
          {"cost_million_vnd", column_type::real, false, {}, {}, 0.0},
          text_or_null("funding"),
          choice("status", status_words, "'proposed'"),
          {"progress_pct", column_type::integer, false, "0", {}, 0.0},
          {"year", column_type::integer, true}},
         true,
         false,
         "candidate works: bridges, new roads, road upgrades"},
    };
    return layers;
}

std::string sql_type(column_type type) {
    switch (type) {
    case column_type::integer:
    case column_type::boolean:
        return "INTEGER";
    case column_type::real:
        return "REAL";
    case column_type::text:
        return "TEXT";
    }
    return "TEXT";
}

} // namespace

std::vector<column_check> declared_checks(const column_spec& c) {
    const std::string name = geo::quote_identifier(c.name);
    std::vector<column_check> checks;
    if (c.type == column_type::boolean) {
        checks.push_back({check_kind::boolean, fmt::format("{} IN (0, 1)", name)});
    }
    if (c.minimum) {
        checks.push_back({check_kind::minimum, fmt::format("{} >= {}", name, *c.minimum)});
    }
    if (!c.allowed.empty()) {
        std::string list;
        for (auto word : c.allowed) {
            list += fmt::format("{}'{}'", list.empty() ? "" : ", ", word);
        }
        checks.push_back({check_kind::allowed, fmt::format("{} IN ({})", name, list)});
    }
    if (c.type == column_type::text) {
        checks.push_back(
            {check_kind::text_storage, fmt::format("typeof({}) IN ('text', 'null')", name)});
    }
    return checks;
}

std::vector<std::string> column_checks(const column_spec& c) {
    std::vector<std::string> checks;
    for (auto& check : declared_checks(c)) {
        if (check.kind != check_kind::text_storage) {
            checks.push_back(std::move(check.sql));
        }
    }
    return checks;
}

namespace {

std::string column_sql(const column_spec& c, bool unique) {
    const std::string name = geo::quote_identifier(c.name);
    std::string sql = fmt::format("{} {}", name, sql_type(c.type));
    if (!c.nullable) {
        sql += " NOT NULL";
    }
    if (!c.default_sql.empty()) {
        sql += fmt::format(" DEFAULT {}", c.default_sql);
    }
    if (unique) {
        sql += " UNIQUE";
    }
    for (const auto& check : declared_checks(c)) {
        sql += fmt::format(" CHECK ({})", check.sql);
    }
    return sql;
}

} // namespace

namespace words {
const std::span<const std::string_view> road_class = road_class_words;
const std::span<const std::string_view> surface = surface_words;
const std::span<const std::string_view> condition = condition_words;
const std::span<const std::string_view> facility_kind = facility_words;
const std::span<const std::string_view> poverty = poverty_words;
const std::span<const std::string_view> forest_use = forest_use_words;
const std::span<const std::string_view> reserve_zone = reserve_zone_words;
const std::span<const std::string_view> hazard_kind = hazard_words;
const std::span<const std::string_view> waterway_kind = waterway_words;
const std::span<const std::string_view> road_structure = structure_words;
const std::span<const std::string_view> hazard_source = hazard_source_words;
const std::span<const std::string_view> project_kind = project_kind_words;
const std::span<const std::string_view> project_status = status_words;
} // namespace words

std::string_view spatialite_geometry_type(geometry_kind kind) {
    switch (kind) {
    case geometry_kind::point:
        return "POINT";
    case geometry_kind::line:
        return "LINESTRING";
    case geometry_kind::polygon:
        return "MULTIPOLYGON";
    case geometry_kind::point_or_line:
    case geometry_kind::point_or_polygon:
        return "GEOMETRY";
    }
    return "GEOMETRY";
}

std::span<const layer_spec> source_layers() {
    return all_layers();
}

const layer_spec* find_layer(std::string_view name) {
    for (const auto& spec : all_layers()) {
        if (spec.name == name) {
            return &spec;
        }
    }
    return nullptr;
}

std::vector<std::string> layer_names() {
    std::vector<std::string> names;
    for (const auto& spec : all_layers()) {
        names.emplace_back(spec.name);
    }
    return names;
}

const layer_spec& layer(std::string_view name) {
    if (const auto* spec = find_layer(name)) {
        return *spec;
    }
    throw usage_error(fmt::format("unknown layer \"{}\"; the layers are: {}", name,
                                  fmt::join(layer_names(), ", ")));
}

const column_spec* find_column(const layer_spec& spec, std::string_view column) {
    for (const auto& c : spec.columns) {
        if (c.name == column) {
            return &c;
        }
    }
    return nullptr;
}

std::string create_table_sql(const layer_spec& spec) {
    std::string sql = fmt::format("CREATE TABLE {} (\n  fid INTEGER PRIMARY KEY AUTOINCREMENT",
                                  geo::quote_identifier(spec.name));
    for (const auto& c : spec.columns) {
        const bool unique = spec.code_unique && c.name == "code";
        sql += ",\n  " + column_sql(c, unique);
    }
    sql += "\n)";
    return sql;
}

// ---- schema 5: the web map's tables (issue 16) ------------------------------------------
// Planners' accounts (Argon2id hashes only), what they changed, and the public's feedback.
// None of these is ever served publicly. Plain SQL, no geometry: easy to carry to PostgreSQL.
namespace {

constexpr std::string_view web_tables_sql = R"sql(
CREATE TABLE IF NOT EXISTS users (
  name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  password_hash TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS edit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_name TEXT NOT NULL,
  time TEXT NOT NULL,
  project_code TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT
);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_code TEXT NOT NULL,
  name TEXT,
  message TEXT NOT NULL,
  created TEXT NOT NULL
);
)sql";

} // namespace

void create_web_tables(geo::database& db) {
    db.exec(web_tables_sql);
}
// ---- end of schema 5 --------------------------------------------------------------------

} // namespace allseason::layers
