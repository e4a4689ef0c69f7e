// OpenStreetMap roads (contract §3) from the Andorra extract, checked against the tags read
// independently from the same file through GDAL.
#include "geo/gdal.hpp"
#include "importers/import.hpp"
#include "importers/import_fixture.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>

using namespace allseason;
using namespace allseason::test;

namespace {

const std::filesystem::path andorra = "/work/shared/data/osm/andorra.osm.pbf";

// Contract §3, written out again here so that the test does not lean on the importer's table.
const std::map<std::string, std::string> contract_classes = {
    {"motorway", "national"},        {"trunk", "national"},
    {"primary", "national"},         {"secondary", "provincial"},
    {"tertiary", "inter_commune"},   {"unclassified", "commune_axis"},
    {"residential", "village_axis"}, {"service", "alley"},
    {"living_street", "alley"},      {"track", "track"}};
const std::set<std::string> contract_skipped = {"footway", "path", "steps", "cycleway"};

std::string surface_tag(const std::string& other_tags) {
    const std::string key = "\"surface\"=>\"";
    const auto at = other_tags.find(key);
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + key.size();
    return other_tags.substr(start, other_tags.find('"', start) - start);
}

} // namespace

TEST_CASE("OSM ways become roads with the contract's tag mapping", "[importers][osm]") {
    if (!std::filesystem::exists(andorra)) {
        WARN("skipped: " << andorra << " is not on this machine");
        return;
    }
    // What the file says, read directly.
    std::map<std::string, std::string> expected_class; // "w<id>" → class, for listed highways
    std::map<std::string, std::string> surfaces;       // "w<id>" → surface tag
    std::int64_t lines = 0;
    std::int64_t footways = 0;
    std::map<std::string, std::string> names; // "w<id>" → name tag, for listed highways
    {
        auto ds = geo::vector_dataset::open(andorra);
        auto layer = ds.layer("lines");
        while (auto f = layer.next_feature()) {
            ++lines;
            const std::string highway = f->get_text(f->field_index("highway"));
            const std::string code = "w" + f->get_text(f->field_index("osm_id"));
            if (auto c = contract_classes.find(highway); c != contract_classes.end()) {
                expected_class[code] = c->second;
                surfaces[code] = surface_tag(f->get_text(f->field_index("other_tags")));
                names[code] = f->get_text(f->field_index("name"));
            }
            footways += contract_skipped.count(highway);
        }
    }
    REQUIRE(expected_class.size() > 500);

    temp_dir dir;
    const auto project = make_project(dir, "");
    const auto summary = importers::import_layer(options(project, "roads", andorra));
    CHECK(summary.source_layer == "lines");
    CHECK(summary.rows_read == lines);
    CHECK_THAT(summary.crs_note, Catch::Contains("EPSG:32631")); // Andorra is in UTM zone 31N
    CHECK(summary.skipped >= footways);
    CHECK(summary.imported + summary.skipped == summary.rows_read);

    // Every listed highway is there with its class; the surface follows the tag or the default.
    const auto rows = query(project, "SELECT code, class, surface, name FROM roads");
    std::map<std::string, std::string> stored_class;
    for (const auto& row : rows) {
        const auto a = row.find('|');
        const auto b = row.find('|', a + 1);
        const auto c = row.find('|', b + 1);
        const std::string code = row.substr(0, a);
        const std::string road_class = row.substr(a + 1, b - a - 1);
        const std::string surface = row.substr(b + 1, c - b - 1);
        stored_class[code] = road_class;
        if (auto s = surfaces.find(code); s != surfaces.end()) {
            INFO(code << " surface tag \"" << s->second << "\"");
            if (s->second == "asphalt" || s->second == "paved") {
                CHECK(surface == "asphalt");
            } else if (s->second.rfind("concrete", 0) == 0) {
                CHECK(surface == "concrete");
            } else if (s->second == "gravel" || s->second == "compacted" ||
                       s->second == "fine_gravel") {
                CHECK(surface == "gravel");
            } else if (s->second == "dirt" || s->second == "ground" || s->second == "unpaved" ||
                       s->second == "grass") {
                CHECK(surface == "earth");
            } else if (s->second.empty()) {
                const std::string& k = expected_class[code];
                const std::string def = k == "national" || k == "provincial"          ? "asphalt"
                                        : k == "inter_commune" || k == "commune_axis" ? "gravel"
                                        : k == "track"                                ? "earth"
                                                                                      : "concrete";
                CHECK(surface == def);
            }
        }
    }
    for (const auto& [code, road_class] : expected_class) {
        INFO(code);
        CHECK(stored_class[code] == road_class);
    }
    CHECK(query_one(project, "SELECT count(*) FROM roads WHERE code NOT LIKE 'w%'") == "0");
    for (const auto& [code, name] : names) {
        if (!name.empty()) {
            INFO(code);
            CHECK(query_one(project, "SELECT name FROM roads WHERE code = '" + code + "'") == name);
        }
    }
}
