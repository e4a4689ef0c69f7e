// `allseason join`: the summary on stdout (fields written, matches made ignoring case or
// accents, rows skipped), warnings on stderr; the errors go to main, which exits 1 or 2.
#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "importers/join.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

namespace {

importers::join_on parse_on(const std::string& given) {
    std::string on = given;
    std::transform(on.begin(), on.end(), on.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (on.empty()) {
        return importers::join_on::automatic;
    }
    if (on == "code") {
        return importers::join_on::code;
    }
    if (on == "name") {
        return importers::join_on::name;
    }
    throw usage_error(fmt::format("--on {}: write --on code or --on name", given));
}

void print_summary(const importers::join_summary& summary) {
    for (const auto& field : summary.fields) {
        std::cout << "  " << field << '\n';
    }
    for (const auto& note : summary.notes) {
        std::cout << "  " << note << '\n';
    }
    for (const auto& m : summary.loose) {
        std::cout << fmt::format("  row {}: \"{}\" → {}, {}\n", m.row, m.key, m.feature,
                                 importers::describe(m.step));
    }
    for (const auto& skipped : summary.skipped_rows) {
        std::cout << "  skipped " << skipped << '\n';
    }
    std::cout << importers::summary_line(summary) << '\n';
}

} // namespace

int run_join(const join_options& options) {
    importers::join_options o;
    o.project = options.project;
    o.layer = options.layer;
    o.table = options.table;
    o.on = parse_on(options.on);
    o.key = options.key;
    o.fields = parse_field_arguments(options.fields);
    o.source_layer = options.source_layer;
    if (!options.encoding.empty()) {
        o.encoding = importers::parse_text_encoding(options.encoding);
    }
    o.skip_unmatched = options.skip_unmatched;
    const auto summary = importers::join_table(o);
    for (const auto& warning : summary.warnings) {
        std::cerr << "warning: " << warning << '\n';
    }
    print_summary(summary);
    return 0;
}

} // namespace allseason::cli
