#pragma once
// `allseason copy`: a whole project (layers, settings, scenarios, vehicles, results, the
// compiled network, import log) from a .sqlite file or a PostgreSQL schema to the other, or the
// same kind. The target is written in one transaction and must not exist unless `force`.
#include <string>

namespace allseason::layers {

struct copy_summary {
    std::string from;
    std::string to;
    int tables = 0;
};

copy_summary copy_project(const std::string& from, const std::string& to, bool force);

} // namespace allseason::layers
