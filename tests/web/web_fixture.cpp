#include "web/web_fixture.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fmt/format.h>
#include <httplib.h>
#include <regex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace allseason::test {

namespace {

const std::filesystem::path& built_anlac() {
    static temp_dir dir;
    static const std::filesystem::path project = [] {
        const auto manifest =
            std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac/allseason.toml";
        const auto r = run_allseason({"build", manifest.string(), (dir / "out").string()});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return dir / "out/anlac.sqlite";
    }();
    return project;
}

std::string lower(std::string text) {
    for (auto& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

std::filesystem::path anlac_copy(const temp_dir& dir) {
    const auto copy = dir / "anlac.sqlite";
    std::filesystem::copy_file(built_anlac(), copy);
    return copy;
}

command_result run_allseason_with_input(const std::vector<std::string>& args,
                                        const std::string& input) {
    temp_dir capture;
    write_file(capture / "stdin", input);
    const pid_t pid = fork();
    if (pid == 0) {
        if (!freopen((capture / "stdout").c_str(), "w", stdout) ||
            !freopen((capture / "stderr").c_str(), "w", stderr) ||
            !freopen((capture / "stdin").c_str(), "r", stdin)) {
            _exit(127);
        }
        std::vector<char*> argv{const_cast<char*>(ALLSEASON_BINARY)};
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(ALLSEASON_BINARY, argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
            read_file(capture / "stdout"), read_file(capture / "stderr")};
}

served_project::served_project(const std::filesystem::path& project,
                               const std::vector<std::string>& extra) {
    const auto out = m_capture / "stdout";
    const auto err = m_capture / "stderr";
    m_pid = fork();
    if (m_pid == 0) {
        if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) {
            _exit(127);
        }
        std::vector<std::string> args{"serve", project.string(), "--port", "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv{const_cast<char*>(ALLSEASON_BINARY)};
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(ALLSEASON_BINARY, argv.data());
        _exit(127);
    }
    // The program prints "serving PROJECT at URL" once it listens.
    const std::regex served(R"(at (http://127\.0\.0\.1:(\d+)/))");
    for (int i = 0; i < 300 && m_url.empty(); ++i) {
        std::smatch m;
        const auto text = read_file(out);
        if (std::regex_search(text, m, served)) {
            m_url = m[1];
            m_port = std::stoi(m[2]);
            break;
        }
        int status = 0;
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            FAIL("serve exited: " << read_file(err));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(!m_url.empty());
}

int served_project::stop() {
    if (m_pid <= 0)
        return -1;
    kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return -1;
}

served_project::~served_project() {
    stop();
}

http_answer web_client::send(const std::string& method, const std::string& path,
                             const std::string& body, const std::string& content_type,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
    httplib::Client client("127.0.0.1", m_port);
    client.set_read_timeout(60);
    httplib::Headers h;
    if (!m_cookie.empty())
        h.emplace("Cookie", m_cookie);
    for (const auto& [k, v] : headers)
        h.emplace(k, v);
    httplib::Result r =
        method == "GET" ? client.Get(path, h) : client.Post(path, h, body, content_type.c_str());
    REQUIRE(r);
    http_answer out{r->status, r->body, {}};
    for (const auto& [k, v] : r->headers) {
        out.headers[lower(k)] = v;
        if (lower(k) == "set-cookie") {
            const auto value = v.substr(0, v.find(';'));
            m_cookie = value.ends_with("=") ? "" : value;
        }
    }
    return out;
}

http_answer web_client::get(const std::string& path) {
    return send("GET", path, "", "", {});
}

http_answer web_client::post_form(const std::string& path,
                                  const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [k, v] : fields)
        body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
    return send("POST", path, body, "application/x-www-form-urlencoded", {});
}

http_answer web_client::post_json(const std::string& path, const std::string& body,
                                  const std::string& csrf_header) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!csrf_header.empty())
        headers.emplace_back("X-CSRF-Token", csrf_header);
    return send("POST", path, body, "application/json", headers);
}

http_answer web_client::post_raw(const std::string& path, const std::string& body,
                                 const std::string& content_type) {
    return send("POST", path, body, content_type, {});
}

std::string web_client::sign_in(const std::string& user, const std::string& password) {
    const auto form = get("/signin");
    REQUIRE(form.status == 200);
    const auto r = post_form(
        "/signin", {{"csrf", csrf_in(form.body)}, {"name", user}, {"password", password}});
    REQUIRE(r.status == 303);
    REQUIRE(!m_cookie.empty());
    const auto page = get("/planner");
    REQUIRE(page.status == 200);
    return csrf_in(page.body);
}

std::string csrf_in(const std::string& html) {
    std::smatch m;
    static const std::regex field(R"re(name="csrf" value="([^"]+)")re");
    static const std::regex meta(R"re(name="csrf-token" content="([^"]+)")re");
    if (std::regex_search(html, m, meta) || std::regex_search(html, m, field))
        return m[1];
    return {};
}

std::string url_encode(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~')
            out += c;
        else
            out += fmt::format("%{:02X}", u);
    }
    return out;
}

} // namespace allseason::test
