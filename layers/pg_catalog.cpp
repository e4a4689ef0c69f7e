#include "layers/pg_catalog.hpp"

#include "geo/postgres.hpp"

#include <fmt/format.h>

namespace allseason::layers {

namespace {

// Schema names are identifiers and may hold any character: keep the URL's query well formed.
std::string percent_encoded(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        out += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
    }
    return out;
}

} // namespace

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
    return fmt::format("{}{}schema={}", conninfo, joiner, percent_encoded(schema));
}

} // namespace allseason::layers
