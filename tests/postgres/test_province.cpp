// `province` (contract §4) on the private cluster: communes in schemas of one database, each
// valued on its own network, checked against `cutoff` and `rank` run on each schema.
#include "postgres/pg_fixture.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace allseason::test;
using json = nlohmann::json;

namespace {

const std::filesystem::path example =
    std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac";

json answer(const std::vector<std::string>& args) {
    auto r = run_allseason(args);
    INFO(args[0] << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

// A database of its own, so that listing its schemas sees only this test's communes.
std::string fresh_database(const std::string& base) {
    const auto name = fmt::format("province_{}", getpid());
    psql_value(base, fmt::format("DROP DATABASE IF EXISTS {}", name));
    psql_value(base, fmt::format("CREATE DATABASE {}", name));
    const auto url = base.substr(0, base.rfind('/') + 1) + name;
    psql_value(url, "CREATE EXTENSION postgis");
    return url;
}

} // namespace

TEST_CASE("province ranks the projects of several communes, each on its own network",
          "[postgresql][province]") {
    const auto base = pg_base_url();
    if (!base)
        return;
    temp_dir dir;
    use_cache_dir(dir);
    auto built =
        run_allseason({"build", (example / "allseason.toml").string(), (dir / "out").string()});
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    const auto file = (dir / "out" / "anlac.sqlite").string();
    const auto database = fresh_database(*base);
    // Two communes: An Lạc, and a copy whose projects cost twice as much (so the same codes
    // rank apart and the portfolio must choose between communes).
    const std::vector<std::string> schemas = {"an_lac", "tuan_dao"};
    for (const auto& schema : schemas) {
        auto r = run_allseason({"copy", file, database + "?schema=" + schema});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    psql_value(database, "UPDATE tuan_dao.projects SET cost_million_vnd = 2 * cost_million_vnd");

    const auto province = answer({"province", database, "--format", "json"});
    REQUIRE(province["communes"].size() == 2);
    std::map<std::string, json> ranks;
    for (std::size_t i = 0; i < schemas.size(); ++i) {
        const auto url = database + "?schema=" + schemas[i];
        const auto& row = province["communes"][i];
        CHECK(row["schema"] == schemas[i]);
        const auto cutoff = answer({"cutoff", url, "--format", "json"});
        for (const char* key :
             {"villages", "villages_cut_off", "households", "households_cut_off"}) {
            CHECK(row[key] == cutoff["summary"][key]);
        }
        ranks[schemas[i]] = answer({"rank", url, "--format", "json"});
    }

    SECTION("every project valued as rank values it on its own commune, best per đồng first") {
        std::size_t listed = 0;
        for (const auto& r : ranks) {
            listed += r.second["projects"].size();
        }
        REQUIRE(province["projects"].size() == listed);
        double previous = 1e300;
        for (const auto& p : province["projects"]) {
            const auto& own = ranks[p["schema"].get<std::string>()]["projects"];
            const auto same = std::find_if(own.begin(), own.end(),
                                           [&](const json& o) { return o["code"] == p["code"]; });
            REQUIRE(same != own.end());
            CHECK(p["households_unflooded"] == (*same)["households_unflooded"]);
            CHECK(p["villages_unflooded"] == (*same)["villages_unflooded"]);
            CHECK(p["households_per_billion_vnd"] == (*same)["households_per_billion_vnd"]);
            const double value = p["households_per_billion_vnd"].is_null()
                                     ? 0.0
                                     : p["households_per_billion_vnd"].get<double>();
            if (!p["households_per_billion_vnd"].is_null() || p["households_unflooded"] == 0) {
                CHECK(value <= previous);
                previous = value;
            }
        }
    }
    SECTION("with money for everything, the portfolio is every commune's own portfolio") {
        const auto budget = "10000000";
        const auto all = answer({"province", database, "--budget", budget, "--format", "json"});
        std::int64_t expected = 0;
        for (const auto& schema : schemas) {
            expected += answer({"rank", database + "?schema=" + schema, "--budget", budget,
                                "--format", "json"})["portfolio"]["households_unflooded"]
                            .get<std::int64_t>();
        }
        CHECK(all["portfolio"]["households_unflooded"] == expected);
        CHECK(all["portfolio"]["method"] == "exact");
    }
    SECTION("a budget for An Lạc's best project: at least what it unfloods, within the money") {
        const auto& best = ranks["an_lac"]["projects"][0];
        REQUIRE(best["households_unflooded"].get<int>() > 0);
        const auto budget = fmt::format("{}", best["cost_million_vnd"].get<double>());
        const auto one = answer({"province", database, "--budget", budget, "--schemas",
                                 "tuan_dao,an_lac", "--format", "json"});
        CHECK(one["communes"][0]["schema"] == "tuan_dao");
        CHECK(one["portfolio"]["households_unflooded"].get<std::int64_t>() >=
              best["households_unflooded"].get<std::int64_t>());
        CHECK(one["portfolio"]["cost_million_vnd"].get<double>() <=
              best["cost_million_vnd"].get<double>());
    }
    SECTION("an unknown database or schema is a clear error") {
        auto r = run_allseason({"province", database, "--schemas", "khong_co"});
        CHECK(r.exit_code == 1);
        CHECK(r.err.find("khong_co") != std::string::npos);
    }
}
