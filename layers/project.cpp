#include "layers/project.hpp"

#include "geo/errors.hpp"
#include "layers/network_store.hpp"
#include "layers/layer_writer.hpp"
#include "layers/pg_store.hpp"
#include "layers/schema.hpp"

#include <chrono>
#include <ctime>
#include <fmt/format.h>
#include <fmt/ranges.h>

#ifndef ALLSEASON_VERSION
#define ALLSEASON_VERSION "0.0.0"
#endif

namespace allseason::layers {

namespace {

constexpr std::string_view metadata_table_sql = R"(
CREATE TABLE allseason_metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
))";

constexpr std::string_view scenarios_table_sql = R"(
CREATE TABLE scenarios (
  name TEXT PRIMARY KEY CHECK (length(name) > 0),
  -- fords deeper than this close; NULL: no ford closes
  ford_depth_m REAL CHECK (ford_depth_m IS NULL OR ford_depth_m >= 0),
  -- comma-separated road surfaces that close, e.g. 'earth' or 'earth,gravel'
  closed_surfaces TEXT NOT NULL DEFAULT '',
  -- hazard_zones.scenario whose polygons close the roads inside them; NULL: none
  hazard_scenario TEXT,
  description TEXT,
  -- fords with no depth measured or estimated: 'closed' (assumed to flood) or 'open'
  unknown_fords TEXT NOT NULL DEFAULT 'closed' CHECK (unknown_fords IN ('closed', 'open'))
))";

constexpr std::string_view vehicles_table_sql = R"(
CREATE TABLE vehicles (
  name TEXT PRIMARY KEY CHECK (length(name) > 0),
  -- fords deeper than this stop the vehicle
  ford_depth_m REAL NOT NULL CHECK (ford_depth_m >= 0),
  -- comma-separated road surfaces the vehicle cannot use in the rainy season
  closed_surfaces TEXT NOT NULL DEFAULT '',
  description TEXT
))";

constexpr std::string_view builtin_vehicles_sql = R"(
INSERT INTO vehicles (name, ford_depth_m, closed_surfaces, description)
VALUES ('motorbike', 0.15, 'earth', 'motorbike (xe máy)'),
       ('car', 0.3, 'earth', 'car (ô tô): what rainy means without --vehicle'),
       ('truck', 0.5, 'earth,gravel', 'truck (xe tải)'))";

constexpr std::string_view builtin_scenarios_sql = R"(
INSERT INTO scenarios (name, ford_depth_m, closed_surfaces, hazard_scenario, description)
VALUES ('dry', NULL, '', NULL, 'dry season: every road, ford and vehicle bridge is passable'),
       ('rainy', 0.3, 'earth', 'rainy',
        'rainy season: fords deeper than 0.3 m, earth roads and rainy hazard zones close'))";

constexpr std::string_view import_log_table_sql = R"(
CREATE TABLE import_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  layer TEXT NOT NULL,
  source TEXT NOT NULL,
  source_layer TEXT,
  mode TEXT NOT NULL CHECK (mode IN ('replace', 'append')),
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_repaired INTEGER NOT NULL DEFAULT 0,
  rows_skipped INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  message TEXT
))";

// Custom (non-EPSG) CRSs get SRIDs from here up.
constexpr int first_custom_srid = 990001;

void set_metadata(geo::database& db, std::string_view key, std::string_view value) {
    db.prepare("INSERT INTO allseason_metadata (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

void create_layer_table(geo::database& db, const layer_spec& spec, int srid) {
    db.exec(create_table_sql(spec));
    auto add = db.prepare("SELECT AddGeometryColumn(?, 'geom', ?, ?, 'XY', 1)");
    add.bind(1, spec.name).bind(2, srid).bind(3, spatialite_geometry_type(spec.geometry));
    if (!add.step() || add.get_int(0) != 1) {
        throw io_error(fmt::format("{}: SpatiaLite could not add the geometry column of {} "
                                   "(SRID {})",
                                   db.path().string(), spec.name, srid));
    }
    auto index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, spec.name);
    if (!index.step() || index.get_int(0) != 1) {
        throw io_error(
            fmt::format("{}: SpatiaLite could not index {}", db.path().string(), spec.name));
    }
}

// Rebuilds a layer table in the current layout, keeping every row, fid and geometry: SQLite
// cannot relax NOT NULL or change a geometry column's type in place.
void rebuild_layer_table(geo::database& db, const layer_spec& spec, int srid) {
    const std::string table = geo::quote_identifier(spec.name);
    std::vector<std::string> kept;
    auto old_columns = db.prepare(fmt::format("PRAGMA table_info({})", table));
    while (old_columns.step()) {
        const std::string name = old_columns.get_text(1);
        if (name == "fid" || name == "geom" || find_column(spec, name)) {
            kept.push_back(geo::quote_identifier(name));
        }
    }
    const std::string columns = fmt::format("{}", fmt::join(kept, ", "));
    db.exec(fmt::format("CREATE TEMP TABLE migrating AS SELECT {} FROM {}", columns, table));
    db.prepare("SELECT DisableSpatialIndex(?, 'geom')").bind(1, spec.name).step();
    db.exec(fmt::format("DROP TABLE IF EXISTS {}",
                        geo::quote_identifier(fmt::format("idx_{}_geom", spec.name))));
    db.prepare("SELECT DiscardGeometryColumn(?, 'geom')").bind(1, spec.name).step();
    db.exec(fmt::format("DROP TABLE {}", table));
    create_layer_table(db, spec, srid);
    db.exec(fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM temp.migrating", table, columns));
    db.exec("DROP TABLE temp.migrating");
}

// Schema 3 (contract §1 revised): names and village households may be null, villages may be
// points, fords carry estimated depths and a derived flag, roads a structure, hazard zones
// days and a source, waterways culvert and derived flags; the boundary layer, scenarios'
// unknown_fords and the vehicles table are new.
void migrate_2_to_3(geo::database& db) {
    if (!db.query_int("SELECT 1 FROM pragma_table_info('scenarios') WHERE name = "
                      "'unknown_fords'")) {
        db.exec("ALTER TABLE scenarios ADD COLUMN unknown_fords TEXT NOT NULL DEFAULT 'closed' "
                "CHECK (unknown_fords IN ('closed', 'open'))");
    }
    if (!db.table_exists("vehicles")) {
        db.exec(vehicles_table_sql);
        db.exec(builtin_vehicles_sql);
    }
    const auto srid = db.query_text("SELECT value FROM allseason_metadata WHERE key = 'srid'");
    if (!db.table_exists("villages") || !srid) {
        return; // the CRS was never set: set_crs creates the current layout
    }
    for (const auto& spec : source_layers()) {
        if (db.table_exists(spec.name)) {
            rebuild_layer_table(db, spec, std::stoi(*srid));
        } else {
            create_layer_table(db, spec, std::stoi(*srid));
        }
    }
}

// Schema 1 was the pre-release draft: no import log, projects without progress and year.
void migrate_1_to_2(geo::database& db) {
    db.exec(import_log_table_sql);
    if (!db.table_exists("projects")) {
        return; // the CRS was never set: set_crs creates the current layout
    }
    db.exec("ALTER TABLE projects ADD COLUMN progress_pct INTEGER NOT NULL DEFAULT 0 "
            "CHECK (progress_pct >= 0)");
    db.exec("ALTER TABLE projects ADD COLUMN year INTEGER");
}

void migrate(geo::database& db, int from) {
    geo::transaction tx(db);
    for (int version = from; version < schema_version; ++version) {
        switch (version) {
        case 1:
            migrate_1_to_2(db);
            break;
        case 2:
            migrate_2_to_3(db);
            break;
        case 3:
            break; // schema 4 adds the compiled network's bookkeeping, made below
        case 4:
            create_web_tables(db); // schema 5: users, edit_log, feedback (issue 16)
            break;
        default:
            throw data_error(
                fmt::format("{}: no migration from schema {}", db.path().string(), version));
        }
    }
    ensure_network_bookkeeping(db); // layer tables rebuilt above lost their triggers
    set_metadata(db, "schema_version", std::to_string(schema_version));
    set_metadata(db, "updated", utc_now_iso8601());
    tx.commit();
}

} // namespace

std::string tool_version() {
    return ALLSEASON_VERSION;
}

std::string utc_now_iso8601() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

static void require_metric(const geo::crs& crs) {
    if (crs.is_geographic()) {
        throw crs_error(fmt::format(
            "\"{}\" ({}) is a geographic CRS in degrees; a project needs a metric CRS so that "
            "lengths and distances are in metres, e.g. --crs EPSG:3405 (VN-2000 / UTM 48N) or "
            "--crs VN2000:bac-giang",
            crs.user_text(), crs.name()));
    }
}

project::project(geo::database db) : m_db(std::move(db)), m_location(m_db.path()) {}

project::~project() {
    // A command that failed leaves its copy unclean (pulled again next time), pushing nothing.
    if (m_store && std::uncaught_exceptions() == 0) {
        m_store->close(m_db);
    }
}

project::project(project&& other) noexcept = default;
project& project::operator=(project&& other) noexcept = default;

project project::create(const std::filesystem::path& path, const std::optional<geo::crs>& crs,
                        const create_options& options) {
    if (!geo::pg::is_url(path.string())) {
        return create_file(path, crs, options);
    }
    if (crs) {
        require_metric(*crs);
    }
    auto store = pg_store::create(path.string(), options.force);
    create_options local = options;
    local.force = true;
    if (local.name.empty()) {
        local.name = store->schema();
    }
    create_file(store->copy_path(), crs, local);
    store->publish_copy();
    const auto copy = store->copy_path();
    return open_file(copy, true, std::move(store));
}

project project::create_file(const std::filesystem::path& path, const std::optional<geo::crs>& crs,
                             const create_options& options) {
    if (crs) {
        require_metric(*crs);
    }
    if (std::filesystem::exists(path) && !options.force) {
        throw usage_error(
            fmt::format("{}: the file already exists; use --force to replace it", path.string()));
    }
    // Build beside the target and rename at the end: a failure leaves no half-made project.
    std::filesystem::path part = path;
    part += ".part";
    std::filesystem::remove(part);
    try {
        project result(geo::database::open(part, geo::open_mode::create));
        auto& d = result.m_db;
        // InitSpatialMetadata runs its own transaction, so it cannot go inside ours.
        d.exec("SELECT InitSpatialMetadata(1, 'NONE')");
        geo::transaction tx(d);
        d.exec(metadata_table_sql);
        const std::string now = utc_now_iso8601();
        set_metadata(d, "name", options.name.empty() ? path.stem().string() : options.name);
        set_metadata(d, "crs", "");
        set_metadata(d, "srid", "0");
        set_metadata(d, "schema_version", std::to_string(schema_version));
        set_metadata(d, "tool_version", tool_version());
        set_metadata(d, "created", now);
        set_metadata(d, "updated", now);
        d.exec(scenarios_table_sql);
        d.exec(builtin_scenarios_sql);
        d.exec(vehicles_table_sql);
        d.exec(builtin_vehicles_sql);
        d.exec(import_log_table_sql);
        create_web_tables(d);
        ensure_network_bookkeeping(d);
        result.load_metadata();
        if (crs) {
            result.set_crs(*crs);
        }
        tx.commit();
    } catch (...) {
        std::filesystem::remove(part);
        throw;
    }
    std::filesystem::rename(part, path);
    return open(path);
}

void project::set_crs(const geo::crs& crs) {
    if (has_crs()) {
        throw data_error(
            fmt::format("{}: the project CRS is already {}", path().string(), m_metadata.crs_text));
    }
    require_metric(crs);
    const int srid = ensure_srid(crs);
    for (const auto& spec : source_layers()) {
        create_layer_table(m_db, spec, srid);
    }
    ensure_network_bookkeeping(m_db);
    set_metadata(m_db, "crs", crs.canonical_text());
    set_metadata(m_db, "srid", std::to_string(srid));
    load_metadata();
}

project project::open(const std::filesystem::path& path, bool writable, bool long_running) {
    if (geo::pg::is_url(path.string())) {
        auto store = pg_store::open(path.string(), writable, long_running);
        const auto copy = store->copy_path();
        // A role that may only read works on a writable copy too: answers are stored there
        // only (pg_store refuses changes of the project's data with the server's reason).
        return open_file(copy, writable, std::move(store));
    }
    return open_file(path, writable, nullptr);
}

std::unique_ptr<row_tap> project::row_tap_for(const layer_spec& layer) {
    return m_store ? m_store->stream_rows(m_db, layer) : nullptr;
}

bool project::refresh() {
    if (!m_store || !m_store->refresh(m_db)) {
        return false;
    }
    load_metadata();
    return true;
}

project::write_turn::write_turn(project& p) : m_project(&p) {
    if (p.m_store) {
        p.m_store->begin_write(p.m_db);
        p.load_metadata();
    }
}

void project::write_turn::finish() {
    if (m_project->m_store) {
        m_project->m_store->push(m_project->m_db);
    }
}

project::write_turn::~write_turn() {
    if (m_project->m_store) {
        m_project->m_store->end_write();
    }
}

project project::open_file(const std::filesystem::path& path, bool writable,
                           std::unique_ptr<pg_store> store) {
    if (!std::filesystem::exists(path)) {
        throw io_error(fmt::format("{}: no such project file (create one with allseason init)",
                                   path.string()));
    }
    auto opened = store && writable ? store->take_opened_copy() : std::nullopt;
    auto db = opened ? std::move(*opened)
                     : geo::database::open(path, writable ? geo::open_mode::read_write
                                                          : geo::open_mode::read_only);
    if (!db.table_exists("allseason_metadata")) {
        throw data_error(fmt::format("{}: not an allseason project (no allseason_metadata table)",
                                     path.string()));
    }
    project result(std::move(db));
    if (store) {
        store->attach(result.m_db);
        result.m_location = store->location();
        result.m_store = std::move(store);
    }
    result.load_metadata();
    const int version = result.m_metadata.schema_version;
    if (version > schema_version) {
        throw data_error(fmt::format(
            "{}: the project has schema version {}, newer than this allseason ({}, schema {}); "
            "upgrade allseason to open it",
            path.string(), version, tool_version(), schema_version));
    }
    // Schema 4 only added the compiled network's bookkeeping and schema 5 the web map's tables:
    // a schema-3 or 4 project can be read as it is (a schema-3 one's network is built every
    // time until it is opened writable).
    if (version < schema_version && !(version >= 3 && !writable)) {
        if (!writable) {
            throw data_error(fmt::format("{}: schema version {} needs migrating to {}; open it "
                                         "writable once",
                                         path.string(), version, schema_version));
        }
        migrate(result.m_db, version);
        result.load_metadata();
    }
    if (writable && !result.m_db.read_only() && !network_generation(result.m_db)) {
        // Another tool made an input table anew (its triggers went with the old one).
        geo::transaction tx(result.m_db);
        ensure_network_bookkeeping(result.m_db);
        tx.commit();
    }
    return result;
}

project_metadata read_metadata(geo::database& db) {
    project_metadata m;
    auto stmt = db.prepare("SELECT key, value FROM allseason_metadata");
    while (stmt.step()) {
        const std::string key = stmt.get_text(0);
        const std::string value = stmt.get_text(1);
        if (key == "name")
            m.name = value;
        else if (key == "crs")
            m.crs_text = value;
        else if (key == "srid")
            m.srid = std::stoi(value);
        else if (key == "schema_version")
            m.schema_version = std::stoi(value);
        else if (key == "tool_version")
            m.tool_version = value;
        else if (key == "created")
            m.created = value;
        else if (key == "updated")
            m.updated = value;
    }
    return m;
}

void project::load_metadata() {
    m_metadata = read_metadata(m_db);
    if (m_metadata.schema_version == 0) {
        throw data_error(
            fmt::format("{}: the project metadata lacks schema_version", path().string()));
    }
}

geo::crs project::crs() const {
    if (!has_crs()) {
        throw data_error(fmt::format("{}: the project has no CRS yet: import a layer or create "
                                     "it with allseason init --crs",
                                     path().string()));
    }
    return geo::crs::from_user_text(m_metadata.crs_text);
}

std::vector<layer_count> project::layer_counts() {
    std::vector<layer_count> counts;
    for (const auto& spec : source_layers()) {
        layer_count c{std::string(spec.name), std::string(spatialite_geometry_type(spec.geometry)),
                      0};
        if (!has_crs()) {
            counts.push_back(std::move(c)); // the tables come with the CRS; all are empty now
            continue;
        }
        c.features =
            m_db.query_int(fmt::format("SELECT count(*) FROM {}", geo::quote_identifier(spec.name)))
                .value_or(0);
        counts.push_back(std::move(c));
    }
    return counts;
}

void project::touch() {
    set_metadata(m_db, "updated", utc_now_iso8601());
    m_metadata.updated = utc_now_iso8601();
}

int project::ensure_srid(const geo::crs& crs) {
    if (auto code = crs.epsg_code()) {
        auto known = m_db.prepare("SELECT 1 FROM spatial_ref_sys WHERE srid = ?");
        known.bind(1, *code);
        if (known.step()) {
            return *code;
        }
        // SpatiaLite's own EPSG list predates some codes (the VN-2000 TM-3 zones 9205–9218).
        auto insert = m_db.prepare("SELECT InsertEpsgSrid(?)");
        insert.bind(1, *code);
        if (insert.step() && insert.get_int(0) == 1) {
            return *code;
        }
        m_db.prepare("INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, ref_sys_name, "
                     "proj4text, srtext) VALUES (?, 'EPSG', ?, ?, ?, ?)")
            .bind(1, *code)
            .bind(2, *code)
            .bind(3, crs.name())
            .bind(4, crs.to_proj_string())
            .bind(5, crs.to_wkt())
            .run();
        return *code;
    }
    const std::string wkt = crs.to_wkt();
    auto same = m_db.prepare("SELECT srid FROM spatial_ref_sys WHERE srtext = ?");
    same.bind(1, wkt);
    if (same.step()) {
        return static_cast<int>(same.get_int(0));
    }
    const int srid = static_cast<int>(std::max<std::int64_t>(
        first_custom_srid, m_db.query_int("SELECT max(srid) + 1 FROM spatial_ref_sys "
                                          "WHERE srid >= 990001")
                               .value_or(first_custom_srid)));
    m_db.prepare("INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, ref_sys_name, "
                 "proj4text, srtext) VALUES (?, 'allseason', ?, ?, ?, ?)")
        .bind(1, srid)
        .bind(2, srid)
        .bind(3, crs.name())
        .bind(4, crs.to_proj_string())
        .bind(5, wkt)
        .run();
    return srid;
}

} // namespace allseason::layers
