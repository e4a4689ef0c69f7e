#pragma once
// PostgreSQL projects in tests: the private cluster CTest starts (scripts/pg_cluster.sh, URL in
// ALLSEASON_TEST_PG_URL), a fresh schema per test, psql for what QGIS or an administrator
// would do on the server.
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <optional>
#include <string>

namespace allseason::test {

// The cluster's base URL, or nullopt (with a warning) when no cluster runs.
std::optional<std::string> pg_base_url();
// A URL for a schema name unique to this process and `name`; drops it first.
std::string fresh_schema_url(const std::string& base, const std::string& name);
std::string schema_of(const std::string& url);
// Runs SQL with psql as the cluster's superuser; returns the rows (tab-separated, -tA).
command_result psql(const std::string& base, const std::string& sql);
std::string psql_value(const std::string& base, const std::string& sql);
// Sends the working copies of this process's commands to `dir` (a temporary folder).
void use_cache_dir(const temp_dir& dir);

} // namespace allseason::test
