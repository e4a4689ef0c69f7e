#pragma once
// The analyses `build` runs after the imports, and the report it prints.
#include "importers/manifest.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace allseason::cli {

// Collects what a build did: a log (shown on stderr as it goes, when that is a terminal),
// warnings, and the sentences of the final human summary (stdout).
class build_report {
public:
    build_report(bool show_progress, bool vietnamese)
        : m_show_progress(show_progress), m_vietnamese(vietnamese) {}
    void log(const std::string& line);
    void warn(const std::string& line);
    void say(const std::string& sentence) { m_sentences.push_back(sentence); }
    void wrote(const std::filesystem::path& file) { m_files.push_back(file); }
    std::string summary() const;

private:
    bool m_show_progress;
    bool m_vietnamese; // the summary's own words (the warnings are the importers' messages)
    std::vector<std::string> m_log;
    std::vector<std::string> m_warnings;
    std::vector<std::string> m_sentences;
    std::vector<std::filesystem::path> m_files;
};

// Runs every analysis and output the tool has on the built project, writing into `outdir`.
void run_analyses(const importers::manifest& m, const std::filesystem::path& project,
                  const std::filesystem::path& outdir, const std::string& stem, bool vietnamese,
                  build_report& report);

} // namespace allseason::cli
