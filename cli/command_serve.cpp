// `allseason serve`: parses, checks the map's opening choice, starts the web server and prints
// its URL; SIGINT or SIGTERM stop it cleanly.
#include "cli/commands.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "web/server.hpp"

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

namespace allseason::cli {

int run_serve(const serve_options& options) {
    const auto choice = scenario_choice_of("rainy", options.vehicle);
    {
        // An unknown vehicle is refused now, not on the first visitor's request.
        auto project = layers::project::open(options.project, true);
        layers::resolve_scenario(project, choice);
    }
    web::server_options o;
    o.project = options.project;
    o.bind = options.bind;
    o.port = options.port;
    o.tls_cert = options.tls_cert;
    o.tls_key = options.tls_key;
    o.behind_https = options.behind_https;
    o.vehicle = choice.vehicle;
    o.ford_depth_m = choice.ford_depth_m;

    // Signals are taken by one watcher thread (blocked everywhere else, the server's threads
    // inherit the mask), which stops the server.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    web::server server(o);
    std::thread watcher([&] {
        int received = 0;
        sigwait(&stop_signals, &received);
        server.stop();
    });
    watcher.detach();
    std::cout << "serving " << options.project << " at " << server.url() << std::endl;
    if (options.bind != "127.0.0.1" && options.bind != "::1" && options.tls_cert.empty() &&
        !options.behind_https) {
        std::cerr << "note: plain HTTP on the network: passwords cross it readable; put an HTTPS "
                     "reverse proxy in front (--behind-https) or use --tls-cert/--tls-key\n";
    }
    server.run();
    return 0;
}

} // namespace allseason::cli
