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
#include <vector>

namespace allseason::layers {

class bulk_rows {
public:
    // `table` is one of ours (never user text); its geometry column is `geom`.
    bulk_rows(geo::database& db, std::string table);
    bulk_rows(const bulk_rows&) = delete;
    bulk_rows& operator=(const bulk_rows&) = delete;

    // Deletes the rows `where` selects (before any insert) (an SQL condition of ours, parameters bound by `bind`)
    // and their R-tree entries.
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

    struct trigger {
        std::string name;
        std::string sql;
    };
    geo::database* m_db;
    std::string m_table;
    std::string m_index_table; // empty when the table has no spatial index
    std::int64_t m_first_new_fid = 1;
    std::vector<trigger> m_triggers;
};

} // namespace allseason::layers
