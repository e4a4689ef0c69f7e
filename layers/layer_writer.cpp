#include "layers/layer_writer.hpp"

#include "layers/network_store.hpp"

#include "geo/errors.hpp"
#include "geo/sqlite_rtree.hpp"
#include "geo/wkb.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <fmt/format.h>

namespace allseason::layers {

namespace {

std::string insert_sql(const layer_spec& spec) {
    std::string columns;
    std::string params;
    int index = 1;
    for (const auto& c : spec.columns) {
        columns += geo::quote_identifier(c.name) + ", ";
        params += fmt::format("?{}, ", index++);
    }
    return fmt::format("INSERT INTO {} ({}geom) VALUES ({}GeomFromWKB(?{}, ?{}))",
                       geo::quote_identifier(spec.name), columns, params, index, index + 1);
}

// The expressions of every CHECK (...) in a CREATE TABLE statement, as SQLite stored it.
std::vector<std::string> check_expressions(const std::string& sql) {
    std::vector<std::string> checks;
    bool quoted = false;
    for (size_t i = 0; i < sql.size(); ++i) {
        if (sql[i] == '\'') {
            quoted = !quoted;
            continue;
        }
        auto upper = [&](size_t k) { return std::toupper(static_cast<unsigned char>(sql[k])); };
        const bool keyword = !quoted && i + 5 <= sql.size() &&
                             (i == 0 || !std::isalnum(static_cast<unsigned char>(sql[i - 1]))) &&
                             upper(i) == 'C' && upper(i + 1) == 'H' && upper(i + 2) == 'E' &&
                             upper(i + 3) == 'C' && upper(i + 4) == 'K';
        if (!keyword) {
            continue;
        }
        size_t open = sql.find('(', i + 5);
        if (open == std::string::npos) {
            break;
        }
        int depth = 0;
        bool in_text = false;
        size_t j = open;
        for (; j < sql.size(); ++j) {
            if (sql[j] == '\'') {
                in_text = !in_text;
            } else if (!in_text && sql[j] == '(') {
                ++depth;
            } else if (!in_text && sql[j] == ')' && --depth == 0) {
                break;
            }
        }
        checks.push_back(sql.substr(open + 1, j - open - 1));
        i = j;
    }
    return checks;
}

} // namespace

void bind_value(geo::statement& statement, int index, const field_value& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        statement.bind(index, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
        statement.bind(index, *real);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
        statement.bind(index, std::string_view(*text));
    } else {
        statement.bind_null(index);
    }
}

field_value default_value(const column_spec& column) {
    const std::string_view sql = column.default_sql;
    if (sql.empty() || sql == "NULL") {
        return std::monostate{};
    }
    if (sql.front() == '\'') {
        return std::string(sql.substr(1, sql.size() - 2));
    }
    if (sql.find('.') != std::string_view::npos) {
        return std::stod(std::string(sql));
    }
    return std::int64_t{std::stoll(std::string(sql))};
}

layer_writer::layer_writer(geo::database& db, const layer_spec& spec, int srid)
    : m_db(&db), m_spec(&spec), m_srid(srid), m_index_table(spatial_index_table(db, spec.name)),
      m_first_new_fid(next_fid(db, spec.name)), m_triggers(db, spec.name),
      m_insert(db.prepare(insert_sql(spec))) {
    // CHECKs with IN lists cost an ephemeral b-tree per row (a third of the import's CPU);
    // finish() checks the new rows against the same expressions in one pass instead.
    auto create = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?");
    create.bind(1, spec.name);
    m_checks = check_expressions(create.step() ? create.get_text(0) : std::string());
    plan_bound_checks();
    db.exec("PRAGMA ignore_check_constraints = ON");
    // The statement was prepared with the CHECKs compiled in; prepare it again without them.
    m_insert = db.prepare(insert_sql(spec));
}

layer_writer::~layer_writer() {
    try {
        m_db->exec("PRAGMA ignore_check_constraints = OFF");
    } catch (...) {
        // Closing anyway; the next connection starts with checks on.
    }
}

void layer_writer::plan_bound_checks() {
    std::map<std::string, std::pair<std::size_t, check_kind>> known;
    for (std::size_t i = 0; i < m_spec->columns.size(); ++i) {
        for (auto& check : declared_checks(m_spec->columns[i])) {
            known[std::move(check.sql)] = {i, check.kind};
        }
    }
    for (const auto& expression : m_checks) {
        const auto found = known.find(expression);
        if (found == known.end()) {
            m_bound_checks.clear();
            return; // a CHECK of the table's own: SQLite judges them all in finish()
        }
        m_bound_checks.push_back({found->second.first, found->second.second, expression});
    }
    m_checks_bound = true;
}

// SQLite's verdict on the value as the column stores it, for the values whose stored form is
// plain (text in TEXT, integers in INTEGER, numbers in REAL); any other value leaves the
// verdict to verify_checks.
void layer_writer::check_bound(std::int64_t fid, const std::vector<field_value>& values) {
    using kind = check_kind;
    for (const auto& check : m_bound_checks) {
        const field_value& value = values[check.column];
        if (std::holds_alternative<std::monostate>(value)) {
            continue; // NULL passes every CHECK
        }
        const column_spec& c = m_spec->columns[check.column];
        const auto* integer = std::get_if<std::int64_t>(&value);
        const auto* real = std::get_if<double>(&value);
        const auto* text = std::get_if<std::string>(&value);
        const bool numeric_column = c.type != column_type::text;
        bool pass = true;
        switch (check.what) {
        case kind::text_storage:
            m_rows_unsure = m_rows_unsure || !text;
            break;
        case kind::allowed:
            if (text && !numeric_column) {
                pass = std::find(c.allowed.begin(), c.allowed.end(), *text) != c.allowed.end();
            } else {
                m_rows_unsure = true;
            }
            break;
        case kind::boolean:
            if (integer) {
                pass = *integer == 0 || *integer == 1;
            } else {
                m_rows_unsure = true;
            }
            break;
        case kind::minimum:
            // (SQLite stores NaN as NULL, which would pass.)
            if (numeric_column && (integer || (real && !std::isnan(*real)))) {
                pass = (integer ? static_cast<double>(*integer) : *real) >= *c.minimum;
            } else {
                m_rows_unsure = true;
            }
            break;
        }
        if (!pass) {
            throw data_error(fmt::format("{}: a written row (fid {}) breaks the layer's "
                                         "constraint CHECK ({})",
                                         m_spec->name, fid, check.expression));
        }
    }
}

void layer_writer::verify_checks() {
    if (m_checks.empty()) {
        return;
    }
    const std::string table = geo::quote_identifier(m_spec->name);
    std::string all;
    for (const auto& c : m_checks) {
        all += fmt::format("{}({})", all.empty() ? "" : " AND ", c);
    }
    // A CHECK fails only when false (NULL passes), and so does this NOT (... AND ...).
    auto bad = m_db->prepare(
        fmt::format("SELECT fid FROM {} WHERE fid >= ? AND NOT ({}) LIMIT 1", table, all));
    bad.bind(1, m_first_new_fid);
    if (!bad.step()) {
        return;
    }
    const std::int64_t fid = bad.get_int(0);
    for (const auto& c : m_checks) {
        auto one =
            m_db->prepare(fmt::format("SELECT 1 FROM {} WHERE fid = ? AND NOT ({})", table, c));
        one.bind(1, fid);
        if (one.step()) {
            throw data_error(fmt::format("{}: a written row (fid {}) breaks the layer's "
                                         "constraint CHECK ({})",
                                         m_spec->name, fid, c));
        }
    }
}

void layer_writer::index_new_rows() {
    const std::string table = geo::quote_identifier(m_spec->name);
    const auto count = [&](std::string_view op) {
        auto query =
            m_db->prepare(fmt::format("SELECT count(*) FROM {} WHERE fid {} ?", table, op));
        query.bind(1, m_first_new_fid).step();
        return query.get_int(0);
    };
    const std::int64_t added = count(">=");
    if (added == 0) {
        return;
    }
    const std::int64_t kept = count("<");
    if (kept == 0 && m_boxes) {
        geo::rebuild_rtree(*m_db, m_index_table, *m_boxes);
        return;
    }
    if (added * rebuild_ratio >= kept) {
        // Many rows: building the whole tree in one pass beats inserting box by box.
        geo::rebuild_rtree(*m_db, m_index_table,
                           fmt::format("SELECT fid AS id, MbrMinX(geom) AS min_x, MbrMaxX(geom) AS "
                                       "max_x, MbrMinY(geom) AS min_y, MbrMaxY(geom) AS max_y "
                                       "FROM {} WHERE geom IS NOT NULL",
                                       table));
        return;
    }
    // A few rows added to a large layer: SQLite's R-tree rounds bounds outwards to its
    // 32-bit floats by itself, as RTreeAlign would.
    m_db->prepare(fmt::format("INSERT INTO {} (pkid, xmin, xmax, ymin, ymax) "
                              "SELECT fid, MbrMinX(geom), MbrMaxX(geom), MbrMinY(geom), "
                              "MbrMaxY(geom) FROM {} WHERE fid >= ? AND geom IS NOT NULL",
                              geo::quote_identifier(m_index_table), table))
        .bind(1, m_first_new_fid)
        .run();
}

void layer_writer::finish() {
    if (m_finished) {
        return;
    }
    if (m_tap) {
        m_tap->all_written();
    }
    if (!m_checks_bound || m_rows_unsure) {
        verify_checks();
    }
    m_db->exec("PRAGMA ignore_check_constraints = OFF");
    if (!m_index_table.empty()) {
        index_new_rows();
    }
    if (m_db->table_exists("geometry_columns_time")) {
        m_db->prepare("UPDATE geometry_columns_time SET last_insert = "
                      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                      "WHERE lower(f_table_name) = lower(?) AND f_geometry_column = 'geom'")
            .bind(1, m_spec->name)
            .run();
    }
    m_triggers.restore();
    // The network's row triggers were set aside with the others: count the import once.
    const auto& inputs = network_input_tables();
    if (std::find(inputs.begin(), inputs.end(), m_spec->name) != inputs.end()) {
        count_network_change(*m_db);
    }
    m_finished = true;
}

std::int64_t layer_writer::insert(const std::vector<field_value>& values, const geo::blob& wkb) {
    const int n = static_cast<int>(m_spec->columns.size());
    if (static_cast<int>(values.size()) != n) {
        throw std::logic_error(fmt::format("layer_writer({}): {} values for {} columns",
                                           m_spec->name, values.size(), n));
    }
    for (int i = 0; i < n; ++i) {
        bind_value(m_insert, i + 1, values[static_cast<size_t>(i)]);
    }
    m_insert.bind(n + 1, wkb).bind(n + 2, m_srid);
    m_insert.run();
    const std::int64_t fid = m_db->last_insert_rowid();
    if (m_checks_bound) {
        check_bound(fid, values);
    }
    keep_box(fid, wkb);
    if (m_tap) {
        m_tap->written(fid, values, wkb);
    }
    return fid;
}

void layer_writer::keep_box(std::int64_t fid, const geo::blob& wkb) {
    if (m_index_table.empty()) {
        return;
    }
    if (!m_boxes) {
        m_boxes.emplace();
    }
    // No box (an empty geometry) is no entry, as SpatiaLite's MbrMinX gives NULL for it.
    if (const auto bounds = geo::wkb_bounds(wkb)) {
        m_boxes->add(geo::make_rtree_box(fid, *bounds));
    }
}

void layer_writer::clear() {
    if (m_boxes) {
        m_boxes->clear();
    }
    m_db->exec(fmt::format("DELETE FROM {}", geo::quote_identifier(m_spec->name)));
    if (!m_index_table.empty()) {
        geo::clear_rtree(*m_db, m_index_table);
    }
}

std::int64_t layer_writer::count() {
    return m_db
        ->query_int(fmt::format("SELECT count(*) FROM {}", geo::quote_identifier(m_spec->name)))
        .value_or(0);
}

} // namespace allseason::layers
