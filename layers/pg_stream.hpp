#pragma once
// Rows of one table sent to PostgreSQL while an import is still writing them into the local
// copy, so that the push after the local commit finds them already on the server.
//
// Why: a push after the commit came on top of the local import (1M roads: 6.5 s to write the
// copy, then 5 s of COPY and index builds); streaming overlaps the two, and the server builds
// its key and GiST index while the copy builds its own R-tree. The stream runs inside the
// push's own transaction (pg_store opens it), so nothing is visible before the local commit,
// and a stream that fails or is given up is rolled back and the push done the usual way.
#include "geo/bounded_queue.hpp"
#include "geo/postgres.hpp"
#include "geo/sqlite.hpp"
#include "layers/layer_writer.hpp"
#include "layers/pg_mirror.hpp"

#include <atomic>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace allseason::layers {

// Where each column of a mirrored table comes from in a row a layer_writer writes.
struct written_row_layout {
    static constexpr int fid = -1;
    static constexpr int geometry = -2;
    std::vector<int> sources; // per table column: fid, geometry, or the index of the value
};

// The layout for rows of `layer` written into `t`; nullopt when `t` has a column the writer
// does not set (its default would be the local copy's business).
std::optional<written_row_layout> layout_of(const pg_mirror::table& t, const layer_spec& layer);

class pg_stream {
public:
    // In the caller's open transaction on `pg`: empties the server table, sets its indexes
    // aside, and starts a COPY on a thread of its own with every row the local table holds so
    // far. From here until wait() returns, `pg` belongs to that thread.
    pg_stream(geo::pg::connection& pg, geo::database& db, pg_mirror::table t,
              std::string schema, written_row_layout layout);
    // Cancels a stream not waited for; the caller then rolls its transaction back.
    ~pg_stream();
    pg_stream(const pg_stream&) = delete;
    pg_stream& operator=(const pg_stream&) = delete;

    // A row the writer has just written. False when the stream is given up (the server
    // refused, or a value would not read back from the local copy as it was bound).
    bool add(std::int64_t fid, const std::vector<field_value>& values, const geo::blob& wkb);
    // No more rows: the thread ends the COPY and makes the indexes again.
    void end();
    // Waits for the thread; true when the COPY and the indexes succeeded. Only after end().
    bool wait();
    bool ended() const { return m_ended; }

    const std::string& table_name() const { return m_table.name; }
    std::int64_t rows_sent() const { return m_rows_sent; }
    std::int64_t rows_added() const { return m_rows_added; }

private:
    void send();
    void flush();
    void give_up();
    bool encode(std::int64_t fid, const std::vector<field_value>& values, const geo::blob& wkb);

    geo::pg::connection* m_pg;
    pg_mirror::table m_table;
    std::string m_schema;
    written_row_layout m_layout;
    int m_srid = 0;
    std::vector<std::string> m_rebuild;
    geo::bounded_queue<std::string> m_queue;
    std::string m_buffer;
    std::int64_t m_rows_sent = 0;
    std::int64_t m_rows_added = 0;
    std::atomic<bool> m_ended{false};
    std::atomic<bool> m_cancelled{false};
    bool m_given_up = false; // this (the writer's) thread's view
    std::exception_ptr m_error;
    std::thread m_sender;
};

} // namespace allseason::layers
