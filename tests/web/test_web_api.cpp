// `serve`'s API answers exactly as the CLI's --format json, and nothing private is public
// (contract §6), checked on the An Lạc example through the real program.
#include "web/web_fixture.hpp"

#include "geo/proj.hpp"
#include "geo/sqlite.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>

using namespace allseason;
using namespace allseason::test;

namespace {

std::vector<std::string> split_args(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string word; in >> word;)
        out.push_back(word);
    return out;
}

// Every [x, y] pair of a GeoJSON document.
void positions(const nlohmann::json& j, std::vector<geo::xy>& out) {
    if (j.is_array() && j.size() >= 2 && j[0].is_number() && j[1].is_number()) {
        out.push_back({j[0].get<double>(), j[1].get<double>()});
        return;
    }
    if (j.is_array() || j.is_object()) {
        for (const auto& item : j)
            positions(item, out);
    }
}

} // namespace

TEST_CASE("the API answers byte for byte as cutoff and rank --format json", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    served_project server(project);
    web_client client(server.port());
    // query string → the same options on the command line
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"/api/cutoff", "cutoff --format json"},
        {"/api/cutoff?ford_depth=0.6", "cutoff --format json --ford-depth 0.6"},
        {"/api/cutoff?vehicle=motorbike", "cutoff --format json --vehicle motorbike"},
        {"/api/cutoff?scenario=dry&vehicle=truck",
         "cutoff --format json --scenario dry --vehicle truck"},
        {"/api/cutoff?ford_depth=0.1,0.3,0.6,1.2",
         "cutoff --format json --ford-depth 0.1,0.3,0.6,1.2"},
        {"/api/cutoff?to=health_station&ford_depth=0.25",
         "cutoff --format json --to health_station --ford-depth 0.25"},
        {"/api/rank", "rank --format json"},
        {"/api/rank?budget=5000", "rank --format json --budget 5000"},
        {"/api/rank?vehicle=car&ford_depth=0.4",
         "rank --format json --vehicle car --ford-depth 0.4"},
        {"/api/rank?by=household_days", "rank --format json --by household_days"},
    };
    for (const auto& [query, command] : cases) {
        INFO(query);
        const auto api = client.get(query);
        auto args = split_args(command);
        args.insert(args.begin() + 1, project.string());
        const auto cli = run_allseason(args);
        REQUIRE(cli.exit_code == 0);
        CHECK(api.status == 200);
        CHECK(api.header("content-type").rfind("application/json", 0) == 0);
        CHECK(api.body == cli.out);
    }
    // A bad parameter is refused as JSON with the CLI's own message, and a 400.
    const auto bad = client.get("/api/cutoff?ford_depth=deep");
    CHECK(bad.status == 400);
    CHECK(nlohmann::json::parse(bad.body)["error"].get<std::string>().find("not a depth") !=
          std::string::npos);
    CHECK(client.get("/api/cutoff?vehicle=tractor").status == 400); // as the CLI's exit 2
    CHECK(client.get("/api/rank?budget=lots").status == 400);
}

TEST_CASE("an edit of the project reloads the network the API answers from", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    served_project server(project);
    web_client client(server.port());
    const auto before = client.get("/api/cutoff?ford_depth=0.6");
    {
        // A planner opens the ford nobody can cross: deeper water, same answer from the CLI.
        auto db = geo::database::open(project, geo::open_mode::read_write);
        db.exec("UPDATE fords SET flood_depth_m = 0.1");
    }
    const auto after = client.get("/api/cutoff?ford_depth=0.6");
    CHECK(after.body != before.body);
    CHECK(
        after.body ==
        run_allseason({"cutoff", project.string(), "--format", "json", "--ford-depth", "0.6"}).out);
}

TEST_CASE("no public answer holds a household point, poverty, feedback or an account", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    const std::string secret_feedback = "Phản ánh kín: ông Trưởng thôn thu tiền 7319";
    const std::string user = "Hà Thị Thu";
    REQUIRE(run_allseason_with_input({"user", "add", project.string(), user}, "mật khẩu dài 123\n")
                .exit_code == 0);
    served_project server(project);
    web_client visitor(server.port());
    std::vector<std::string> codes;
    {
        auto db = geo::database::open(project, geo::open_mode::read_only);
        auto s = db.prepare("SELECT code FROM projects ORDER BY code");
        while (s.step())
            codes.push_back(s.get_text(0));
    }
    REQUIRE(!codes.empty());
    const auto page = visitor.get("/projects/" + codes[0]);
    REQUIRE(visitor
                .post_form("/projects/" + codes[0] + "/feedback", {{"csrf", csrf_in(page.body)},
                                                                   {"message", secret_feedback},
                                                                   {"name", "Người gửi kín"}})
                .status == 303);

    std::vector<std::string> urls = {"/",
                                     "/static/app.js",
                                     "/static/project.js",
                                     "/static/planner.js",
                                     "/static/style.css",
                                     "/static/leaflet/leaflet.js",
                                     "/api/meta",
                                     "/api/cutoff",
                                     "/api/rank",
                                     "/signin",
                                     "/planner"};
    const std::vector<std::string> layers = {"roads",     "villages", "fords",
                                             "bridges",   "projects", "facilities",
                                             "waterways", "boundary", "hazard_zones"};
    for (const auto& layer : layers)
        urls.push_back("/api/layers/" + layer + ".geojson");
    for (const auto& code : codes) {
        urls.push_back("/projects/" + code);
        urls.push_back("/projects/" + code + "?lang=en");
    }
    std::vector<geo::xy> published;
    for (const auto& url : urls) {
        INFO(url);
        const auto r = visitor.get(url);
        CHECK((r.status == 200 || (url == "/planner" && r.status == 303)));
        for (const auto* secret :
             {"poor_households", "near_poor", "poverty", "$argon2", "password_hash", "Phản ánh kín",
              "Người gửi kín", "Hà Thị Thu", "\"members\"", "ethnic_minority\":"}) {
            CHECK(r.body.find(secret) == std::string::npos);
        }
        if (url.ends_with(".geojson")) {
            const auto doc = nlohmann::json::parse(r.body);
            CHECK(doc["type"] == "FeatureCollection");
            positions(doc["features"], published);
        }
    }
    CHECK(visitor.get("/api/layers/households.geojson").status == 404);
    CHECK(visitor.get("/api/layers/forest_parcels.geojson").status == 404);
    // No published position lies on a household point (both in WGS 84 by PROJ).
    auto db = geo::database::open(project, geo::open_mode::read_only);
    const auto crs = geo::crs::from_user_text(
        *db.query_text("SELECT value FROM allseason_metadata WHERE key = 'crs'"));
    const geo::transformation to_wgs84(crs, geo::crs::from_user_text("EPSG:4326"));
    auto s = db.prepare("SELECT X(geom), Y(geom) FROM households");
    int households = 0;
    int on_a_household = 0;
    while (s.step()) {
        ++households;
        const auto h = to_wgs84.apply({s.get_double(0), s.get_double(1)});
        for (const auto& p : published) {
            if (std::abs(p.x - h.x) < 2e-6 && std::abs(p.y - h.y) < 2e-6)
                ++on_a_household;
        }
    }
    CHECK(households > 100);
    CHECK(on_a_household == 0);
    // And the published villages are in WGS 84 around An Lạc (northern Vietnam).
    REQUIRE(!published.empty());
    for (const auto& p : published) {
        CHECK((p.x > 102 && p.x < 110 && p.y > 8 && p.y < 24));
    }
}

TEST_CASE("unknown paths are a plain 404, API errors JSON, no stack traces", "[web]") {
    temp_dir dir;
    served_project server(anlac_copy(dir));
    web_client client(server.port());
    const auto page = client.get("/wp-admin/../../etc/passwd");
    CHECK(page.status == 404);
    CHECK(page.header("content-type").rfind("text/html", 0) == 0);
    const auto api = client.get("/api/nothing");
    CHECK(api.status == 404);
    CHECK(nlohmann::json::parse(api.body).contains("error"));
    CHECK(client.get("/projects/NO-SUCH").status == 404);
    for (const auto& r : {page, api}) {
        CHECK(r.body.find("exception") == std::string::npos);
        CHECK(r.header("content-security-policy").find("default-src 'self'") != std::string::npos);
        CHECK(r.header("content-security-policy").find("unsafe-inline") == std::string::npos);
    }
    // The page serves every asset itself and has no inline script.
    const auto index = client.get("/");
    CHECK(index.body.find("<script>") == std::string::npos);
    CHECK(index.body.find("http://") == std::string::npos);
    CHECK(index.body.find("https://") == std::string::npos);
    CHECK(client.get("/static/leaflet/leaflet.js").body.size() > 100000);
}
