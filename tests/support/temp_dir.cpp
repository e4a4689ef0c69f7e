#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace allseason::test {

temp_dir::temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "allseason-test-XXXXXX");
    if (!mkdtemp(pattern.data())) {
        throw std::runtime_error("cannot create a temporary directory");
    }
    m_path = pattern;
}

temp_dir::~temp_dir() {
    if (std::getenv("ALLSEASON_KEEP_TEST_FILES")) {
        std::cerr << "kept test files in " << m_path << '\n';
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

} // namespace allseason::test
