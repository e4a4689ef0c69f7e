// `serve` on a PostgreSQL project (issue 16, point 1): the API answers as the CLI does on the
// same schema, an edit made in psql while it serves is in the next answer, feedback sent
// through the page lands in the schema, and a command writing the schema runs while it serves
// (the server takes the schema's writer lock per write, not for its life).
#include "postgres/pg_fixture.hpp"
#include "web/web_fixture.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <fmt/format.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace allseason::test;

namespace {

std::string cli_cutoff(const std::string& url, const std::string& depth) {
    auto r = run_allseason({"cutoff", url, "--ford-depth", depth, "--format", "json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
}

} // namespace

TEST_CASE("serve on a PostgreSQL project answers as the CLI, sees edits, stores feedback",
          "[postgresql][web]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    const auto file = anlac_copy(dir);
    const auto url = fresh_schema_url(*base, "anlac_serve");
    REQUIRE(run_allseason({"copy", file.string(), url}).exit_code == 0);
    const std::string schema = schema_of(url);

    served_project server(url);
    web_client visitor(server.port());
    auto api = visitor.get("/api/cutoff?ford_depth=0.6");
    REQUIRE(api.status == 200);
    CHECK(api.body == cli_cutoff(url, "0.6"));

    // An edit from psql (as QGIS would make) while the server runs: the next answer has it.
    psql_value(*base, fmt::format("UPDATE \"{}\".fords SET flood_depth_m = 0.05 RETURNING 1",
                                  schema));
    const auto after = visitor.get("/api/cutoff?ford_depth=0.6");
    REQUIRE(after.status == 200);
    CHECK(after.body != api.body);
    CHECK(after.body == cli_cutoff(url, "0.6"));

    // A command that writes the schema is not kept waiting by the server.
    const auto import = run_allseason(
        {"import", url, "fords", (std::filesystem::path(ALLSEASON_SOURCE_DIR) /
                                  "examples/anlac/fords.geojson")
                                     .string()});
    INFO(import.err);
    CHECK(import.exit_code == 0);
    CHECK(visitor.get("/api/cutoff?ford_depth=0.6").body == api.body);

    // Feedback through the project page is stored in the schema, under the writer lock.
    const auto code = psql_value(
        *base, fmt::format("SELECT code FROM \"{}\".projects ORDER BY code LIMIT 1", schema));
    const auto page = visitor.get("/projects/" + code);
    REQUIRE(page.status == 200);
    const std::string message = "Cầu tràn Khe Rồ ngập sâu, xin làm sớm";
    CHECK(visitor
              .post_form("/projects/" + code + "/feedback",
                         {{"csrf", csrf_in(page.body)}, {"message", message}})
              .status == 303);
    CHECK(psql_value(*base, fmt::format("SELECT project_code || ': ' || message FROM "
                                        "\"{}\".feedback",
                                        schema)) == code + ": " + message);

    // While a command holds the schema's writer lock, a visitor's feedback waits at most 10 s,
    // is refused with a message to try again, and writes nothing.
    const auto before = psql_value(*base, fmt::format("SELECT count(*) FROM \"{}\".feedback",
                                                      schema));
    const std::string hold = fmt::format(
        "SELECT pg_advisory_lock(hashtext('allseason'), hashtext('{}')); SELECT pg_sleep(14);",
        schema);
    const pid_t holder = fork();
    if (holder == 0) {
        if (!freopen("/dev/null", "w", stdout)) {
            _exit(127);
        }
        execl("/usr/bin/psql", "psql", "-X", "-q", "-d", base->c_str(), "-c", hold.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto again = visitor.get("/projects/" + code);
    const auto refused = visitor.post_form("/projects/" + code + "/feedback",
                                           {{"csrf", csrf_in(again.body)}, {"message", "thử lại"}});
    CHECK(refused.status == 422);
    CHECK(refused.body.find("try again") != std::string::npos);
    CHECK(refused.body.find("127.0.0.1") == std::string::npos);
    int status = 0;
    waitpid(holder, &status, 0);
    CHECK(psql_value(*base, fmt::format("SELECT count(*) FROM \"{}\".feedback", schema)) ==
          before);
    CHECK(server.stop() == 0);
}
