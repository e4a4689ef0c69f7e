#include "layers/bulk_rows.hpp"

#include <fmt/format.h>

namespace allseason::layers {

std::string spatial_index_table(geo::database& db, std::string_view table) {
    auto enabled = db.prepare("SELECT spatial_index_enabled FROM geometry_columns "
                              "WHERE f_table_name = lower(?) AND f_geometry_column = 'geom'");
    enabled.bind(1, table);
    if (enabled.step() && enabled.get_int(0) == 1)
        return fmt::format("idx_{}_geom", table);
    return {};
}

std::int64_t next_fid(geo::database& db, std::string_view table) {
    return db
        .query_int(
            fmt::format("SELECT coalesce(max(fid), 0) + 1 FROM {}", geo::quote_identifier(table)))
        .value_or(1);
}

triggers_set_aside::triggers_set_aside(geo::database& db, std::string_view table) : m_db(&db) {
    auto triggers = db.prepare("SELECT name, sql FROM sqlite_master "
                               "WHERE type = 'trigger' AND tbl_name = ? ORDER BY name");
    triggers.bind(1, table);
    while (triggers.step()) {
        m_triggers.push_back({triggers.get_text(0), triggers.get_text(1)});
    }
    for (const auto& t : m_triggers) {
        db.exec(fmt::format("DROP TRIGGER {}", geo::quote_identifier(t.name)));
    }
}

void triggers_set_aside::restore() {
    for (const auto& t : m_triggers) {
        m_db->exec(t.sql);
    }
    m_triggers.clear();
}

bulk_rows::bulk_rows(geo::database& db, std::string table)
    : m_db(&db), m_table(std::move(table)), m_index_table(spatial_index_table(db, m_table)),
      m_first_new_fid(next_fid(db, m_table)), m_triggers(db, m_table) {}

void bulk_rows::note_first_new_fid() {
    m_first_new_fid = next_fid(*m_db, m_table);
}

std::vector<std::string> bulk_rows::removal_sql(const std::string& where) const {
    const auto table = geo::quote_identifier(m_table);
    std::vector<std::string> sql;
    if (!m_index_table.empty()) {
        sql.push_back(fmt::format("DELETE FROM {} WHERE pkid IN (SELECT fid FROM {} WHERE {})",
                                  geo::quote_identifier(m_index_table), table, where));
    }
    sql.push_back(fmt::format("DELETE FROM {} WHERE {}", table, where));
    return sql;
}

void bulk_rows::finish() {
    const auto table = geo::quote_identifier(m_table);
    if (!m_index_table.empty()) {
        m_db->prepare(fmt::format(
                          "INSERT INTO {} (pkid, xmin, xmax, ymin, ymax) "
                          "SELECT fid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), MbrMaxY(geom) "
                          "FROM {} WHERE fid >= ? AND geom IS NOT NULL",
                          geo::quote_identifier(m_index_table), table))
            .bind(1, m_first_new_fid)
            .run();
    }
    m_triggers.restore();
}

} // namespace allseason::layers
