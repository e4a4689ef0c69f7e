#pragma once
// `allseason serve` (contract §6): one process serving one project to browsers — the map, the
// public project pages, the JSON API and the planners' pages — on cpp-httplib's thread pool.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace allseason::web {

struct server_options {
    std::filesystem::path project;
    std::string bind = "127.0.0.1"; // loopback unless the commune's network is asked for
    int port = 8080;                // 0: any free port (tests)
    std::string tls_cert;           // with tls_key: HTTPS, and Secure cookies
    std::string tls_key;
    bool behind_https = false; // a reverse proxy terminates TLS: cookies are Secure
    int threads = 64;          // connections served at once (keep-alive holds one each)
    std::string vehicle;       // the map's opening choice (serve --vehicle / --ford-depth)
    std::optional<double> ford_depth_m;
};

class server {
public:
    // Opens the project (migrating it once if needed) and binds the address; io_error when the
    // port is taken or the certificate cannot be read.
    explicit server(const server_options& options);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    int port() const;
    std::string url() const; // http(s)://host:port/
    // Serves until stop() (from another thread or a signal watcher).
    void run();
    void stop();

    struct impl;

private:
    std::unique_ptr<impl> m_impl;
};

} // namespace allseason::web
