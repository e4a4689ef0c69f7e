#pragma once
// Replacing many rows of a SpatiaLite table at once. SpatiaLite keeps its R-tree and its
// geometry_columns_time statistics current with triggers that parse and run SQL for every row:
// replacing ten thousand cut-off answers took 1.4 s, nearly all of it in those triggers. While
// a bulk_rows lives the table's triggers are set aside; the R-tree is kept right by hand (rows
// removed through remove(), rows added after construction indexed in finish()) and finish()
// puts the triggers back. All inside the caller's transaction: a rollback restores everything.
#include "geo/sqlite.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers {

// SpatiaLite's R-tree of `table`'s geom column; empty when the column has none.
std::string spatial_index_table(geo::database& db, std::string_view table);
// The fid the next inserted row gets at least (max + 1).
std::int64_t next_fid(geo::database& db, std::string_view table);

// The triggers of one table, dropped on construction and made again by restore(); all inside
// the caller's transaction, so a rollback restores them too.
class triggers_set_aside {
public:
    triggers_set_aside(geo::database& db, std::string_view table);
    void restore();

private:
    struct trigger {
        std::string name;
        std::string sql;
    };
    geo::database* m_db;
    std::vector<trigger> m_triggers;
};

class bulk_rows {
public:
    // `table` is one of ours (never user text); its geometry column is `geom`.
    bulk_rows(geo::database& db, std::string table);
    bulk_rows(const bulk_rows&) = delete;
    bulk_rows& operator=(const bulk_rows&) = delete;

    // Deletes the rows `where` selects (before any insert) (an SQL condition of ours, parameters
    // bound by `bind`) and their R-tree entries.
    template <class Bind> void remove(const std::string& where, Bind&& bind) {
        for (const auto& sql : removal_sql(where)) {
            auto stmt = m_db->prepare(sql);
            bind(stmt);
            stmt.run();
        }
        note_first_new_fid();
    }
    // Indexes the rows inserted since construction and restores the triggers. Call it before
    // committing; without it the transaction must not be committed.
    void finish();

private:
    std::vector<std::string> removal_sql(const std::string& where) const;
    // Rows inserted from now on get fids above every remaining one.
    void note_first_new_fid();

    geo::database* m_db;
    std::string m_table;
    std::string m_index_table; // empty when the table has no spatial index
    std::int64_t m_first_new_fid = 1;
    triggers_set_aside m_triggers;
};

} // namespace allseason::layers
