// `signs`: one A4 page per candidate project whose QR code decodes to its public page; and the
// whole web map in a real browser (headless Chromium), skipped with a message where missing.
#include "web/web_fixture.hpp"

#include "geo/sqlite.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

using namespace allseason;
using namespace allseason::test;

namespace {

std::set<std::string> candidate_codes(const std::filesystem::path& project) {
    auto db = geo::database::open(project, geo::open_mode::read_only);
    auto s = db.prepare("SELECT code FROM projects WHERE status <> 'done'");
    std::set<std::string> out;
    while (s.step())
        out.insert(s.get_text(0));
    return out;
}

bool have(const char* program) {
    return run_program("/bin/sh", {"-c", std::string("command -v ") + program}).exit_code == 0;
}

} // namespace

TEST_CASE("signs: one A4 page per candidate project, each QR decoding to its page", "[web]") {
    if (!have("zbarimg") || !have("pdftoppm") || !have("pdfinfo")) {
        WARN("zbar-tools or poppler-utils missing: the signs' QR codes are not decoded");
        return;
    }
    temp_dir dir;
    const auto project = anlac_copy(dir);
    const auto pdf = dir / "biển báo.pdf";
    const std::string base = "https://xa-anlac.example.vn/ban-do";
    const auto r =
        run_allseason({"signs", project.string(), pdf.string(), "--base-url", base + "/"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto codes = candidate_codes(project);
    REQUIRE(codes.size() >= 2);
    const auto info = run_program("/usr/bin/pdfinfo", {pdf.string()});
    std::smatch m;
    REQUIRE(std::regex_search(info.out, m, std::regex(R"(Pages:\s+(\d+))")));
    CHECK(std::stoul(m[1]) == codes.size());
    CHECK(info.out.find("595.28 x 841.89") != std::string::npos); // A4 in points
    REQUIRE(run_program("/usr/bin/pdftoppm",
                        {"-r", "100", "-png", pdf.string(), (dir / "page").string()})
                .exit_code == 0);
    std::set<std::string> decoded;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path().extension() != ".png")
            continue;
        const auto z = run_program("/usr/bin/zbarimg", {"--raw", "-q", entry.path().string()});
        REQUIRE(z.exit_code == 0);
        decoded.insert(z.out.substr(0, z.out.find('\n')));
    }
    std::set<std::string> expected;
    for (const auto& code : codes)
        expected.insert(base + "/projects/" + code);
    CHECK(decoded == expected);
    // The text is on the page too (Vietnamese by default).
    const auto text = run_program("/usr/bin/pdftotext", {pdf.string(), "-"});
    CHECK(text.out.find("Quét mã") != std::string::npos);
    // A bad base URL is a usage error and writes nothing.
    CHECK(run_allseason(
              {"signs", project.string(), (dir / "x.pdf").string(), "--base-url", "xa-anlac"})
              .exit_code == 2);
    CHECK(!std::filesystem::exists(dir / "x.pdf"));
}

TEST_CASE("the web map in headless Chromium", "[web][browser]") {
    temp_dir dir;
    const auto project = anlac_copy(dir);
    const std::string user = "Vi Văn Tình";
    const std::string password = "bản Nà Ó 2026";
    REQUIRE(run_allseason_with_input({"user", "add", project.string(), user}, password + "\n")
                .exit_code == 0);
    const auto cutoff = nlohmann::json::parse(
        run_allseason({"cutoff", project.string(), "--format", "json", "--ford-depth", "0.6"}).out);
    std::string expected;
    for (const auto& v : cutoff["villages"]) {
        if (v["reachable_dry"].get<bool>() && !v["reachable"].get<bool>())
            expected += (expected.empty() ? "" : ",") + v["code"].get<std::string>();
    }
    REQUIRE(!expected.empty());
    // The project page is opened from the URL a sign's QR code holds.
    const auto code = *candidate_codes(project).begin();
    served_project server(project);
    const auto pdf = dir / "signs.pdf";
    REQUIRE(run_allseason({"signs", project.string(), pdf.string(), "--base-url", server.url()})
                .exit_code == 0);
    const std::string qr_url = server.url() + "projects/" + code;
    const std::string feedback = "<script>alert(1)</script> ngầm ngập sâu";
    const auto r = run_program("/usr/bin/python3",
                               {std::string(ALLSEASON_SOURCE_DIR) + "/tests/web/browser_check.py",
                                server.url(), qr_url, expected, user, password, feedback});
    if (r.exit_code == 77 || r.exit_code == 127) { // no Selenium / Chromium, or no python3
        WARN("the browser test is skipped: " << (r.exit_code == 127 ? "no /usr/bin/python3"
                                                                    : r.out));
        return;
    }
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto db = geo::database::open(project, geo::open_mode::read_only);
    auto s = db.prepare("SELECT message FROM feedback WHERE project_code = ?");
    s.bind(1, code);
    REQUIRE(s.step());
    CHECK(s.get_text(0) == feedback);
    auto p = db.prepare("SELECT progress_pct FROM projects WHERE code = ?");
    p.bind(1, code);
    REQUIRE(p.step());
    CHECK(p.get_int(0) == 73);
    CHECK(*db.query_int("SELECT count(*) FROM edit_log WHERE field = 'progress_pct' AND "
                        "new_value = '73'") == 1);
}
