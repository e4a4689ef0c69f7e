#pragma once
// For the web tests: the An Lạc example built once per test program, `allseason serve` started
// on a free loopback port (the real program) and stopped afterwards, and a small HTTP client.
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace allseason::test {

// A fresh copy of the built An Lạc project in `dir`.
std::filesystem::path anlac_copy(const temp_dir& dir);

// Runs allseason with `input` on its stdin.
command_result run_allseason_with_input(const std::vector<std::string>& args,
                                        const std::string& input);

// `allseason serve PROJECT --port 0 [extra...]`, stopped (SIGTERM) on destruction.
class served_project {
public:
    explicit served_project(const std::filesystem::path& project,
                            const std::vector<std::string>& extra = {});
    ~served_project();
    served_project(const served_project&) = delete;
    served_project& operator=(const served_project&) = delete;
    const std::string& url() const { return m_url; } // http://127.0.0.1:PORT/
    int port() const { return m_port; }
    // The server's exit code after stop() (SIGTERM); -1 if it had to be killed.
    int stop();

private:
    int m_pid = -1;
    int m_port = 0;
    std::string m_url;
    temp_dir m_capture;
};

struct http_answer {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // lower-case names, the last value
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// A browser-like client: keeps the session cookie it is given.
class web_client {
public:
    explicit web_client(int port) : m_port(port) {}
    http_answer get(const std::string& path);
    http_answer post_form(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& fields);
    http_answer post_json(const std::string& path, const std::string& body,
                          const std::string& csrf_header = "");
    http_answer post_raw(const std::string& path, const std::string& body,
                         const std::string& content_type);
    // Signs in through the sign-in form; returns the planner page's CSRF token.
    std::string sign_in(const std::string& user, const std::string& password);
    const std::string& cookie() const { return m_cookie; }

private:
    http_answer send(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& content_type,
                     const std::vector<std::pair<std::string, std::string>>& headers);
    int m_port;
    std::string m_cookie;
};

// The value of `name="csrf" value="..."` or `name="csrf-token" content="..."` in a page.
std::string csrf_in(const std::string& html);
std::string url_encode(const std::string& text);

} // namespace allseason::test
