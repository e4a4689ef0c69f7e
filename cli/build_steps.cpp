#include "cli/build_steps.hpp"

#include "layers/project.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

void build_report::log(const std::string& line) {
    m_log.push_back(line);
    if (m_show_progress) {
        std::cerr << "  " << line << '\n';
    }
}

void build_report::warn(const std::string& line) {
    m_warnings.push_back(line);
    if (m_show_progress) {
        std::cerr << "  warning: " << line << '\n';
    }
}

std::string build_report::summary() const {
    std::string out;
    for (const auto& s : m_sentences) {
        out += s + "\n";
    }
    if (!m_files.empty()) {
        out += "\n";
        for (const auto& f : m_files) {
            out += "  " + f.string() + "\n";
        }
    }
    if (!m_warnings.empty()) {
        out += fmt::format("\n{} warning(s):\n", m_warnings.size());
        for (const auto& w : m_warnings) {
            out += "  " + w + "\n";
        }
    }
    return out;
}

namespace {

void describe_layers(const std::filesystem::path& project_path, bool vietnamese,
                     build_report& report) {
    auto project = layers::project::open(project_path, false);
    std::string counts;
    for (const auto& c : project.layer_counts()) {
        if (c.features > 0) {
            counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", c.features, c.layer);
        }
    }
    report.say(vietnamese
                   ? fmt::format("Dự án \"{}\" ({}): {}.", project.metadata().name,
                                 project.metadata().crs_text, counts)
                   : fmt::format("Project \"{}\" ({}): {}.", project.metadata().name,
                                 project.metadata().crs_text, counts));
    report.wrote(project_path);
}

} // namespace

void run_analyses(const importers::manifest& m, const std::filesystem::path& project,
                  const std::filesystem::path& outdir, const std::string& stem, bool vietnamese,
                  build_report& report) {
    (void)m;
    (void)outdir;
    (void)stem;
    describe_layers(project, vietnamese, report);
}

} // namespace allseason::cli
