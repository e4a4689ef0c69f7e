// `allseason signs PROJECT OUT.pdf --base-url URL`: one A4 site sign per candidate project
// (every project not done), each with a QR code of BASE_URL/projects/CODE (contract §6).
#include "cli/commands.hpp"
#include "geo/errors.hpp"
#include "geo/url.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "layers/render/signs.hpp"

#include <fmt/format.h>
#include <iostream>

namespace allseason::cli {

namespace {

std::string checked_base(std::string base) {
    if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) {
        throw usage_error(fmt::format("--base-url {}: give the http:// or https:// address "
                                      "where serve is reached",
                                      base));
    }
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    return base;
}

} // namespace

int run_signs(const signs_options& options) {
    const auto base = checked_base(options.base_url);
    auto project = layers::project::open(options.project, false);
    std::vector<render::sign> signs;
    for (const auto& p : layers::read_candidate_projects(project)) {
        if (p.done())
            continue;
        signs.push_back({p.code, p.name, p.kind, p.status, p.cost_million_vnd, p.funding,
                         base + "/projects/" + geo::percent_encode(p.code)});
    }
    if (signs.empty()) {
        throw data_error(fmt::format("{}: no candidate project (every project is done, or none "
                                     "is imported)",
                                     project.path().string()));
    }
    render::write_signs(options.out, signs, project.metadata().name, options.lang == language::vi);
    std::cout << fmt::format("wrote {} signs to {}\n", signs.size(), options.out);
    return 0;
}

} // namespace allseason::cli
