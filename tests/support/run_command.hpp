#pragma once
// Runs the built allseason program (or any program) and captures what it printed.
#include <string>
#include <vector>

namespace allseason::test {

struct command_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

command_result run_program(const std::string& program, const std::vector<std::string>& args);
// Runs the allseason binary this test was built with.
command_result run_allseason(const std::vector<std::string>& args);

} // namespace allseason::test
