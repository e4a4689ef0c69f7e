#include "terrain/project_io.hpp"

#include "geo/errors.hpp"
#include "layers/features.hpp"
#include "layers/project.hpp"
#include "terrain/terrain.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace allseason::terrain {

namespace {

struct extent_source {
    const char* table;
    const char* condition; // ours, never user text
};

// Every layer of contract §1; terrain's own rows do not widen the extent they are kept in.
constexpr extent_source extent_sources[] = {
    {"villages", "1"},
    {"roads", "1"},
    {"fords", "1"},
    {"bridges", "1"},
    {"facilities", "1"},
    {"households", "1"},
    {"forest_parcels", "1"},
    {"reserve_zones", "1"},
    {"hazard_zones", "source <> 'terrain'"},
    {"waterways", "derived = 0"},
    {"boundary", "1"},
    {"projects", "1"},
};

void grow(std::optional<geo::envelope>& box, const geo::envelope& more) {
    if (!box) {
        box = more;
        return;
    }
    box->min_x = std::min(box->min_x, more.min_x);
    box->min_y = std::min(box->min_y, more.min_y);
    box->max_x = std::max(box->max_x, more.max_x);
    box->max_y = std::max(box->max_y, more.max_y);
}

std::optional<std::string> scenario_hazards(layers::project& p, const std::string& name) {
    auto stmt = p.db().prepare("SELECT hazard_scenario FROM scenarios WHERE name = ?");
    stmt.bind(1, name);
    if (!stmt.step())
        return std::nullopt;
    return stmt.is_null(0) ? std::string() : stmt.get_text(0);
}

// A scenario that is rainy plus its own hazard zones (contract §4).
bool create_scenario_if_missing(layers::project& p, const std::string& name) {
    if (scenario_hazards(p, name))
        return false;
    const auto rainy = layers::read_scenario(p, "rainy");
    std::string surfaces;
    for (const auto& s : rainy.closed_surfaces)
        surfaces += (surfaces.empty() ? "" : ",") + s;
    p.db()
        .prepare("INSERT INTO scenarios (name, ford_depth_m, closed_surfaces, hazard_scenario, "
                 "description, unknown_fords) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, name)
        .bind(2, rainy.ford_depth_m)
        .bind(3, surfaces)
        .bind(4, "rainy," + name)
        .bind(5, fmt::format("rainy plus the {} zones drawn by terrain from the elevation model",
                             name))
        .bind(6, rainy.unknown_fords_open ? "open" : "closed")
        .run();
    return true;
}

void replace_zones(layers::project& p, const terrain_writes& w) {
    p.db()
        .prepare("DELETE FROM hazard_zones WHERE source = 'terrain' AND scenario IN (?, ?)")
        .bind(1, w.flood_scenario)
        .bind(2, landslide_scenario)
        .run();
    auto insert =
        p.db().prepare("INSERT INTO hazard_zones (kind, scenario, days_per_year, source, geom) "
                       "VALUES (?, ?, NULL, 'terrain', CastToMultiPolygon(GeomFromWKB(?, ?)))");
    auto add = [&](const char* kind, std::string_view scenario,
                   const std::vector<geo::blob>& zones) {
        for (const auto& wkb : zones) {
            insert.reset();
            insert.bind(1, kind).bind(2, scenario).bind(3, wkb).bind(4, p.srid());
            insert.run();
        }
    };
    add("flood", w.flood_scenario, w.flood_zones);
    add("landslide", landslide_scenario, w.landslide_zones);
}

void update_fords(layers::project& p, const std::vector<ford_estimate>& fords) {
    auto update = p.db().prepare(
        "UPDATE fords SET catchment_km2 = ?, flood_depth_estimated_m = ? WHERE fid = ?");
    for (const auto& f : fords) {
        update.reset();
        update.bind(1, f.catchment_km2).bind(2, f.depth_m).bind(3, f.fid);
        update.run();
    }
}

void replace_streams(layers::project& p, const std::vector<polyline>& streams) {
    p.db().exec("DELETE FROM waterways WHERE derived = 1");
    const geo::geos_context geos;
    auto insert = p.db().prepare("INSERT INTO waterways (name, kind, culvert, derived, geom) "
                                 "VALUES (NULL, 'stream', 0, 1, GeomFromWKB(?, ?))");
    for (const auto& line : streams) {
        insert.reset();
        insert.bind(1, geos.line(line).to_wkb()).bind(2, p.srid());
        insert.run();
    }
}

void set_metadata(layers::project& p, std::string_view key, std::string_view value) {
    p.db()
        .prepare("INSERT INTO allseason_metadata (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
}

} // namespace

std::optional<geo::envelope> project_extent(layers::project& p) {
    std::optional<geo::envelope> box;
    for (const auto& source : extent_sources) {
        if (!p.db().table_exists(source.table))
            continue;
        auto stmt = p.db().prepare(
            fmt::format("SELECT Min(MbrMinX(geom)), Min(MbrMinY(geom)), Max(MbrMaxX(geom)), "
                        "Max(MbrMaxY(geom)) FROM {} WHERE {}",
                        geo::quote_identifier(source.table), source.condition));
        if (stmt.step() && !stmt.is_null(0))
            grow(box,
                 {stmt.get_double(0), stmt.get_double(1), stmt.get_double(2), stmt.get_double(3)});
    }
    return box;
}

std::vector<std::string> write_terrain(layers::project& p, const terrain_writes& w) {
    geo::transaction tx(p.db());
    std::vector<std::string> created;
    for (const auto& name : {w.flood_scenario, std::string(landslide_scenario)}) {
        if (create_scenario_if_missing(p, name))
            created.push_back(name);
    }
    replace_zones(p, w);
    update_fords(p, w.fords);
    if (w.replace_streams)
        replace_streams(p, w.streams);
    set_metadata(p, "terrain_dem", w.dem_name);
    set_metadata(p, "terrain_cell_m", fmt::format("{:.1f}", w.cell_m));
    set_metadata(p, "terrain_flood_scenario", w.flood_scenario);
    set_metadata(p, "terrain_stream_area_km2", fmt::format("{:g}", w.stream_area_km2));
    set_metadata(p, "terrain_slope_deg", fmt::format("{:g}", w.slope_deg));
    p.touch();
    tx.commit();
    return created;
}

} // namespace allseason::terrain
