#pragma once
// The projects a PostgreSQL database holds (`province`): one per schema.
#include <string>
#include <string_view>
#include <vector>

namespace allseason::layers {

// The schemas holding an allseason project (an allseason_metadata table the role can see),
// in name order. Throws io_error when the server cannot be reached, naming the database.
std::vector<std::string> project_schemas(std::string_view database_url);

// The database URL without its password, for messages.
std::string database_label(std::string_view database_url);

// The project URL of `schema` in that database (any schema the URL named is replaced).
std::string schema_url(std::string_view database_url, std::string_view schema);

} // namespace allseason::layers
