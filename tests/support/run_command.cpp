#include "support/run_command.hpp"

#include "support/temp_dir.hpp"

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

command_result run_allseason(const std::vector<std::string>& args) {
    return run_program(ALLSEASON_BINARY, args);
}

} // namespace allseason::test
