#include "postgres/pg_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <unistd.h>

namespace allseason::test {

std::optional<std::string> pg_base_url() {
    const char* url = std::getenv("ALLSEASON_TEST_PG_URL");
    if (!url || !*url) {
        WARN("skipped: no PostgreSQL test cluster (run through CTest, which starts one)");
        return std::nullopt;
    }
    if (psql(url, "SELECT 1").exit_code != 0) {
        WARN("skipped: the PostgreSQL test cluster at " << url << " does not answer");
        return std::nullopt;
    }
    return std::string(url);
}

std::string fresh_schema_url(const std::string& base, const std::string& name) {
    const std::string schema = name + "_" + std::to_string(getpid());
    psql(base, "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    return base + "?schema=" + schema;
}

std::string schema_of(const std::string& url) {
    return url.substr(url.find("schema=") + 7);
}

command_result psql(const std::string& base, const std::string& sql) {
    return run_program("/usr/bin/psql",
                       {"-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", base, "-c", sql});
}

std::string psql_value(const std::string& base, const std::string& sql) {
    auto r = psql(base, sql);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    while (!r.out.empty() && r.out.back() == '\n') {
        r.out.pop_back();
    }
    return r.out;
}

void use_cache_dir(const temp_dir& dir) {
    setenv("ALLSEASON_PG_CACHE_DIR", (dir / "pg-cache").c_str(), 1);
}

} // namespace allseason::test
