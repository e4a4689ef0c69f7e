// Planners' accounts, edits with their log, and hostile requests: 401 / 403 / 413 / 429 exactly
// as contract §6 says, with nothing written by any refused request (checked in the database).
#include "web/web_fixture.hpp"

#include "geo/sqlite.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace allseason;
using namespace allseason::test;

namespace {

const std::string planner = "Nguyễn Văn Đức";
const std::string password = "ngầm tràn 2026";

struct counts {
    std::int64_t feedback = 0;
    std::int64_t edits = 0;
    std::string projects; // every editable field of every project
    bool operator==(const counts&) const = default;
};

counts count_rows(const std::filesystem::path& project) {
    auto db = geo::database::open(project, geo::open_mode::read_only);
    counts c;
    c.feedback = *db.query_int("SELECT count(*) FROM feedback");
    c.edits = *db.query_int("SELECT count(*) FROM edit_log");
    c.projects =
        *db.query_text("SELECT group_concat(code || status || progress_pct || "
                       "coalesce(year, '-') || coalesce(funding, '-'), '|') FROM projects");
    return c;
}

std::string first_candidate(const std::filesystem::path& project) {
    auto db = geo::database::open(project, geo::open_mode::read_only);
    return *db.query_text("SELECT code FROM projects WHERE status <> 'done' ORDER BY code LIMIT 1");
}

void add_planner(const std::filesystem::path& project) {
    const auto r =
        run_allseason_with_input({"user", "add", project.string(), planner}, password + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

} // namespace

TEST_CASE("user add, list and remove; passwords only as Argon2id hashes", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    add_planner(project);
    CHECK(
        run_allseason_with_input({"user", "add", project.string(), "Lò Thị Hoa"}, "khác hẳn 999\n")
            .exit_code == 0);
    const auto list = run_allseason({"user", "list", project.string()});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find(planner) != std::string::npos);
    CHECK(list.out.find("Lò Thị Hoa") != std::string::npos);
    CHECK(list.out.find("argon2") == std::string::npos);
    {
        auto db = geo::database::open(project, geo::open_mode::read_only);
        const auto hash =
            *db.query_text("SELECT password_hash FROM users WHERE name = 'Lò Thị Hoa'");
        CHECK(hash.rfind("$argon2id$", 0) == 0);
        CHECK(hash.find("khác hẳn") == std::string::npos);
    }
    // Too short a password, or none, changes nothing (usage error, exit 2).
    CHECK(run_allseason_with_input({"user", "add", project.string(), "Ngắn"}, "abc\n").exit_code ==
          2);
    CHECK(run_allseason_with_input({"user", "add", project.string(), "Trống"}, "").exit_code == 2);
    CHECK(run_allseason({"user", "add", project.string()}).exit_code == 2);
    CHECK(run_allseason({"user", "remove", project.string(), "Lò Thị Hoa"}).exit_code == 0);
    CHECK(run_allseason({"user", "remove", project.string(), "Lò Thị Hoa"}).exit_code == 1);
    const auto after = run_allseason({"user", "list", project.string()});
    CHECK(after.out.find("Lò Thị Hoa") == std::string::npos);
    CHECK(after.out.find(planner) != std::string::npos);
    CHECK(after.out.find("Ngắn") == std::string::npos);
}

TEST_CASE("a signed-in planner edits a project; each change is logged; the page shows it",
          "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    add_planner(project);
    const auto code = first_candidate(project);
    served_project server(project);
    web_client client(server.port());
    // A wrong password is a 401 and no session.
    const auto form = client.get("/signin");
    CHECK(client
              .post_form(
                  "/signin",
                  {{"csrf", csrf_in(form.body)}, {"name", planner}, {"password", "sai mật khẩu"}})
              .status == 401);
    CHECK(client.cookie().empty());
    const auto csrf = client.sign_in(planner, password);
    REQUIRE(!csrf.empty());

    const auto r = client.post_json("/api/projects/" + code,
                                    R"({"progress_pct": 64, "status": "building", "year": 2031,
                                        "funding": "Chương trình MTQG 1719"})",
                                    csrf);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(nlohmann::json::parse(r.body)["changed"] == 4);
    {
        auto db = geo::database::open(project, geo::open_mode::read_only);
        auto s =
            db.prepare("SELECT status, progress_pct, year, funding FROM projects WHERE code = ?");
        s.bind(1, code);
        REQUIRE(s.step());
        CHECK(s.get_text(0) == "building");
        CHECK(s.get_int(1) == 64);
        CHECK(s.get_int(2) == 2031);
        CHECK(s.get_text(3) == "Chương trình MTQG 1719");
        auto log = db.prepare("SELECT user_name, field, new_value, time FROM edit_log ORDER BY id");
        std::map<std::string, std::string> fields;
        while (log.step()) {
            CHECK(log.get_text(0) == planner);
            CHECK(log.get_text(3).size() == 20); // 2026-12-02T04:00:00Z
            fields[log.get_text(1)] = log.get_text(2);
        }
        CHECK(fields == std::map<std::string, std::string>{{"funding", "Chương trình MTQG 1719"},
                                                           {"progress_pct", "64"},
                                                           {"status", "building"},
                                                           {"year", "2031"}});
    }
    const auto page = web_client(server.port()).get("/projects/" + code);
    CHECK(page.body.find("64%") != std::string::npos);
    CHECK(page.body.find("Chương trình MTQG 1719") != std::string::npos);

    // Values import would refuse are a 400, and nothing is written.
    const auto before = count_rows(project);
    for (const auto* body :
         {R"({"progress_pct": 140})", R"({"status": "finished"})", R"({"year": 1492})",
          R"({"progress_pct": "50"})", R"({"name": "x"})", "not json", R"([1, 2])"}) {
        INFO(body);
        CHECK(client.post_json("/api/projects/" + code, body, csrf).status == 400);
    }
    CHECK(client.post_json("/api/projects/NO-SUCH", R"({"progress_pct": 5})", csrf).status == 404);
    CHECK(count_rows(project) == before);
}

TEST_CASE("refused requests: 401, 403, 413, 429 exactly, and nothing written", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    add_planner(project);
    const auto code = first_candidate(project);
    served_project server(project);
    const auto before = count_rows(project);

    web_client stranger(server.port());
    CHECK(stranger.post_json("/api/projects/" + code, R"({"progress_pct": 99})").status == 401);
    CHECK(stranger.post_json("/api/projects/" + code, R"({"progress_pct": 99})", "forged").status ==
          401);

    web_client planner_client(server.port());
    const auto csrf = planner_client.sign_in(planner, password);
    CHECK(planner_client.post_json("/api/projects/" + code, R"({"progress_pct": 99})").status ==
          403);
    CHECK(planner_client.post_json("/api/projects/" + code, R"({"progress_pct": 99})", "0" + csrf)
              .status == 403);
    CHECK(planner_client
              .post_json("/api/projects/" + code,
                         R"({"funding": ")" + std::string(17 * 1024, 'x') + R"("})", csrf)
              .status == 413);

    // Feedback: a form token from another project, or none, is a 403.
    web_client visitor(server.port());
    const auto page = visitor.get("/projects/" + code);
    const auto token = csrf_in(page.body);
    CHECK(
        visitor.post_form("/projects/" + code + "/feedback", {{"message", "không có mã"}}).status ==
        403);
    CHECK(visitor
              .post_form("/projects/" + code + "/feedback",
                         {{"csrf", "1999999999.00"}, {"message", "mã giả"}})
              .status == 403);
    CHECK(visitor
              .post_form("/projects/" + code + "/feedback",
                         {{"csrf", token}, {"message", std::string(17 * 1024, 'a')}})
              .status == 413);
    CHECK(count_rows(project) == before);

    // Five feedbacks in ten minutes per address: the two refused above count, so three more
    // are stored and the next one is a 429, not stored.
    const std::string hostile = "<script>alert(1)</script> cầu sập <b>rồi</b>";
    CHECK(visitor
              .post_form("/projects/" + code + "/feedback",
                         {{"csrf", token}, {"message", hostile}, {"name", "<img src=x>"}})
              .status == 303);
    CHECK(
        visitor.post_form("/projects/" + code + "/feedback", {{"csrf", token}, {"message", "hai"}})
            .status == 303);
    CHECK(visitor.post_form("/projects/" + code + "/feedback", {{"csrf", token}, {"message", "ba"}})
              .status == 303);
    CHECK(
        visitor.post_form("/projects/" + code + "/feedback", {{"csrf", token}, {"message", "bốn"}})
            .status == 429);
    CHECK(count_rows(project).feedback == before.feedback + 3);

    // The feedback is shown to planners as text, never as markup.
    const auto planner_page = planner_client.get("/planner");
    CHECK(planner_page.body.find(
              "&lt;script&gt;alert(1)&lt;/script&gt; cầu sập &lt;b&gt;rồi&lt;/b&gt;") !=
          std::string::npos);
    CHECK(planner_page.body.find("<script>alert") == std::string::npos);
    CHECK(planner_page.body.find("&lt;img src=x&gt;") != std::string::npos);

    // Sign-in: ten attempts in five minutes per address, then 429 even with the right password.
    web_client guesser(server.port());
    const auto form = guesser.get("/signin");
    int refused = 0;
    for (int i = 0; i < 9; ++i) { // the planner's sign-in above was the first attempt
        refused += guesser
                       .post_form("/signin", {{"csrf", csrf_in(form.body)},
                                              {"name", planner},
                                              {"password", "đoán " + std::to_string(i)}})
                       .status == 401;
    }
    CHECK(refused == 9);
    CHECK(guesser
              .post_form("/signin",
                         {{"csrf", csrf_in(form.body)}, {"name", planner}, {"password", password}})
              .status == 429);
    CHECK(guesser.cookie().empty());
    CHECK(guesser.post_form("/signin", {{"name", planner}, {"password", password}}).status == 429);
    const auto after = count_rows(project);
    CHECK(after.edits == before.edits);
    CHECK(after.projects == before.projects);
}

TEST_CASE("the session cookie is HttpOnly, SameSite=Strict, and Secure behind HTTPS", "[web]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    add_planner(project);
    for (const bool proxied : {false, true}) {
        served_project server(project, proxied ? std::vector<std::string>{"--behind-https"}
                                               : std::vector<std::string>{});
        web_client client(server.port());
        const auto form = client.get("/signin");
        const auto r = client.post_form(
            "/signin", {{"csrf", csrf_in(form.body)}, {"name", planner}, {"password", password}});
        REQUIRE(r.status == 303);
        const auto cookie = r.headers.at("set-cookie");
        CHECK(cookie.find("HttpOnly") != std::string::npos);
        CHECK(cookie.find("SameSite=Strict") != std::string::npos);
        CHECK((cookie.find("Secure") != std::string::npos) == proxied);
    }
}
