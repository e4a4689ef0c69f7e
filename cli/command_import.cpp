#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "importers/import.hpp"
#include "importers/osm_all.hpp"

#include <chrono>
#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

std::vector<std::pair<std::string, std::string>>
parse_field_arguments(const std::vector<std::string>& fields) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& f : fields) {
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == f.size()) {
            throw usage_error(fmt::format("--field {}: write TARGET=SOURCE, e.g. --field "
                                          "name=ten_thon (or TARGET==VALUE for a fixed value)",
                                          f));
        }
        pairs.emplace_back(f.substr(0, eq), f.substr(eq + 1));
    }
    return pairs;
}

namespace {

// Shows "rows read" on stderr once the import has run for a second, when stderr is a
// terminal; at most a few times a second.
class progress_display {
public:
    progress_display() : m_enabled(stderr_is_terminal()), m_start(clock::now()) {}
    ~progress_display() {
        if (m_shown) {
            std::cerr << "\r\033[K" << std::flush;
        }
    }
    progress_display(const progress_display&) = delete;
    progress_display& operator=(const progress_display&) = delete;

    void operator()(std::int64_t read, std::int64_t total) {
        const auto now = clock::now();
        if (!m_enabled || now - m_start < std::chrono::seconds(1) ||
            now - m_last < std::chrono::milliseconds(200)) {
            return;
        }
        m_last = now;
        m_shown = true;
        if (total > 0) {
            std::cerr << fmt::format("\rimporting: {} of {} rows ({:.0f}%)", read, total,
                                     100.0 * static_cast<double>(read) / static_cast<double>(total))
                      << std::flush;
        } else {
            std::cerr << fmt::format("\rimporting: {} rows", read) << std::flush;
        }
    }

private:
    using clock = std::chrono::steady_clock;
    bool m_enabled;
    bool m_shown = false;
    clock::time_point m_start;
    clock::time_point m_last{};
};

int run_import_all(const importers::import_options& o) {
    importers::osm_import_summary summary;
    {
        progress_display progress;
        auto options = o;
        options.progress = [&progress](std::int64_t read, std::int64_t total) {
            progress(read, total);
        };
        summary = importers::import_osm_all(options);
    }
    if (!summary.crs_note.empty()) {
        std::cout << summary.crs_note << '\n';
    }
    for (const auto& warning : summary.warnings) {
        std::cerr << "warning: " << warning << '\n';
    }
    for (const auto& line : importers::osm_summary_lines(summary)) {
        std::cout << line << '\n';
    }
    return 0;
}

} // namespace

int run_import(const import_options& options) {
    importers::import_options o;
    o.project = options.project;
    o.layer = options.layer;
    o.source = options.source;
    o.source_layer = options.source_layer;
    o.fields = parse_field_arguments(options.fields);
    o.source_crs = options.source_crs;
    if (!options.encoding.empty()) {
        o.encoding = importers::parse_text_encoding(options.encoding);
    }
    o.append = options.append;
    if (options.layer == "all") {
        return run_import_all(o);
    }
    importers::import_summary summary;
    {
        progress_display progress;
        o.progress = [&progress](std::int64_t read, std::int64_t total) { progress(read, total); };
        summary = importers::import_layer(o);
    }
    if (!summary.crs_note.empty()) {
        std::cout << summary.crs_note << '\n';
    }
    for (const auto& note : summary.notes) {
        std::cout << "  " << note << '\n';
    }
    for (const auto& warning : summary.warnings) {
        std::cerr << "warning: " << warning << '\n';
    }
    std::cout << importers::summary_line(summary) << '\n';
    return 0;
}

} // namespace allseason::cli
