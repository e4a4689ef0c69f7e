#pragma once
// A temporary directory per test, removed afterwards unless ALLSEASON_KEEP_TEST_FILES is set
// (then its path is printed so the files can be inspected).
#include <filesystem>
#include <string>

namespace allseason::test {

class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

} // namespace allseason::test
