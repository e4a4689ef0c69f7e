#include "layers/pg_store.hpp"

#include "layers/pg_mirror.hpp"
#include "layers/pg_qgis_project.hpp"
#include "layers/pg_styles.hpp"
#include "layers/pg_stream.hpp"
#include "layers/schema.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <optional>
#include <unistd.h>

namespace allseason::layers {

namespace {

using geo::quote_identifier;
using counters = std::map<std::string, std::string>;

std::filesystem::path cache_dir() {
    if (const char* dir = std::getenv("ALLSEASON_PG_CACHE_DIR"); dir && *dir) {
        return dir;
    }
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
        return std::filesystem::path(xdg) / "allseason" / "pg";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".cache" / "allseason" / "pg";
}

// Local copies hold personal data (households, names): only their owner may read them.
void make_private_dir(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
}

std::string safe_file_part(std::string_view text) {
    std::string out;
    for (char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-';
        out += plain ? c : '_';
    }
    return out.substr(0, 40);
}

void remove_copy_files(const std::filesystem::path& copy) {
    std::error_code ignored;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
        auto file = copy;
        file += suffix;
        std::filesystem::remove(file, ignored);
    }
}

std::optional<std::string> local_value(geo::database& db, std::string_view key) {
    auto stmt = db.prepare("SELECT value FROM allseason_pg_sync WHERE key = ?");
    stmt.bind(1, key);
    return stmt.step() ? std::optional(stmt.get_text(0)) : std::nullopt;
}

void set_local_value(geo::database& db, std::string_view key, std::string_view value) {
    db.prepare("INSERT INTO allseason_pg_sync (key, value) VALUES (?, ?) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

counters local_counters(geo::database& db) {
    counters known;
    auto stmt = db.prepare("SELECT substr(key, 9), value FROM allseason_pg_sync "
                           "WHERE key LIKE 'counter:%'");
    while (stmt.step()) {
        known[stmt.get_text(0)] = stmt.get_text(1);
    }
    return known;
}

void set_local_counters(geo::database& db, const counters& values) {
    db.exec("DELETE FROM allseason_pg_sync WHERE key LIKE 'counter:%'");
    for (const auto& [table, counter] : values) {
        set_local_value(db, "counter:" + table, counter);
    }
}

counters server_counters(geo::pg::connection& pg, const std::string& schema, bool for_update) {
    const auto rows =
        pg.exec(fmt::format("SELECT table_name, counter::text FROM {}.allseason_changes "
                            "ORDER BY table_name{}",
                            quote_identifier(schema), for_update ? " FOR UPDATE" : ""));
    counters values;
    for (int r = 0; r < rows.rows(); ++r) {
        values[std::string(rows.get(r, 0))] = std::string(rows.get(r, 1));
    }
    return values;
}

// The name of the first table the server counted a change of that the copy has not seen.
std::optional<std::string> changed_underneath(const counters& server, const counters& known) {
    for (const auto& [table, counter] : server) {
        const auto mine = known.find(table);
        if (mine == known.end() || mine->second != counter) {
            return table;
        }
    }
    return std::nullopt;
}

// The SQLite definitions stored in the schema, enough to make each table again locally.
std::vector<pg_mirror::table> stored_tables(geo::pg::connection& pg, const std::string& schema) {
    const auto rows =
        pg.exec(fmt::format("SELECT table_name, kind, sql FROM "
                            "{}.allseason_sqlite_schema ORDER BY table_name, position",
                            quote_identifier(schema)));
    std::vector<pg_mirror::table> tables;
    for (int r = 0; r < rows.rows(); ++r) {
        const std::string name(rows.get(r, 0));
        const std::string_view kind = rows.get(r, 1);
        const std::string sql(rows.get(r, 2));
        if (tables.empty() || tables.back().name != name) {
            tables.push_back({name, {}, {}, {}, {}});
        }
        auto& t = tables.back();
        if (kind == "table") {
            t.sqlite_create = sql;
        } else if (kind == "geometry") {
            pg_mirror::column c;
            char type[64] = {};
            char column_name[256] = {};
            int index = 0;
            std::sscanf(sql.c_str(), "%255s %63s %d %d", column_name, type, &c.srid, &index);
            c.name = column_name;
            c.geometry_type = type;
            c.spatial_index = index != 0;
            c.kind = pg_mirror::value_kind::geometry;
            t.columns.push_back(std::move(c));
        } else {
            t.sqlite_extras.push_back(sql);
        }
    }
    return tables;
}

void store_tables(geo::pg::connection& pg, const std::string& schema,
                  const std::vector<pg_mirror::table>& tables) {
    const std::string target = quote_identifier(schema) + ".allseason_sqlite_schema";
    pg.exec("DELETE FROM " + target);
    const std::string insert =
        "INSERT INTO " + target + " (table_name, position, kind, sql) VALUES ($1, $2, $3, $4)";
    for (const auto& t : tables) {
        int position = 0;
        pg.exec(insert, {t.name, std::to_string(position++), "table", t.sqlite_create});
        for (const auto& c : t.columns) {
            if (c.kind == pg_mirror::value_kind::geometry) {
                pg.exec(insert, {t.name, std::to_string(position++), "geometry",
                                 fmt::format("{} {} {} {}", c.name, c.geometry_type, c.srid,
                                             c.spatial_index ? 1 : 0)});
            }
        }
        for (const auto& extra : t.sqlite_extras) {
            pg.exec(insert, {t.name, std::to_string(position++), "extra", extra});
        }
    }
}

// The fingerprint of stored definitions matches that of describe() on a copy made from them.
std::string stored_fingerprint(const std::vector<pg_mirror::table>& tables) {
    return pg_mirror::fingerprint(tables);
}

// The copy's tables are those stored in the schema. The layer being written is compared
// without its triggers and indexes, which a layer_writer sets aside while it writes.
bool same_definitions(const std::vector<pg_mirror::table>& local,
                      const std::vector<pg_mirror::table>& stored, std::string_view writing) {
    const auto definition = [&](pg_mirror::table t) {
        if (t.name == writing) {
            t.sqlite_extras.clear();
        }
        return pg_mirror::fingerprint({t});
    };
    std::map<std::string, std::string> server;
    for (const auto& t : stored) {
        server[t.name] = definition(t);
    }
    if (server.size() != local.size()) {
        return false;
    }
    return std::all_of(local.begin(), local.end(), [&](const pg_mirror::table& t) {
        const auto found = server.find(t.name);
        return found != server.end() && found->second == definition(t);
    });
}

void create_bookkeeping(geo::pg::connection& pg, const std::string& schema) {
    const std::string s = quote_identifier(schema);
    pg.exec("CREATE SCHEMA " + s);
    pg.exec("CREATE TABLE " + s +
            ".allseason_changes (table_name text PRIMARY KEY, counter bigint NOT NULL DEFAULT 0)");
    pg.exec("CREATE TABLE " + s +
            ".allseason_sqlite_schema (table_name text NOT NULL, position integer NOT NULL, "
            "kind text NOT NULL, sql text NOT NULL, PRIMARY KEY (table_name, position))");
    // SECURITY DEFINER: an editor allowed to change a layer need not be granted the counters.
    pg.exec("CREATE FUNCTION " + s +
            ".allseason_count_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
            "SET search_path = pg_catalog AS $f$ BEGIN EXECUTE format('UPDATE %I.allseason_changes "
            "SET counter = counter + 1 WHERE table_name = $1', TG_TABLE_SCHEMA) USING "
            "TG_TABLE_NAME; RETURN NULL; END $f$");
}

// The tables a planner's edits and imports change (not what commands store for themselves).
bool is_project_data(const std::string& table) {
    return find_layer(table) != nullptr || table == "scenarios" || table == "vehicles" ||
           table == "allseason_metadata" || table == "import_log";
}

// Layer tables first, then the compiled network's, so that the network's stored state wins
// over the counting its input tables' triggers do while being filled.
bool pulled_before(const pg_mirror::table& a, const pg_mirror::table& b) {
    const bool a_network = a.name.starts_with("network_");
    const bool b_network = b.name.starts_with("network_");
    return a_network != b_network ? b_network : a.name < b.name;
}

void ensure_local_srids(geo::pg::connection& pg, geo::database& db,
                        const std::vector<pg_mirror::table>& tables) {
    for (const auto& t : tables) {
        for (const auto& c : t.columns) {
            if (c.kind != pg_mirror::value_kind::geometry ||
                db.prepare("SELECT 1 FROM spatial_ref_sys WHERE srid = ?").bind(1, c.srid).step()) {
                continue;
            }
            auto epsg = db.prepare("SELECT InsertEpsgSrid(?)");
            if (epsg.bind(1, c.srid).step() && epsg.get_int(0) == 1) {
                continue;
            }
            const auto row = pg.exec("SELECT auth_name, auth_srid::text, srtext, proj4text FROM "
                                     "public.spatial_ref_sys WHERE srid = $1",
                                     {std::to_string(c.srid)});
            if (row.rows() == 0) {
                continue;
            }
            db.prepare("INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, ref_sys_name, "
                       "proj4text, srtext) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(1, c.srid)
                .bind(2, row.get(0, 0))
                .bind(3, static_cast<std::int64_t>(std::stoll(std::string(row.get(0, 1)))))
                .bind(4, fmt::format("SRID {}", c.srid))
                .bind(5, row.get(0, 3))
                .bind(6, row.get(0, 2))
                .run();
        }
    }
}

// PostGIS 3.3 lacks newer EPSG codes (the VN-2000 TM-3 zones 9205–9218): give the server the
// project's definition (from PROJ, as SpatiaLite holds it) so that QGIS can match the layers.
void ensure_server_srids(geo::database& db, geo::pg::connection& pg,
                         const std::vector<pg_mirror::table>& tables) {
    std::set<int> srids;
    for (const auto& t : tables) {
        for (const auto& c : t.columns) {
            if (c.kind == pg_mirror::value_kind::geometry && c.srid > 0) {
                srids.insert(c.srid);
            }
        }
    }
    for (int srid : srids) {
        if (pg.exec("SELECT 1 FROM public.spatial_ref_sys WHERE srid = $1", {std::to_string(srid)})
                .rows() > 0) {
            continue;
        }
        auto local = db.prepare(
            "SELECT auth_name, auth_srid, srtext, proj4text FROM spatial_ref_sys WHERE srid = ?");
        if (!local.bind(1, srid).step()) {
            continue;
        }
        pg.exec(
            "INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
            "VALUES ($1, upper($2), $3, $4, $5)",
            {std::to_string(srid), local.get_text(0), local.get_text(1), local.get_text(2),
             local.get_text(3)});
    }
}

// Pulls every table whose server counter differs from the copy's (all with `everything`),
// then records the server's counters; inside the caller's local transaction.
void pull_changed(geo::pg::connection& pg, geo::database& db, const std::string& schema,
                  const counters& current, const counters& known, bool everything) {
    auto local = pg_mirror::describe(db);
    std::sort(local.begin(), local.end(), pulled_before);
    for (const auto& t : local) {
        const auto server = current.find(t.name);
        const auto mine = known.find(t.name);
        if (everything || server == current.end() || mine == known.end() ||
            mine->second != server->second) {
            pg_mirror::pull_rows(pg, db, t, schema);
        }
    }
    set_local_counters(db, current);
}

} // namespace

std::unique_ptr<pg_store> pg_store::connect(std::string_view url) {
    auto parts = geo::pg::parse_url(url);
    const std::string location = geo::pg::without_password(url);
    if (parts.schema.empty()) {
        throw usage_error(fmt::format("{}: the URL names no schema; add ?schema=NAME (one schema "
                                      "per commune project)",
                                      location));
    }
    auto conn = geo::pg::connection::open(parts.conninfo, location);
    return std::unique_ptr<pg_store>(new pg_store(std::move(conn), parts.schema, location));
}

pg_store::~pg_store() {
    if (m_long_running && !m_copy_path.empty()) {
        remove_copy_files(m_copy_path);
    }
}

bool pg_store::refresh(geo::database& db) {
    geo::pg::transaction snapshot(m_conn);
    m_conn.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const auto current = server_counters(m_conn, m_schema, false);
    const auto known = local_counters(db);
    if (current == known) {
        return false;
    }
    if (stored_fingerprint(stored_tables(m_conn, m_schema)) !=
            local_value(db, "fingerprint").value_or("") ||
        schema_oid() != local_value(db, "schema_oid").value_or("")) {
        throw data_error(fmt::format("{}: the tables of schema \"{}\" were made again (copy "
                                     "--force, or a newer allseason) while this process ran; "
                                     "start it again",
                                     m_location, m_schema));
    }
    m_pulling = true;
    try {
        db.exec("BEGIN IMMEDIATE");
        pull_changed(m_conn, db, m_schema, current, known, false);
        db.exec("COMMIT");
    } catch (...) {
        if (db.in_transaction()) {
            db.exec("ROLLBACK");
        }
        m_pulling = false;
        throw;
    }
    m_pulling = false;
    snapshot.commit();
    return true;
}

void pg_store::begin_write(geo::database& db) {
    if (!m_long_running || !m_writable) {
        return;
    }
    // A visitor's feedback waits for a planner's command at most this long, not for an
    // import of a whole province layer: they are told to try again instead.
    m_conn.exec("SET lock_timeout = '10s'");
    try {
        lock();
    } catch (const geo::pg::server_error& e) {
        m_conn.exec("RESET lock_timeout");
        if (e.sqlstate() != "55P03") {
            throw;
        }
        // Said to a web visitor: no host or database in it.
        throw data_error("another command is updating this project; nothing was written — try "
                         "again in a minute");
    }
    m_conn.exec("RESET lock_timeout");
    try {
        refresh(db);
    } catch (...) {
        end_write();
        throw;
    }
}

void pg_store::end_write() noexcept {
    if (!m_long_running || !m_writable) {
        return;
    }
    try {
        m_conn.exec("SELECT pg_advisory_unlock(hashtext('allseason'), hashtext($1))", {m_schema});
    } catch (...) {
        // The lock goes with the connection at the latest.
    }
}

std::string pg_store::schema_oid() {
    return m_conn.exec("SELECT oid::text FROM pg_namespace WHERE nspname = $1", {m_schema})
        .scalar()
        .value_or("");
}

bool pg_store::schema_exists() {
    return m_conn.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {m_schema}).rows() > 0;
}

bool pg_store::try_write_access() {
    try {
        geo::pg::transaction tx(m_conn);
        m_conn.exec(fmt::format("UPDATE {}.allseason_changes SET counter = counter WHERE false",
                                quote_identifier(m_schema)));
        return true;
    } catch (const geo::pg::server_error& e) {
        if (!e.permission_denied()) {
            throw;
        }
        m_refusal = fmt::format("{}: PostgreSQL refuses this role writes to schema \"{}\": {}; "
                                "nothing was changed",
                                m_location, m_schema, e.server_message());
        return false;
    }
}

void pg_store::lock() {
    // Held until the connection closes: two writers of one schema run one after the other.
    m_conn.exec("SELECT pg_advisory_lock(hashtext('allseason'), hashtext($1))", {m_schema});
}

void pg_store::choose_copy(bool writer) {
    const auto dir = cache_dir();
    make_private_dir(dir);
    const std::size_t key = std::hash<std::string>{}(m_conn.identity() + "\n" + m_schema);
    // A long-running process works without the lock, so never on a command's copy.
    const std::string kind = m_long_running ? fmt::format(".serve-{}", ::getpid())
                             : writer       ? ""
                                            : ".read";
    m_copy_path =
        dir / fmt::format("{}-{:016x}{}.sqlite", safe_file_part(m_schema), key, kind);
}

std::unique_ptr<pg_store> pg_store::open(std::string_view url, bool writable,
                                         bool long_running) {
    auto store = connect(url);
    store->m_long_running = long_running;
    try {
        if (!store->schema_exists()) {
            throw io_error(fmt::format("{}: no schema \"{}\" in this database (create the project "
                                       "with allseason init)",
                                       store->m_location, store->m_schema));
        }
        if (store->m_conn
                .exec("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = "
                      "'allseason_changes'",
                      {store->m_schema})
                .rows() == 0) {
            throw data_error(fmt::format("{}: schema \"{}\" is not an allseason project (no "
                                         "allseason_changes table)",
                                         store->m_location, store->m_schema));
        }
        store->m_writable = writable && store->try_write_access();
        if (store->m_writable && !long_running) {
            store->lock();
        }
        store->choose_copy(store->m_writable);
        store->sync_copy();
    } catch (const geo::pg::server_error& e) {
        if (e.permission_denied()) {
            store->refused(e);
        }
        throw;
    }
    return store;
}

std::unique_ptr<pg_store> pg_store::create(std::string_view url, bool force) {
    auto store = connect(url);
    store->lock();
    if (store->schema_exists() && !force) {
        throw usage_error(fmt::format("{}: schema \"{}\" already exists; use --force to replace it",
                                      store->m_location, store->m_schema));
    }
    store->m_force = force;
    store->m_writable = true;
    store->choose_copy(true);
    remove_copy_files(store->m_copy_path);
    return store;
}

void pg_store::sync_copy() {
    geo::pg::transaction snapshot(m_conn);
    m_conn.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const auto tables = stored_tables(m_conn, m_schema);
    const auto current = server_counters(m_conn, m_schema, false);
    const std::string wanted = stored_fingerprint(tables);
    // Counters start again when a schema is made anew (copy --force): its OID tells them apart.
    const std::string incarnation = schema_oid();
    // Opening a copy loads SpatiaLite and PROJ's database (~10–25 ms): once when it is kept.
    std::optional<geo::database> kept;
    if (std::filesystem::exists(m_copy_path)) {
        kept.emplace(geo::database::open(m_copy_path, geo::open_mode::read_write));
        if (!kept->table_exists("allseason_pg_sync") ||
            local_value(*kept, "fingerprint").value_or("") != wanted ||
            local_value(*kept, "schema_oid").value_or("") != incarnation ||
            local_value(*kept, "clean").value_or("0") != "1") {
            kept.reset();
        }
    }
    const bool rebuild = !kept;
    if (rebuild) {
        remove_copy_files(m_copy_path); // its WAL too, which SQLite would replay into the new one
    }
    auto db = rebuild ? geo::database::open(m_copy_path, geo::open_mode::create)
                      : std::move(*kept);
    std::filesystem::permissions(
        m_copy_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace);
    if (rebuild) {
        db.exec("SELECT InitSpatialMetadata(1, 'NONE')");
        db.exec("CREATE TABLE allseason_pg_sync (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }
    const counters known = local_counters(db);
    if (!rebuild && known == current) {
        snapshot.commit();
        m_schema_version_in_step = db.query_int("PRAGMA schema_version");
        m_opened_copy.emplace(std::move(db));
        return; // in step: nothing to write (the copy is marked clean already)
    }
    db.exec("BEGIN IMMEDIATE");
    try {
        if (rebuild) {
            ensure_local_srids(m_conn, db, tables);
            for (const auto& t : tables) {
                pg_mirror::create_local_table(db, t);
            }
            for (const auto& t : tables) {
                pg_mirror::create_local_extras(db, t);
            }
        }
        pull_changed(m_conn, db, m_schema, current, known, rebuild);
        set_local_value(db, "fingerprint", wanted);
        set_local_value(db, "schema_oid", incarnation);
        set_local_value(db, "clean", "1");
        db.exec("COMMIT");
    } catch (...) {
        if (db.in_transaction()) {
            db.exec("ROLLBACK");
        }
        throw;
    }
    snapshot.commit();
    m_schema_version_in_step = db.query_int("PRAGMA schema_version");
    m_opened_copy.emplace(std::move(db));
}

std::optional<geo::database> pg_store::take_opened_copy() {
    auto taken = std::move(m_opened_copy);
    m_opened_copy.reset();
    return taken;
}

void pg_store::attach(geo::database& db) {
    if (!db.read_only()) {
        // A copy is a cache of the schema: after a power cut, a lost tail of its commits
        // (WAL with synchronous=NORMAL keeps the file whole) leaves it marked unclean, or its
        // counters behind the server's, and the next command pulls again. So it need not wait
        // for the disk at every commit, nor at close, as a project file must.
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = NORMAL");
        db.keep_wal_on_close();
    }
    std::filesystem::permissions(
        m_copy_path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
        std::filesystem::perm_options::replace);
    geo::database::write_watch watch;
    watch.on_write = [this](std::string_view table) {
        if (m_stream && table == m_stream->table_name()) {
            ++m_stream_writes;
            return; // (dirty already: the stream began with a write to it)
        }
        if (!m_pulling && pg_mirror::is_mirrored_table(table) && !m_dirty.contains(std::string(table))) {
            m_dirty.insert(std::string(table));
        }
    };
    watch.after_commit = [this](geo::database& committed) { push(committed); };
    db.watch_writes(std::move(watch));
    if (m_writable && db.table_exists("allseason_pg_sync")) {
        // Unclean until the command ends well: a killed command's copy is pulled again.
        set_local_value(db, "clean", "0");
    }
}

void pg_store::refused(const geo::pg::server_error& e) const {
    throw data_error(fmt::format("{}: PostgreSQL refused access to schema \"{}\": {} (SQLSTATE "
                                 "{}); nothing was changed",
                                 m_location, m_schema, e.server_message(), e.sqlstate()));
}

void pg_store::publish_copy() {
    auto db = geo::database::open(m_copy_path, geo::open_mode::read_write);
    db.exec("CREATE TABLE IF NOT EXISTS allseason_pg_sync (key TEXT PRIMARY KEY, value TEXT NOT "
            "NULL)");
    write_tables(db, pg_mirror::describe(db), true);
    set_local_value(db, "clean", "1");
}

void pg_store::push(geo::database& db) {
    if (!m_writable) {
        forget_local_writes(db);
        return;
    }
    const auto copy_schema_version = db.query_int("PRAGMA schema_version");
    const bool idle = m_dirty.empty() && !m_stream;
    if (idle && copy_schema_version == m_schema_version_in_step) {
        return;
    }
    const auto tables = pg_mirror::describe(db);
    if (!idle || pg_mirror::fingerprint(tables) != local_value(db, "fingerprint")) {
        write_tables(db, tables, false);
    }
    m_schema_version_in_step = copy_schema_version;
}

void pg_store::write_tables(geo::database& db, const std::vector<pg_mirror::table>& tables,
                            bool creating) {
    try {
        const std::string fp = pg_mirror::fingerprint(tables);
        std::set<std::string> to_write = m_dirty;
        std::set<std::string> fresh;
        const bool streamed = !creating && take_stream(db, fp);
        const auto tx = streamed ? std::move(m_stream_tx)
                                 : std::make_unique<geo::pg::transaction>(m_conn);
        if (streamed) {
            to_write.erase(m_stream->table_name());
        }
        if (creating) {
            if (m_force) {
                m_conn.exec(
                    fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", quote_identifier(m_schema)));
            }
            create_bookkeeping(m_conn, m_schema);
        } else if (!streamed) {
            // (A stream checked this when it began, and has held the counters' rows since.)
            if (const auto table = changed_underneath(server_counters(m_conn, m_schema, true),
                                                      local_counters(db))) {
                throw data_error(fmt::format(
                    "{}: table {} of schema \"{}\" changed while this command ran (an edit "
                    "in QGIS or psql?); nothing was written — run the command again",
                    m_location, *table, m_schema));
            }
        }
        if (creating || fp != local_value(db, "fingerprint")) {
            // public.spatial_ref_sys and public.layer_styles are shared by every schema: two
            // schemas made at once would race to create the same rows and table.
            m_conn.exec("SELECT pg_advisory_xact_lock(hashtext('allseason'), 0)");
            ensure_server_srids(db, m_conn, tables);
            std::map<std::string, std::string> before;
            if (!creating) {
                for (const auto& t : stored_tables(m_conn, m_schema)) {
                    before[t.name] = pg_mirror::fingerprint({t});
                }
            }
            for (const auto& t : tables) {
                const auto old = before.find(t.name);
                if (old != before.end() && old->second == pg_mirror::fingerprint({t})) {
                    before.erase(old);
                    continue;
                }
                const std::string name =
                    quote_identifier(m_schema) + "." + quote_identifier(t.name);
                m_conn.exec("DROP TABLE IF EXISTS " + name);
                for (const auto& sql : pg_mirror::postgres_ddl(t, m_schema)) {
                    m_conn.exec(sql);
                }
                m_conn.exec(fmt::format("INSERT INTO {}.allseason_changes (table_name) VALUES ($1) "
                                        "ON CONFLICT (table_name) DO NOTHING",
                                        quote_identifier(m_schema)),
                            {t.name});
                fresh.insert(t.name);
                to_write.insert(t.name);
                before.erase(t.name);
            }
            for (const auto& [gone, unused] : before) {
                m_conn.exec(fmt::format("DROP TABLE IF EXISTS {}.{}", quote_identifier(m_schema),
                                        quote_identifier(gone)));
                m_conn.exec(fmt::format("DELETE FROM {}.allseason_changes WHERE table_name = $1",
                                        quote_identifier(m_schema)),
                            {gone});
            }
            store_tables(m_conn, m_schema, tables);
            std::vector<std::string> names;
            for (const auto& t : tables) {
                names.push_back(t.name);
            }
            write_pg_styles(m_conn, m_schema, names);
        }
        bool layers_written = creating || streamed || !fresh.empty();
        for (const auto& t : tables) {
            if (to_write.contains(t.name)) {
                pg_mirror::push_rows(db, m_conn, t, m_schema, fresh.contains(t.name));
                layers_written = layers_written || find_layer(t.name) != nullptr ||
                                 t.name == "allseason_metadata";
            }
        }
        if (layers_written) {
            // Its extent, layers and name follow the data.
            write_pg_qgis_project(m_conn, db, m_schema);
        }
        const auto now = server_counters(m_conn, m_schema, false);
        const std::string incarnation = schema_oid();
        tx->commit();
        m_stream.reset();
        db.exec("BEGIN IMMEDIATE");
        set_local_counters(db, now);
        set_local_value(db, "schema_oid", incarnation);
        set_local_value(db, "fingerprint", fp);
        db.exec("COMMIT");
        m_dirty.clear();
    } catch (const geo::pg::server_error& e) {
        m_failed = true;
        drop_stream();
        if (e.permission_denied()) {
            refused(e);
        }
        throw;
    } catch (...) {
        m_failed = true;
        drop_stream();
        throw;
    }
}

// A role that may only read still answers: what a command stores for itself (results, the
// compiled network) stays in the local copy, to be pulled again, as for a read-only file. A
// change of the project's data is refused with the server's reason.
void pg_store::forget_local_writes(geo::database& db) {
    if (m_dirty.empty() || db.read_only()) {
        return;
    }
    std::string refused_table;
    db.exec("BEGIN IMMEDIATE");
    for (const auto& table : m_dirty) {
        set_local_value(db, "counter:" + table, "stale");
        if (is_project_data(table)) {
            refused_table = table;
        }
    }
    db.exec("COMMIT");
    m_dirty.clear();
    if (!refused_table.empty()) {
        m_failed = true;
        throw data_error(m_refusal.empty()
                             ? fmt::format("{}: the project was opened read-only; {} not written",
                                           m_location, refused_table)
                             : m_refusal);
    }
}

// Reports a layer_writer's rows to the store's stream, which it starts at the threshold.
class pg_store::tap : public row_tap {
public:
    tap(pg_store& store, geo::database& db, const layer_spec& layer)
        : m_store(&store), m_db(&db), m_layer(&layer) {}
    // The writer is done with it: a stream not taken by the push is not wanted any more.
    ~tap() override { m_store->drop_stream(); }
    tap(const tap&) = delete;
    tap& operator=(const tap&) = delete;

    void written(std::int64_t fid, const std::vector<field_value>& values,
                 const geo::blob& wkb) override {
        if (m_state == state::declined) {
            return;
        }
        if (m_state == state::counting) {
            // Small imports are pushed after the commit as before; from here the rows go on.
            if (++m_rows < pg_mirror::index_rebuild_rows) {
                return;
            }
            m_state = m_store->start_stream(*m_db, *m_layer) ? state::streaming : state::declined;
            return; // (the stream began with every row written so far, this one too)
        }
        if (!m_store->m_stream || !m_store->m_stream->add(fid, values, wkb)) {
            m_state = state::declined;
        }
    }

    void all_written() override {
        if (m_state == state::streaming && m_store->m_stream) {
            m_store->m_stream->end();
        }
    }

private:
    enum class state { counting, streaming, declined };
    pg_store* m_store;
    geo::database* m_db;
    const layer_spec* m_layer;
    std::int64_t m_rows = 0;
    state m_state = state::counting;
};

std::unique_ptr<row_tap> pg_store::stream_rows(geo::database& db, const layer_spec& layer) {
    return m_writable ? std::make_unique<tap>(*this, db, layer) : nullptr;
}

// Anything unexpected declines the stream: the push after the commit then does it all, and
// says what went wrong if it goes wrong again.
bool pg_store::start_stream(geo::database& db, const layer_spec& layer) {
    if (m_stream || m_failed) {
        return false;
    }
    try {
        auto tx = std::make_unique<geo::pg::transaction>(m_conn);
        if (changed_underneath(server_counters(m_conn, m_schema, true), local_counters(db))) {
            return false;
        }
        const auto tables = pg_mirror::describe(db);
        if (!same_definitions(tables, stored_tables(m_conn, m_schema), layer.name)) {
            return false; // new table definitions: the push makes the tables again
        }
        const auto t = std::find_if(tables.begin(), tables.end(),
                                    [&](const pg_mirror::table& x) { return x.name == layer.name; });
        const auto layout = t == tables.end() ? std::nullopt : layout_of(*t, layer);
        if (!layout) {
            return false;
        }
        m_stream_writes = 0;
        m_stream = std::make_unique<pg_stream>(m_conn, db, *t, m_schema, *layout);
        m_stream_tx = std::move(tx);
        return true;
    } catch (const std::exception&) {
        m_stream.reset();
        return false;
    }
}

// True when the stream's rows are on the server, exactly the local table's: every write to
// the table since the stream began was one of its rows, and the counts agree.
bool pg_store::take_stream(geo::database& db, const std::string& fingerprint) {
    if (!m_stream) {
        return false;
    }
    const bool complete =
        m_stream->ended() && m_stream->wait() && m_stream_writes == m_stream->rows_added() &&
        fingerprint == local_value(db, "fingerprint") &&
        db.query_int("SELECT count(*) FROM " + quote_identifier(m_stream->table_name()))
                .value_or(-1) == m_stream->rows_sent() + m_stream->rows_added();
    if (!complete) {
        drop_stream();
    }
    return complete;
}

void pg_store::drop_stream() noexcept {
    m_stream.reset();   // joins its thread (the COPY given up)
    m_stream_tx.reset(); // then rolls back
}

void pg_store::close(geo::database& db) noexcept {
    if (!m_writable) {
        try {
            forget_local_writes(db);
        } catch (...) {
            // Already said by the push after the commit that made the change.
        }
        return;
    }
    if (m_failed || db.read_only()) {
        return;
    }
    try {
        push(db);
        set_local_value(db, "clean", "1");
    } catch (...) {
        // Left unclean: the next command pulls the schema again.
    }
}

} // namespace allseason::layers
