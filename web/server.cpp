// The HTTP server around the routes: binding, TLS, the thread pool, limits and the headers
// every answer carries.
#include "web/server.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "web/site.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace allseason::web {

struct server::impl {
    std::unique_ptr<site> shared;
    std::unique_ptr<httplib::Server> http;
    int port = 0;
    std::string host;
    bool tls = false;
};

namespace {

// No inline script anywhere, nothing from another origin, no framing.
const char* const content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

std::unique_ptr<httplib::Server> make_http(const server_options& options) {
    if (options.tls_cert.empty() != options.tls_key.empty()) {
        throw usage_error("--tls-cert and --tls-key go together");
    }
    if (options.tls_cert.empty()) {
        return std::make_unique<httplib::Server>();
    }
    auto https =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!https->is_valid()) {
        throw io_error(fmt::format("{} / {}: not a usable certificate and key", options.tls_cert,
                                   options.tls_key));
    }
    return https;
}

// Debian's cpp-httplib listens with a backlog of 5, so a burst of new connections (fifty
// browsers at a council meeting, the load test) loses SYNs and waits seconds for retries.
// Listening again on the same socket only raises the backlog (Linux); the socket is found as
// the one of this process accepting on our port.
void widen_listen_backlog(int port) {
    for (int fd = 3; fd < 4096; ++fd) {
        int accepting = 0;
        socklen_t length = sizeof accepting;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) != 0 || !accepting)
            continue;
        sockaddr_storage address{};
        socklen_t address_length = sizeof address;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_length) != 0)
            continue;
        int bound = -1;
        if (address.ss_family == AF_INET)
            bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
        else if (address.ss_family == AF_INET6)
            bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
        if (bound == port)
            ::listen(fd, SOMAXCONN);
    }
}

} // namespace

server::server(const server_options& options) : m_impl(std::make_unique<impl>()) {
    m_impl->shared = std::make_unique<site>(options, layers::project::open(options.project, true, true));
    m_impl->tls = !options.tls_cert.empty();
    if (m_impl->tls)
        m_impl->shared->options.behind_https = true; // cookies Secure
    m_impl->http = make_http(options);
    auto& http = *m_impl->http;
    const int threads = std::max(options.threads, 4);
    http.new_task_queue = [threads] {
        return new httplib::ThreadPool(static_cast<size_t>(threads));
    };
    http.set_payload_max_length(body_limit_bytes);
    // Clients keep their connection (httplib's listen backlog is only 5: many reconnecting
    // clients would overflow it).
    http.set_keep_alive_max_count(10000);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(10);
    http.set_write_timeout(10);
    http.set_default_headers({{"Content-Security-Policy", content_security_policy},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "same-origin"}});
    install_routes(http, *m_impl->shared);
    m_impl->host = options.bind;
    if (options.port == 0) {
        m_impl->port = http.bind_to_any_port(options.bind);
    } else {
        m_impl->port = http.bind_to_port(options.bind, options.port) ? options.port : -1;
    }
    if (m_impl->port <= 0) {
        throw io_error(fmt::format("cannot listen on {}:{} (the port is taken, or the address "
                                   "is not this machine's)",
                                   options.bind, options.port));
    }
    widen_listen_backlog(m_impl->port);
}

server::~server() = default;

int server::port() const {
    return m_impl->port;
}

std::string server::url() const {
    const bool v6 = m_impl->host.find(':') != std::string::npos;
    return fmt::format("{}://{}{}{}:{}/", m_impl->tls ? "https" : "http", v6 ? "[" : "",
                       m_impl->host, v6 ? "]" : "", m_impl->port);
}

void server::run() {
    m_impl->http->listen_after_bind();
}

void server::stop() {
    m_impl->http->stop();
}

} // namespace allseason::web
