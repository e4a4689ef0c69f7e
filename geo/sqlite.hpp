#pragma once
// SQLite connections with SpatiaLite loaded, prepared statements with typed binds, and a
// transaction guard. Handles are forward-declared so that callers need not see sqlite3.h.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace allseason::geo {

using blob = std::vector<unsigned char>;

enum class open_mode { read_only, read_write, create };

class statement;

// A move-only connection to one SQLite file with SpatiaLite initialised on it.
class database {
public:
    // Opens `path`. `create` makes the file when it is missing; the other modes require it.
    static database open(const std::filesystem::path& path, open_mode mode);

    void exec(std::string_view sql);
    statement prepare(std::string_view sql);
    // Runs a query that returns one integer (or null → nullopt).
    std::optional<std::int64_t> query_int(std::string_view sql);
    std::optional<std::string> query_text(std::string_view sql);
    bool table_exists(std::string_view table);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    // The connection may not write (opened read-only, or the file is read-only).
    bool read_only() const;
    // A transaction is open on the connection (BEGIN or SAVEPOINT).
    bool in_transaction() const;

    const std::filesystem::path& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }

    // Watching writes (a store that mirrors the file elsewhere): `on_write` hears the name of
    // every table a row is written to or a DELETE statement is prepared for (DELETE without
    // WHERE skips the row hook); `after_commit` runs after an outermost COMMIT or RELEASE made
    // through transaction or savepoint, and may throw.
    struct write_watch {
        std::function<void(std::string_view table)> on_write;
        std::function<void(database&)> after_commit;
    };
    void watch_writes(write_watch watch);
    // In WAL mode: closing leaves the WAL for the next connection instead of checkpointing it
    // into the file then (which waits for the disk twice); SQLite checkpoints it as it grows.
    void keep_wal_on_close();
    // A write to this (read-only) connection fails with data_error(reason).
    void set_read_only_reason(std::string reason);
    // Called by transaction and savepoint after they ended the outermost transaction.
    void committed();

private:
    struct closer {
        void* cache = nullptr; // SpatiaLite's per-connection cache, freed after close
        void operator()(sqlite3* db) const noexcept;
    };
    database(std::unique_ptr<sqlite3, closer> db, std::filesystem::path path)
        : m_db(std::move(db)), m_path(std::move(path)) {}

    // Declared before m_db so that the hooks' target outlives the connection.
    std::unique_ptr<write_watch> m_watch;
    bool m_in_after_commit = false;
    std::unique_ptr<sqlite3, closer> m_db;
    std::filesystem::path m_path;
};

// A prepared statement. Parameters are 1-based as in SQLite; columns are 0-based.
class statement {
public:
    statement& bind(int index, std::int64_t value);
    statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    statement& bind(int index, double value);
    statement& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
    statement& bind(int index, std::string_view text);
    statement& bind(int index, const char* text) { return bind(index, std::string_view{text}); }
    statement& bind(int index, std::span<const unsigned char> data);
    statement& bind(int index, const blob& data) {
        return bind(index, std::span<const unsigned char>(data));
    }
    statement& bind_null(int index);
    template <class T> statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Advances to the next row; false when done.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void run();
    void reset();

    int column_count() const;
    bool is_null(int column) const;
    std::int64_t get_int(int column) const;
    double get_double(int column) const;
    std::string get_text(int column) const;
    blob get_blob(int column) const;
    // The column's bytes without a copy: valid until the next step, reset or destruction.
    std::span<const unsigned char> get_blob_view(int column) const;
    // The column's UTF-8 text without a copy: valid until the next step, reset or destruction.
    std::string_view get_text_view(int column) const;
    // True when the value is stored as TEXT (SQLite keeps text a numeric column could not take).
    bool is_text(int column) const;
    std::optional<std::int64_t> get_optional_int(int column) const;
    std::optional<double> get_optional_double(int column) const;
    std::optional<std::string> get_optional_text(int column) const;
    std::string column_name(int column) const;

private:
    friend class database;
    struct finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };
    statement(sqlite3_stmt* stmt, sqlite3* db, std::string sql);
    [[noreturn]] void fail(int code, std::string_view what) const;

    std::unique_ptr<sqlite3_stmt, finalizer> m_stmt;
    sqlite3* m_db;
    std::string m_sql;
};

// Begins a transaction; rolls it back on destruction unless commit() was called.
class transaction {
public:
    explicit transaction(database& db);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    void commit();

private:
    database* m_db;
    bool m_done = false;
};

// A savepoint: a transaction of its own outside one, a nested one inside the caller's. Rolled
// back unless released. `name` is ours, never user text.
class savepoint {
public:
    savepoint(database& db, std::string name);
    ~savepoint();
    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;
    void release();

private:
    database* m_db;
    std::string m_name;
    bool m_done = false;
};

// Quotes an identifier that may come from a user ("name" with embedded quotes doubled).
std::string quote_identifier(std::string_view name);

} // namespace allseason::geo
