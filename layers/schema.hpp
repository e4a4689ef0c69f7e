#pragma once
// The layers of a project (contract §1) described once: the schema, the importer's field
// mapping, `info` and `export` all read this table.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::geo {
class database;
}

namespace allseason::layers {

// The current schema version; projects with an older one are migrated on open.
inline constexpr int schema_version = 5;

enum class column_type { integer, real, text, boolean };

struct column_spec {
    std::string_view name;
    column_type type;
    bool nullable = false;
    // Value a field takes when the source lacks it, as an SQL literal; empty when required.
    std::string_view default_sql = {};
    // For enumerations: the accepted stored words.
    std::span<const std::string_view> allowed = {};
    // For integers and reals: the smallest accepted value.
    std::optional<double> minimum = std::nullopt;

    bool required() const { return default_sql.empty() && !nullable; }
};

// point_or_polygon: villages, drawn as polygons or known only by a centre point (§1).
enum class geometry_kind { point, line, polygon, point_or_line, point_or_polygon };

struct layer_spec {
    std::string_view name;
    geometry_kind geometry;
    std::vector<column_spec> columns;
    bool code_unique; // a unique `code` column
    bool optional;    // the analysis works without it
    std::string_view description;
};

// SpatiaLite's geometry type name for a layer's geom column.
std::string_view spatialite_geometry_type(geometry_kind kind);

std::span<const layer_spec> source_layers();
// Null when `name` is not a layer.
const layer_spec* find_layer(std::string_view name);
// Throws usage_error listing the layers when `name` is not one.
const layer_spec& layer(std::string_view name);
const column_spec* find_column(const layer_spec& spec, std::string_view column);
std::vector<std::string> layer_names();

// The enumerations, shared by schema CHECKs, the importer and the analysis.
namespace words {
extern const std::span<const std::string_view> road_class;
extern const std::span<const std::string_view> surface;
extern const std::span<const std::string_view> condition;
extern const std::span<const std::string_view> facility_kind;
extern const std::span<const std::string_view> poverty;
extern const std::span<const std::string_view> forest_use;
extern const std::span<const std::string_view> reserve_zone;
extern const std::span<const std::string_view> hazard_kind;
extern const std::span<const std::string_view> waterway_kind;
extern const std::span<const std::string_view> road_structure;
extern const std::span<const std::string_view> hazard_source;
extern const std::span<const std::string_view> project_kind;
extern const std::span<const std::string_view> project_status;
} // namespace words

// Schema 5: the web map's users, edit_log and feedback tables (idempotent; in the caller's
// transaction).
void create_web_tables(geo::database& db);

// One CHECK of a layer's column, and what it checks (for code that judges values itself).
enum class check_kind { boolean, minimum, allowed, text_storage };
struct column_check {
    check_kind kind;
    std::string sql;
};
// Every CHECK the layer's SQLite table declares on the column, in order: booleans as 0/1,
// the minimum, the enumeration, and for a TEXT column its storage class (typeof).
std::vector<column_check> declared_checks(const column_spec& c);
// Those in SQL both SQLite and PostgreSQL read (all but the typeof check).
std::vector<std::string> column_checks(const column_spec& c);

// CREATE TABLE statement (without the geometry column, which SpatiaLite adds).
std::string create_table_sql(const layer_spec& spec);

} // namespace allseason::layers
