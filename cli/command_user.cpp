// `allseason user add|remove|list PROJECT [NAME]`: the planners who may sign in to `serve`.
// Passwords are read without echo from a terminal, or as one line from stdin for scripts, and
// stored only as Argon2id hashes.
#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/web_records.hpp"
#include "web/security.hpp"

#include <fmt/format.h>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace allseason::cli {

namespace {

constexpr std::size_t shortest_password = 8;

std::string read_line_without_echo(const char* prompt) {
    std::cerr << prompt << std::flush;
    termios before{};
    tcgetattr(STDIN_FILENO, &before);
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::string line;
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &before);
    std::cerr << '\n';
    return line;
}

std::string read_password() {
    std::string password;
    if (isatty(STDIN_FILENO)) {
        password = read_line_without_echo("password: ");
        if (read_line_without_echo("the same again: ") != password) {
            throw usage_error("the two passwords differ");
        }
    } else if (!std::getline(std::cin, password)) {
        throw usage_error("no password on stdin (one line)");
    }
    if (!password.empty() && password.back() == '\r')
        password.pop_back();
    if (password.size() < shortest_password) {
        throw usage_error(
            fmt::format("the password is shorter than {} characters", shortest_password));
    }
    return password;
}

std::string required_name(const user_options& options) {
    if (options.name.empty()) {
        throw usage_error(fmt::format("user {} needs a NAME", options.action));
    }
    return options.name;
}

} // namespace

int run_user(const user_options& options) {
    auto project = layers::project::open(options.project, options.action != "list");
    if (options.action == "list") {
        for (const auto& u : layers::list_users(project)) {
            std::cout << u.name << '\t' << u.created << '\n';
        }
        return 0;
    }
    const auto name = required_name(options);
    if (options.action == "remove") {
        if (!layers::remove_user(project, name)) {
            throw data_error(fmt::format("{}: no user \"{}\"", project.path().string(), name));
        }
        std::cout << fmt::format("removed user {}\n", name);
        return 0;
    }
    const auto hash = web::hash_password(read_password());
    const bool added = layers::put_user(project, name, hash);
    std::cout << (added ? "added user " : "changed the password of user ") << name << '\n';
    return 0;
}

} // namespace allseason::cli
