#pragma once
// A project kept in a PostgreSQL schema, worked on through a local SpatiaLite working copy.
//
// Every query engine of allseason is SpatiaLite SQL, so a command runs unchanged on a local
// copy that is kept exactly in step with the schema: per-table change counters, bumped in the
// schema by statement triggers (edits made in QGIS or psql count too), say which tables to
// pull again; the tables a command changed are pushed back in one PostgreSQL transaction after
// each local commit, refused when the schema changed underneath. Writers hold an advisory
// lock on the schema for the whole command, so two of them run one after the other.
#include "geo/postgres.hpp"
#include "geo/sqlite.hpp"
#include "layers/pg_mirror.hpp"
#include "layers/pg_stream.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace allseason::layers {

class pg_store {
public:
    // Connects, locks the schema when `writable` and the role may write, and brings the local
    // copy up to date. A role without write rights gets a read-only copy. A long-running
    // process (serve) does not hold the lock: it takes it for each write (begin_write), works
    // on a copy of its own, and pulls what others wrote with refresh().
    static std::unique_ptr<pg_store> open(std::string_view url, bool writable,
                                          bool long_running = false);
    // For a new schema (init, copy): the schema must not exist unless `force`. The caller
    // makes the local copy at copy_path() and calls publish_copy.
    static std::unique_ptr<pg_store> create(std::string_view url, bool force);

    const std::filesystem::path& copy_path() const { return m_copy_path; }
    bool writable() const { return m_writable; }
    // The URL without its password, for messages.
    const std::string& location() const { return m_location; }
    const std::string& schema() const { return m_schema; }

    // The copy's connection sync_copy opened (read-write), for the project to use rather
    // than open the file again; nullopt once taken.
    std::optional<geo::database> take_opened_copy();
    // Watches the opened copy: changed tables are pushed after each outermost commit.
    void attach(geo::database& db);
    // Creates the schema from the local copy at copy_path() and every row of it, in one
    // transaction; the copy is then in step with it.
    void publish_copy();
    // Pushes the tables changed since the last push (nothing when none changed).
    void push(geo::database& db);
    // Pulls the tables other writers changed since the copy was last in step (one query when
    // none did); true when any was pulled. Refused inside a local transaction.
    bool refresh(geo::database& db);
    // Long-running: takes the schema's writer lock and refreshes; end_write releases it.
    void begin_write(geo::database& db);
    void end_write() noexcept;
    // The tap for a layer_writer of `layer` on the attached copy `db`: once the writer has
    // written pg_mirror::index_rebuild_rows rows, those and the rest go to the server while
    // the import goes on (pg_stream), inside the transaction the push after the local commit
    // then finishes. A stream that cannot be used is rolled back and the push done as usual.
    std::unique_ptr<row_tap> stream_rows(geo::database& db, const layer_spec& layer);
    // At the end of a command: pushes what is left and marks the copy clean; never throws
    // (a copy left unclean is pulled again by the next command).
    void close(geo::database& db) noexcept;

    ~pg_store();
    pg_store(const pg_store&) = delete;
    pg_store& operator=(const pg_store&) = delete;

private:
    pg_store(geo::pg::connection conn, std::string schema, std::string location)
        : m_conn(std::move(conn)), m_schema(std::move(schema)), m_location(std::move(location)) {}
    static std::unique_ptr<pg_store> connect(std::string_view url);
    bool schema_exists();
    std::string schema_oid();
    bool try_write_access();
    void lock();
    void choose_copy(bool writer);
    void sync_copy();
    void write_tables(geo::database& db, const std::vector<pg_mirror::table>& tables,
                      bool creating);
    void forget_local_writes(geo::database& db);
    [[noreturn]] void refused(const geo::pg::server_error& e) const;
    class tap;
    bool start_stream(geo::database& db, const layer_spec& layer);
    bool take_stream(geo::database& db, const std::string& fingerprint);
    void drop_stream() noexcept;

    geo::pg::connection m_conn;
    std::string m_schema;
    std::string m_location;
    std::filesystem::path m_copy_path;
    bool m_writable = false;
    bool m_failed = false;
    bool m_force = false;
    bool m_long_running = false;
    bool m_pulling = false; // rows pulled in are not changes to push
    std::string m_refusal; // the server's reason when the role may not write
    std::set<std::string> m_dirty;
    std::optional<geo::database> m_opened_copy;
    // The copy's PRAGMA schema_version when its definitions were last found in step with the
    // schema's: while it stays, a push with nothing dirty need not describe the tables again.
    std::optional<std::int64_t> m_schema_version_in_step;
    // A stream of rows under way and the transaction it runs in (the stream goes first).
    std::unique_ptr<geo::pg::transaction> m_stream_tx;
    std::unique_ptr<pg_stream> m_stream;
    std::int64_t m_stream_writes = 0; // writes to the streamed table seen since it started
};

} // namespace allseason::layers
