#include "cli/commands.hpp"
#include "layers/project_copy.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

int run_copy(const copy_options& options) {
    const auto summary = layers::copy_project(options.from, options.to, options.force);
    std::cout << fmt::format("copied {} to {}: {} tables\n", summary.from, summary.to,
                             summary.tables);
    return 0;
}

} // namespace allseason::cli
