#include "support/run_command.hpp"

#include "support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <optional>
#include <set>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace allseason::test {

command_result run_program(const std::string& program, const std::vector<std::string>& args) {
    temp_dir capture;
    const auto out_path = capture / "stdout";
    const auto err_path = capture / "stderr";
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        if (!freopen(out_path.c_str(), "w", stdout) || !freopen(err_path.c_str(), "w", stderr) ||
            !freopen("/dev/null", "r", stdin)) {
            _exit(127);
        }
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& a : args) {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    command_result result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

namespace {

// The commands whose first argument is a project.
const std::set<std::string> project_commands{
    "init", "import",    "join",       "info",   "check", "cutoff", "critical", "rank",
    "risk", "crossings", "indicators", "export", "map",   "report", "terrain"};

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// ALLSEASON_TEST_STORE_URL set (the PostgreSQL reruns of tests/CMakeLists.txt): a command on
// a .sqlite project runs on a PostgreSQL schema holding the same project instead — the file is
// copied to the schema before and back after, so that the test reads what the command did in
// PostgreSQL. Messages name the file as they would on a .sqlite project.
std::optional<command_result> run_on_postgresql(const std::vector<std::string>& args) {
    const char* base = std::getenv("ALLSEASON_TEST_STORE_URL");
    if (!base || !*base || args.size() < 2 || !project_commands.contains(args[0]) ||
        !args[1].ends_with(".sqlite")) {
        return std::nullopt;
    }
    const auto file = std::filesystem::absolute(args[1]);
    const bool exists = std::filesystem::exists(file);
    if ((args[0] == "init") == exists) {
        return std::nullopt; // "already exists", "no such project": the file's business
    }
    const std::string url =
        fmt::format("{}?schema=t{:016x}", base, std::hash<std::string>{}(file.string()));
    if (exists) {
        auto in = run_program(ALLSEASON_BINARY, {"copy", file.string(), url, "--force"});
        if (in.exit_code != 0) {
            return in;
        }
    }
    std::vector<std::string> on_url = args;
    on_url[1] = url;
    if (args[0] == "init") {
        on_url.push_back("--force");
    }
    auto result = run_program(ALLSEASON_BINARY, on_url);
    auto back = run_program(ALLSEASON_BINARY, {"copy", url, file.string(), "--force"});
    if (back.exit_code != 0 && result.exit_code == 0) {
        return back;
    }
    replace_all(result.out, url, args[1]);
    replace_all(result.err, url, args[1]);
    return result;
}

} // namespace

command_result run_allseason(const std::vector<std::string>& args) {
    if (auto on_postgresql = run_on_postgresql(args)) {
        return *on_postgresql;
    }
    return run_program(ALLSEASON_BINARY, args);
}

} // namespace allseason::test
