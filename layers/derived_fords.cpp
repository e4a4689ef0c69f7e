#include "layers/derived_fords.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace allseason::layers {

namespace {

std::vector<std::string> codes_taken(project& p, const std::vector<derived_ford>& fords) {
    std::vector<std::string> taken;
    auto stmt = p.db().prepare("SELECT 1 FROM fords WHERE code = ?");
    for (const auto& f : fords) {
        stmt.reset();
        stmt.bind(1, f.code);
        if (stmt.step())
            taken.push_back(f.code);
    }
    return taken;
}

} // namespace

void add_derived_fords(project& p, const std::vector<derived_ford>& fords) {
    if (fords.empty())
        return;
    geo::transaction tx(p.db());
    const auto taken = codes_taken(p, fords);
    if (!taken.empty()) {
        throw data_error(fmt::format(
            "{}: layer fords already has a ford with code {} — a derived ford would take that "
            "code; rename the existing ford (or delete it) and run crossings --add-fords again; "
            "no ford was added",
            p.path().string(), fmt::join(taken, ", ")));
    }
    auto insert = p.db().prepare("INSERT INTO fords (code, name, flood_depth_m, derived, geom) "
                                 "VALUES (?, NULL, NULL, 1, MakePoint(?, ?, ?))");
    for (const auto& f : fords) {
        insert.reset();
        insert.bind(1, f.code);
        insert.bind(2, f.point.x);
        insert.bind(3, f.point.y);
        insert.bind(4, p.srid());
        insert.run();
    }
    tx.commit();
}

} // namespace allseason::layers
