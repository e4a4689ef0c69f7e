#include "layers/layer_writer.hpp"

#include "geo/errors.hpp"

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

} // namespace

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
    : m_db(&db), m_spec(&spec), m_srid(srid), m_insert(db.prepare(insert_sql(spec))) {}

std::int64_t layer_writer::insert(const std::vector<field_value>& values, const geo::blob& wkb) {
    const int n = static_cast<int>(m_spec->columns.size());
    if (static_cast<int>(values.size()) != n) {
        throw std::logic_error(fmt::format("layer_writer({}): {} values for {} columns",
                                           m_spec->name, values.size(), n));
    }
    for (int i = 0; i < n; ++i) {
        const auto& v = values[static_cast<size_t>(i)];
        if (const auto* integer = std::get_if<std::int64_t>(&v)) {
            m_insert.bind(i + 1, *integer);
        } else if (const auto* real = std::get_if<double>(&v)) {
            m_insert.bind(i + 1, *real);
        } else if (const auto* text = std::get_if<std::string>(&v)) {
            m_insert.bind(i + 1, std::string_view(*text));
        } else {
            m_insert.bind_null(i + 1);
        }
    }
    m_insert.bind(n + 1, wkb).bind(n + 2, m_srid);
    m_insert.run();
    return m_db->last_insert_rowid();
}

void layer_writer::clear() {
    m_db->exec(fmt::format("DELETE FROM {}", geo::quote_identifier(m_spec->name)));
}

std::int64_t layer_writer::count() {
    return m_db->query_int(fmt::format("SELECT count(*) FROM {}",
                                       geo::quote_identifier(m_spec->name)))
        .value_or(0);
}

} // namespace allseason::layers
