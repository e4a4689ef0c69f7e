#include "layers/pg_catalog.hpp"

#include "geo/postgres.hpp"
#include "geo/url.hpp"

#include <fmt/format.h>

namespace allseason::layers {

std::vector<std::string> project_schemas(std::string_view database_url) {
    const auto parts = geo::pg::parse_url(database_url);
    auto conn = geo::pg::connection::open(parts.conninfo, geo::pg::without_password(database_url));
    const auto found = conn.exec("SELECT table_schema FROM information_schema.tables "
                                 "WHERE table_name = 'allseason_metadata' ORDER BY table_schema");
    std::vector<std::string> schemas;
    for (int row = 0; row < found.rows(); ++row) {
        schemas.emplace_back(found.get(row, 0));
    }
    return schemas;
}

std::string database_label(std::string_view database_url) {
    return geo::pg::without_password(database_url);
}

std::string schema_url(std::string_view database_url, std::string_view schema) {
    const auto conninfo = geo::pg::parse_url(database_url).conninfo;
    const char joiner = conninfo.find('?') == std::string::npos ? '?' : '&';
    return fmt::format("{}{}schema={}", conninfo, joiner, geo::percent_encode(schema));
}

} // namespace allseason::layers
