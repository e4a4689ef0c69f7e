// `allseason build` and `allseason demo`: a whole project from a manifest. This file only
// sequences the library's steps and words the summary; each step is a library call.
#include "cli/build_steps.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/import.hpp"
#include "importers/manifest.hpp"
#include "importers/osm_all.hpp"
#include "layers/project.hpp"

#include <chrono>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#ifndef ALLSEASON_SOURCE_DIR
#define ALLSEASON_SOURCE_DIR ""
#endif
#ifndef ALLSEASON_DATA_DIR
#define ALLSEASON_DATA_DIR ""
#endif

namespace allseason::cli {

namespace {

std::filesystem::path program_folder() {
    std::error_code ignored;
    return std::filesystem::read_symlink("/proc/self/exe", ignored).parent_path();
}

// The bundled example: installed beside the program, else in the source tree it was built from.
std::filesystem::path find_demo_manifest() {
    const std::vector<std::filesystem::path> candidates{
        program_folder() / "../share/allseason/examples/anlac/allseason.toml",
        std::filesystem::path(ALLSEASON_DATA_DIR) / "examples/anlac/allseason.toml",
        std::filesystem::path(ALLSEASON_SOURCE_DIR) / "examples/anlac/allseason.toml",
    };
    for (const auto& c : candidates) {
        if (!c.empty() && std::filesystem::exists(c)) {
            return std::filesystem::weakly_canonical(c);
        }
    }
    throw io_error("cannot find the bundled An Lạc example (examples/anlac/allseason.toml) "
                   "beside the program or in its source tree");
}

void import_sources(const importers::manifest& m, const std::filesystem::path& project,
                    build_report& report) {
    for (std::size_t i = 0; i < m.sources.size(); ++i) {
        const auto& s = m.sources[i];
        importers::import_options o;
        o.project = project;
        o.layer = s.layer;
        o.source = s.file;
        o.source_layer = s.source_layer;
        o.fields.assign(s.fields.begin(), s.fields.end());
        o.source_crs = s.source_crs;
        if (!s.encoding.empty()) {
            o.encoding = importers::parse_text_encoding(s.encoding);
        }
        o.append = s.append;
        try {
            if (s.layer == "all") {
                const auto summary = importers::import_osm_all(o);
                for (const auto& line : importers::osm_summary_lines(summary)) {
                    report.log(line);
                }
                continue;
            }
            auto summary = importers::import_layer(o);
            report.log(importers::summary_line(summary));
            for (const auto& w : summary.warnings) {
                report.warn(w); // the importer's warnings start with the file's name
            }
        } catch (const allseason::error& e) {
            // Stop the build with the source named; the message names row and reason.
            throw data_error(fmt::format("{}: source {} of {} ({} → {}): {}",
                                         m.path.filename().string(), i + 1, m.sources.size(),
                                         s.file.filename().string(), s.layer, e.what()));
        }
    }
}

} // namespace

int run_build(const build_options& options) {
    const auto m = importers::read_manifest(options.manifest);
    const std::filesystem::path outdir = options.outdir;
    std::filesystem::create_directories(outdir);
    const std::string stem = m.path.parent_path().filename().string().empty()
                                 ? geo::ascii_slug(m.name)
                                 : m.path.parent_path().filename().string();
    const auto project_path = outdir / (stem + ".sqlite");

    build_report report(stderr_is_terminal(), options.lang == language::vi);
    {
        std::optional<geo::crs> crs;
        if (!m.crs.empty()) {
            crs = geo::crs::from_user_text(m.crs);
        }
        layers::project::create(project_path, crs, {m.name, true});
    }
    report.log(fmt::format("created {}", project_path.string()));
    import_sources(m, project_path, report);
    run_analyses(m, project_path, outdir, stem, options.lang == language::vi, report);
    std::cout << report.summary() << std::flush;
    return 0;
}

int run_demo(const demo_options& options) {
    return run_build({find_demo_manifest().string(), options.outdir, options.lang});
}

} // namespace allseason::cli
