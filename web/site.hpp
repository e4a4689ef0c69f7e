#pragma once
// What every request handler of the server shares (internal to web/).
#include "layers/web_records.hpp"
#include "web/analysis.hpp"
#include "web/security.hpp"
#include "web/server.hpp"

namespace httplib {
class Server;
}

namespace allseason::web {

// Per address: 5 feedbacks in 10 minutes and 10 sign-in attempts in 5 minutes — plenty for a
// villager or a planner, too few to flood the office or guess a password.
inline constexpr std::size_t feedback_limit = 5;
inline constexpr std::size_t signin_limit = 10;
inline constexpr std::size_t body_limit_bytes = 16 * 1024;

struct site {
    explicit site(const server_options& o, layers::project project)
        : options(o), access(std::move(project)), answers(access) {}

    server_options options;
    project_access access;
    analysis answers;
    session_store sessions;
    form_tokens tokens;
    rate_limiter feedback_requests{feedback_limit, std::chrono::minutes(10)};
    rate_limiter signin_requests{signin_limit, std::chrono::minutes(5)};
};

void install_routes(httplib::Server& http, site& s);

// The body of POST /api/projects/CODE: {"status", "progress_pct", "year", "funding"}, any of
// them; usage_error for another key, a wrong type or a value import would refuse.
layers::project_edit parse_edit(const std::string& body);

} // namespace allseason::web
