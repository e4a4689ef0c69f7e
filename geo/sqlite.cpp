#include "geo/sqlite.hpp"

#include "geo/errors.hpp"
#include "geo/sqlite_rtree.hpp"

#include <fmt/format.h>
#include <map>
#include <mutex>
#include <sqlite3.h> // before spatialite.h, which uses its types

#include <spatialite.h>

namespace allseason::geo {

namespace {

// Why a connection may not write (a mirrored store whose server refused us), by connection;
// a write to it fails with this reason instead of SQLite's "readonly database".
std::mutex read_only_reasons_mutex;
std::map<sqlite3*, std::string> read_only_reasons;

std::optional<std::string> read_only_reason(sqlite3* db) {
    std::lock_guard lock(read_only_reasons_mutex);
    const auto found = read_only_reasons.find(db);
    return found == read_only_reasons.end() ? std::nullopt : std::optional(found->second);
}

[[noreturn]] void throw_sqlite(sqlite3* db, int code, std::string_view what, std::string_view sql) {
    if ((code & 0xff) == SQLITE_READONLY) {
        if (auto reason = read_only_reason(db)) {
            throw data_error(*reason);
        }
    }
    std::string message =
        fmt::format("SQLite error {} ({}) while {}: {}", code, sqlite3_errstr(code), what,
                    db ? sqlite3_errmsg(db) : "no connection");
    if (!sql.empty()) {
        message += fmt::format(" [SQL: {}]", sql);
    }
    // Constraint violations are problems with the data, not with the file.
    if ((code & 0xff) == SQLITE_CONSTRAINT || (code & 0xff) == SQLITE_MISMATCH) {
        throw data_error(message);
    }
    throw io_error(message);
}

} // namespace

void database::closer::operator()(sqlite3* db) const noexcept {
    {
        std::lock_guard lock(read_only_reasons_mutex);
        read_only_reasons.erase(db);
    }
    sqlite3_close_v2(db);
    if (cache) {
        spatialite_cleanup_ex(cache);
    }
}

database database::open(const std::filesystem::path& path, open_mode mode) {
    if (mode != open_mode::create && !std::filesystem::exists(path)) {
        throw io_error(fmt::format("{}: no such file", path.string()));
    }
    int flags = SQLITE_OPEN_FULLMUTEX;
    switch (mode) {
    case open_mode::read_only:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case open_mode::read_write:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case open_mode::create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    closer close_with{spatialite_alloc_connection()};
    std::unique_ptr<sqlite3, closer> db(raw, close_with);
    if (rc != SQLITE_OK) {
        throw io_error(fmt::format("{}: cannot open SQLite database: {}", path.string(),
                                   raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    spatialite_init_ex(raw, db.get_deleter().cache, 0);
    sqlite3_busy_timeout(raw, 5000);
    sqlite3_extended_result_codes(raw, 1);
    register_hilbert_index(raw);
    database result(std::move(db), path);
    // A file that is not SQLite only fails on first read: check now so the message is clear.
    try {
        result.exec("PRAGMA schema_version");
    } catch (const io_error&) {
        throw io_error(fmt::format("{}: not a SQLite/SpatiaLite project file", path.string()));
    }
    result.exec("PRAGMA foreign_keys = ON");
    return result;
}

void database::exec(std::string_view sql) {
    std::string owned(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db.get(), owned.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        if (auto reason =
                (rc & 0xff) == SQLITE_READONLY ? read_only_reason(m_db.get()) : std::nullopt) {
            throw data_error(*reason);
        }
        std::string full = fmt::format("SQLite error {} while executing: {} [SQL: {}]", rc, text,
                                       owned.size() > 300 ? owned.substr(0, 300) + "…" : owned);
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
            throw data_error(full);
        }
        throw io_error(full);
    }
}

namespace {

void row_written(void* watch, int, const char*, const char* table, sqlite3_int64) {
    static_cast<database::write_watch*>(watch)->on_write(table);
}

int statement_authorized(void* watch, int action, const char* table, const char*, const char*,
                         const char*) {
    if (action == SQLITE_DELETE && table != nullptr) {
        static_cast<database::write_watch*>(watch)->on_write(table);
    }
    return SQLITE_OK;
}

} // namespace

void database::set_read_only_reason(std::string reason) {
    std::lock_guard lock(read_only_reasons_mutex);
    read_only_reasons[m_db.get()] = std::move(reason);
}

void database::watch_writes(write_watch watch) {
    m_watch = std::make_unique<write_watch>(std::move(watch));
    if (m_watch->on_write) {
        sqlite3_update_hook(m_db.get(), row_written, m_watch.get());
        sqlite3_set_authorizer(m_db.get(), statement_authorized, m_watch.get());
    }
}

void database::keep_wal_on_close() {
    if (sqlite3_db_config(m_db.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr) != SQLITE_OK) {
        throw io_error(fmt::format("{}: cannot keep the WAL on close: {}", m_path.string(),
                                   sqlite3_errmsg(m_db.get())));
    }
}

void database::committed() {
    if (!m_watch || !m_watch->after_commit || in_transaction() || m_in_after_commit) {
        return;
    }
    m_in_after_commit = true;
    try {
        m_watch->after_commit(*this);
    } catch (...) {
        m_in_after_commit = false;
        throw;
    }
    m_in_after_commit = false;
}

statement database::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        throw_sqlite(m_db.get(), rc, "preparing a statement", sql);
    }
    return statement(stmt, m_db.get(), std::string(sql));
}

std::optional<std::int64_t> database::query_int(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return stmt.get_optional_int(0);
}

std::optional<std::string> database::query_text(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return stmt.get_optional_text(0);
}

bool database::table_exists(std::string_view table) {
    auto stmt = prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?");
    stmt.bind(1, table);
    return stmt.step();
}

std::int64_t database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

int database::changes() const {
    return sqlite3_changes(m_db.get());
}

bool database::read_only() const {
    return sqlite3_db_readonly(m_db.get(), "main") != 0;
}

bool database::in_transaction() const {
    return sqlite3_get_autocommit(m_db.get()) == 0;
}

statement::statement(sqlite3_stmt* stmt, sqlite3* db, std::string sql)
    : m_stmt(stmt), m_db(db), m_sql(std::move(sql)) {}

void statement::finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

void statement::fail(int code, std::string_view what) const {
    throw_sqlite(m_db, code, what, m_sql);
}

statement& statement::bind(int index, std::int64_t value) {
    if (int rc = sqlite3_bind_int64(m_stmt.get(), index, value); rc != SQLITE_OK) {
        fail(rc, fmt::format("binding parameter {}", index));
    }
    return *this;
}

statement& statement::bind(int index, double value) {
    if (int rc = sqlite3_bind_double(m_stmt.get(), index, value); rc != SQLITE_OK) {
        fail(rc, fmt::format("binding parameter {}", index));
    }
    return *this;
}

statement& statement::bind(int index, std::string_view text) {
    if (int rc = sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(),
                                     SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK) {
        fail(rc, fmt::format("binding parameter {}", index));
    }
    return *this;
}

statement& statement::bind(int index, std::span<const unsigned char> data) {
    if (int rc =
            sqlite3_bind_blob64(m_stmt.get(), index, data.data(), data.size(), SQLITE_TRANSIENT);
        rc != SQLITE_OK) {
        fail(rc, fmt::format("binding parameter {}", index));
    }
    return *this;
}

statement& statement::bind_null(int index) {
    if (int rc = sqlite3_bind_null(m_stmt.get(), index); rc != SQLITE_OK) {
        fail(rc, fmt::format("binding parameter {}", index));
    }
    return *this;
}

bool statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(rc, "executing a statement");
}

void statement::run() {
    while (step()) {
    }
    reset();
}

void statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

int statement::column_count() const {
    return sqlite3_column_count(m_stmt.get());
}

bool statement::is_null(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}

std::int64_t statement::get_int(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}

double statement::get_double(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}

std::string statement::get_text(int column) const {
    const auto* text = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size))
                : std::string();
}

blob statement::get_blob(int column) const {
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    return data ? blob(data, data + size) : blob();
}

std::span<const unsigned char> statement::get_blob_view(int column) const {
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt.get(), column));
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (!data)
        return {};
    return {data, static_cast<std::size_t>(size)};
}

std::string_view statement::get_text_view(int column) const {
    const auto* data = sqlite3_column_text(m_stmt.get(), column);
    const int size = sqlite3_column_bytes(m_stmt.get(), column);
    if (!data)
        return {};
    return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

bool statement::is_text(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_TEXT;
}

std::optional<std::int64_t> statement::get_optional_int(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_int(column);
}

std::optional<double> statement::get_optional_double(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_double(column);
}

std::optional<std::string> statement::get_optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return get_text(column);
}

std::string statement::column_name(int column) const {
    const char* name = sqlite3_column_name(m_stmt.get(), column);
    return name ? name : "";
}

transaction::transaction(database& db) : m_db(&db) {
    m_db->exec("BEGIN IMMEDIATE");
}

transaction::~transaction() {
    if (!m_done) {
        // Rollback failure leaves nothing we can do in a destructor; SQLite keeps the file intact.
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void transaction::commit() {
    m_db->exec("COMMIT");
    m_done = true;
    m_db->committed();
}

savepoint::savepoint(database& db, std::string name) : m_db(&db), m_name(std::move(name)) {
    m_db->exec("SAVEPOINT " + quote_identifier(m_name));
}

savepoint::~savepoint() {
    if (!m_done) {
        // As for transactions: nothing more can be done in a destructor.
        const std::string name = quote_identifier(m_name);
        const std::string sql = "ROLLBACK TO " + name + "; RELEASE " + name;
        sqlite3_exec(m_db->handle(), sql.c_str(), nullptr, nullptr, nullptr);
    }
}

void savepoint::release() {
    m_db->exec("RELEASE " + quote_identifier(m_name));
    m_done = true;
    m_db->committed();
}

std::string quote_identifier(std::string_view name) {
    std::string quoted = "\"";
    for (char c : name) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

} // namespace allseason::geo
