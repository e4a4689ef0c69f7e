#include "layers/project_copy.hpp"

#include "geo/errors.hpp"
#include "geo/postgres.hpp"
#include "layers/pg_mirror.hpp"
#include "layers/pg_store.hpp"
#include "layers/project.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace allseason::layers {

namespace {

// The source's SQLite file copied whole (VACUUM INTO reads one consistent snapshot), without
// the bookkeeping of a PostgreSQL working copy.
void copy_file(geo::database& source, const std::filesystem::path& target) {
    std::filesystem::remove(target);
    source.prepare("VACUUM INTO ?").bind(1, target.string()).run();
    auto copy = geo::database::open(target, geo::open_mode::read_write);
    copy.exec("DROP TABLE IF EXISTS allseason_pg_sync");
}

} // namespace

copy_summary copy_project(const std::string& from, const std::string& to, bool force) {
    auto source = project::open(from, false);
    copy_summary summary{source.path().string(), geo::pg::without_password(to), 0};
    summary.tables = static_cast<int>(pg_mirror::describe(source.db()).size());
    if (geo::pg::is_url(to)) {
        auto store = pg_store::create(to, force);
        copy_file(source.db(), store->copy_path());
        store->publish_copy();
        return summary;
    }
    const std::filesystem::path target(to);
    if (std::filesystem::exists(target) && !force) {
        throw usage_error(
            fmt::format("{}: the file already exists; use --force to replace it", to));
    }
    std::filesystem::path part = target;
    part += ".part";
    try {
        copy_file(source.db(), part);
    } catch (...) {
        std::filesystem::remove(part);
        throw;
    }
    std::filesystem::rename(part, target);
    return summary;
}

} // namespace allseason::layers
