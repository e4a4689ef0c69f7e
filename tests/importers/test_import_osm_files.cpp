// `import PROJECT all` on whole files: .osm.gz and .osm.bz2 made here, damaged and truncated
// files (an error, the project unchanged), layers the file has nothing for, --append, the CLI,
// and the Andorra extract checked against a second, simple reading of it through GDAL.
#include "geo/errors.hpp"
#include "geo/gdal.hpp"
#include "geo/text.hpp"
#include "importers/import_fixture.hpp"
#include "importers/osm_all.hpp"
#include "importers/osm_xml.hpp"
#include "support/run_command.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <gdal_priv.h>
#include <map>
#include <ogrsf_frmts.h>
#include <set>

using namespace allseason;
using namespace allseason::test;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path andorra = "/work/shared/data/osm/andorra.osm.pbf";

// A village road with a ford, a hamlet and a market: enough for four layers.
osm_xml small_commune(int villages = 1) {
    osm_xml x;
    const long a = x.node(105.800, 21.000);
    const long ford = x.node(105.805, 21.000, {{"ford", "yes"}});
    const long b = x.node(105.810, 21.000);
    x.way({a, ford, b}, {{"highway", "unclassified"}, {"name", "Đường trục xã"}});
    for (int i = 0; i < villages; ++i) {
        x.node(105.801 + i * 0.0001, 21.001, {{"place", "hamlet"}, {"name", "Bản Nà Ó"}});
    }
    x.node(105.802, 21.001, {{"name", "Chợ Nà Ó"}});
    return x;
}

void shell(const std::string& command) {
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

// The first `bytes` bytes of `from` copied to `to`.
void truncate_copy(const std::filesystem::path& from, const std::filesystem::path& to,
                   std::size_t bytes) {
    std::ifstream in(from, std::ios::binary);
    std::string data(bytes, '\0');
    in.read(data.data(), static_cast<std::streamsize>(bytes));
    data.resize(static_cast<size_t>(in.gcount()));
    std::ofstream(to, std::ios::binary) << data;
}

std::string layer_rows(const std::filesystem::path& project) {
    std::string all;
    for (const char* t : {"roads", "fords", "villages", "facilities", "bridges", "waterways"}) {
        for (const auto& row :
             query(project, std::string("SELECT *, AsText(geom) FROM ") + t + " ORDER BY fid")) {
            all += std::string(t) + ": " + row + "\n";
        }
    }
    return all;
}

// A project that already has a road and a ford of its own, to see what an import leaves.
std::filesystem::path filled_project(const temp_dir& dir) {
    const auto project = make_project(dir, "EPSG:32648");
    const auto file = dir / "first.osm";
    small_commune().write(file);
    importers::import_osm_all(options(project, "all", file));
    return project;
}

} // namespace

TEST_CASE("import all: .osm.gz and .osm.bz2 give what the .osm gives", "[importers][osm]") {
    temp_dir dir;
    const auto xml = dir / "xa.osm";
    small_commune(3).write(xml);
    shell("gzip -k " + xml.string());
    shell("bzip2 -k " + xml.string());
    // The decompressed copies go to TMPDIR: a folder of this test's, empty afterwards.
    const auto scratch = dir / "tmp";
    std::filesystem::create_directory(scratch);
    const char* saved = std::getenv("TMPDIR");
    const std::string previous = saved ? saved : "";
    ::setenv("TMPDIR", scratch.c_str(), 1);
    std::map<std::string, std::string> results;
    for (const char* name : {"xa.osm", "xa.osm.gz", "xa.osm.bz2"}) {
        const auto project = make_project(dir, "EPSG:32648", std::string(name) + ".sqlite");
        const auto s = importers::import_osm_all(options(project, "all", dir / name));
        CHECK(s.source == name);
        results[name] = layer_rows(project);
    }
    const bool scratch_empty = std::filesystem::is_empty(scratch);
    if (saved) {
        ::setenv("TMPDIR", previous.c_str(), 1);
    } else {
        ::unsetenv("TMPDIR");
    }
    CHECK(scratch_empty);
    CHECK_THAT(results["xa.osm"], Contains("Bản Nà Ó"));
    CHECK(results["xa.osm.gz"] == results["xa.osm"]);
    CHECK(results["xa.osm.bz2"] == results["xa.osm"]);
}

TEST_CASE("import all: a damaged or cut-short file is an error and changes nothing",
          "[importers][osm]") {
    temp_dir dir;
    const auto project = filled_project(dir);
    const auto before = layer_rows(project);
    REQUIRE_THAT(before, Contains("Đường trục xã"));
    // A bigger file so that a cut leaves complete elements before it.
    const auto xml = dir / "lon.osm";
    small_commune(400).write(xml);
    shell("gzip -k " + xml.string());
    shell("bzip2 -k " + xml.string());
    const auto size = [](const std::filesystem::path& p) {
        return static_cast<size_t>(std::filesystem::file_size(p));
    };
    std::vector<std::filesystem::path> damaged;
    for (const char* name : {"lon.osm", "lon.osm.gz", "lon.osm.bz2"}) {
        const auto cut = dir / (std::string("cut_") + name);
        truncate_copy(dir / name, cut, size(dir / name) * 2 / 3);
        damaged.push_back(cut);
    }
    if (std::filesystem::exists(andorra)) {
        damaged.push_back(dir / "cut_andorra.osm.pbf");
        truncate_copy(andorra, damaged.back(), size(andorra) / 2);
    }
    for (const auto& file : damaged) {
        INFO(file.filename());
        try {
            importers::import_osm_all(options(project, "all", file));
            FAIL("a damaged file was imported");
        } catch (const data_error& e) {
            CHECK_THAT(e.what(), Contains(file.filename().string()));
        }
        CHECK(layer_rows(project) == before);
    }
}

TEST_CASE("import all: nodes out of id order are an error, not a short import",
          "[importers][osm]") {
    temp_dir dir;
    const auto project = filled_project(dir);
    const auto before = layer_rows(project);
    const auto file = dir / "lon_xon.osm";
    write_file(file, R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="allseason tests">
  <node id="7" version="1" lat="21.03" lon="105.70"/>
  <node id="3" version="1" lat="21.03" lon="105.701"/>
  <way id="1000" version="1"><nd ref="7"/><nd ref="3"/><tag k="highway" v="track"/></way>
</osm>
)");
    try {
        importers::import_osm_all(options(project, "all", file));
        FAIL("an unsorted file was imported");
    } catch (const data_error& e) {
        CHECK_THAT(e.what(), Contains("lon_xon.osm"));
        CHECK_THAT(e.what(), Contains("Non increasing node id"));
        CHECK_THAT(e.what(), Contains("osmium sort"));
    }
    CHECK(layer_rows(project) == before);
    const auto r = run_allseason({"import", project.string(), "all", file.string()});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Contains("lon_xon.osm"));
}

TEST_CASE("import all: a layer the file has nothing for is left as it was; --append",
          "[importers][osm]") {
    temp_dir dir;
    const auto project = filled_project(dir);
    const auto villages_before = query(project, "SELECT * FROM villages");
    REQUIRE(villages_before.size() == 1);
    osm_xml roads_only;
    roads_only.way_at({{105.9, 21.1}, {105.91, 21.1}}, {{"highway", "track"}});
    const auto file = dir / "duong.osm";
    roads_only.write(file);
    const auto s = importers::import_osm_all(options(project, "all", file));
    CHECK(query_one(project, "SELECT count(*) FROM roads") == "1"); // replaced
    CHECK(query(project, "SELECT * FROM villages") == villages_before);
    CHECK(query_one(project, "SELECT count(*) FROM fords") == "1");
    const auto lines = importers::osm_summary_lines(s);
    CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
              return l.find("left as it was") != std::string::npos;
          }) == 5);

    auto o = options(project, "all", dir / "first.osm");
    o.append = true;
    const auto again = importers::import_osm_all(o);
    CHECK(query_one(project, "SELECT count(*) FROM roads") == "2");
    CHECK(query_one(project, "SELECT count(*) FROM villages") == "1"); // same code: kept once
    for (const auto& l : again.layers) {
        if (l.layer == "villages") {
            CHECK(l.imported == 0);
            REQUIRE(l.skipped.size() == 1);
            CHECK(l.skipped[0].first == "elements already in the layer");
        }
    }
}

TEST_CASE("import all: only OpenStreetMap files", "[importers][osm]") {
    temp_dir dir;
    const auto project = make_project(dir, "EPSG:32648");
    const auto geojson = dir / "thon.geojson";
    write_file(geojson, R"({"type":"FeatureCollection","features":[]})");
    CHECK_THROWS_WITH(importers::import_osm_all(options(project, "all", geojson)),
                      Contains("thon.geojson"));
    const auto r = run_allseason({"import", project.string(), "all", geojson.string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("thon.geojson"));
    const auto fake = dir / "gia.osm.pbf";
    write_file(fake, "not a pbf at all");
    const auto bad = run_allseason({"import", project.string(), "all", fake.string()});
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.err, Contains("gia.osm.pbf"));
}

TEST_CASE("cli import all: summary lines per layer", "[importers][osm][cli]") {
    temp_dir dir;
    const auto project = (dir / "xa.sqlite").string();
    REQUIRE(run_allseason({"init", project}).exit_code == 0);
    const auto file = dir / "xa.osm";
    small_commune().write(file);
    const auto r = run_allseason({"import", project, "all", file.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("roads ← xa.osm: 1 imported (replaced)"));
    CHECK_THAT(r.out, Contains("fords ← xa.osm: 1 imported"));
    CHECK_THAT(r.out, Contains("villages ← xa.osm: 1 imported"));
    CHECK_THAT(r.out, Contains("facilities ← xa.osm: 1 imported"));
    CHECK_THAT(r.out, Contains("bridges: nothing in xa.osm, left as it was"));
    CHECK_THAT(r.out, Contains("all ← xa.osm:"));
    const auto info = run_allseason({"info", project});
    CHECK(info.exit_code == 0);
}

namespace {

// What the Andorra file holds, read once more, simply: every feature of the layers,
// interleaved, with the tags the layers are chosen by.
struct expected_counts {
    std::int64_t roads = 0, bridges = 0, waterways = 0, villages = 0, facilities_by_tag = 0;
    std::int64_t ford_nodes = 0, ford_ways = 0;
};

std::string tag_of(OGRFeature& f, const char* key) {
    const int i = f.GetFieldIndex(key);
    if (i >= 0) {
        return f.IsFieldSetAndNotNull(i) ? f.GetFieldAsString(i) : "";
    }
    const int o = f.GetFieldIndex("other_tags");
    if (o < 0 || !f.IsFieldSetAndNotNull(o)) {
        return "";
    }
    const std::string tags = f.GetFieldAsString(o);
    const std::string needle = std::string("\"") + key + "\"=>\"";
    const auto at = tags.find(needle);
    if (at == std::string::npos) {
        return "";
    }
    const auto start = at + needle.size();
    return tags.substr(start, tags.find('"', start) - start);
}

expected_counts read_andorra() {
    const std::set<std::string> classes = {
        "motorway",    "motorway_link", "trunk",         "trunk_link",
        "primary",     "primary_link",  "secondary",     "secondary_link",
        "tertiary",    "tertiary_link", "unclassified",  "road",
        "residential", "service",       "living_street", "track"};
    const std::set<std::string> places = {"village", "hamlet", "isolated_dwelling", "neighbourhood",
                                          "town"};
    const std::set<std::string> amenities = {"townhall",         "clinic",       "doctors",
                                             "hospital",         "kindergarten", "school",
                                             "community_centre", "marketplace"};
    expected_counts c;
    CPLSetThreadLocalConfigOption("OGR_INTERLEAVED_READING", "YES");
    auto ds = geo::vector_dataset::open(andorra);
    GDALDataset* d = ds.handle();
    OGRLayer* layer = nullptr;
    while (OGRFeature* raw = d->GetNextFeature(&layer, nullptr, nullptr, nullptr)) {
        std::unique_ptr<OGRFeature, void (*)(OGRFeature*)> f(raw, OGRFeature::DestroyFeature);
        const std::string name = layer->GetName();
        if (name == "lines") {
            const std::string highway = tag_of(*f, "highway");
            c.roads += classes.count(highway);
            const std::string bridge = tag_of(*f, "bridge");
            c.bridges += !highway.empty() && !bridge.empty() && bridge != "no";
            const std::string waterway = tag_of(*f, "waterway");
            c.waterways += waterway == "river" || waterway == "stream";
            c.ford_ways += !highway.empty() && tag_of(*f, "ford") == "yes";
        } else if (name == "points" || name == "multipolygons") {
            c.villages += places.count(tag_of(*f, "place"));
            c.facilities_by_tag +=
                amenities.count(tag_of(*f, "amenity")) || tag_of(*f, "man_made") == "water_works";
            if (name == "points") {
                const std::string ford = tag_of(*f, "ford");
                c.ford_nodes += ford == "yes" || ford == "stepping_stones";
            }
        }
    }
    CPLSetThreadLocalConfigOption("OGR_INTERLEAVED_READING", nullptr);
    return c;
}

std::int64_t count_of(const std::filesystem::path& project, const std::string& sql) {
    return std::stoll(query_one(project, sql));
}

} // namespace

TEST_CASE("import all: the Andorra extract end to end", "[importers][osm][andorra]") {
    if (!std::filesystem::exists(andorra)) {
        WARN("skipped: " << andorra << " is not on this machine");
        return;
    }
    const auto expected = read_andorra();
    REQUIRE(expected.roads > 1000);
    temp_dir dir;
    const auto project = make_project(dir, "");
    const auto s = importers::import_osm_all(options(project, "all", andorra));
    CHECK_THAT(s.crs_note, Contains("EPSG:32631"));
    CHECK(count_of(project, "SELECT count(*) FROM roads") == expected.roads);
    CHECK(count_of(project, "SELECT count(*) FROM roads WHERE structure = 'bridge'") > 0);
    CHECK(count_of(project, "SELECT count(*) FROM bridges") == expected.bridges);
    CHECK(count_of(project, "SELECT count(*) FROM waterways") == expected.waterways);
    CHECK(count_of(project, "SELECT count(*) FROM villages") == expected.villages);
    // Facilities by tag, plus any a Vietnamese name prefix gives (none in Andorra).
    CHECK(count_of(project, "SELECT count(*) FROM facilities") == expected.facilities_by_tag);
    const auto fords = count_of(project, "SELECT count(*) FROM fords");
    CHECK(count_of(project, "SELECT count(*) FROM fords WHERE code LIKE 'w%'") ==
          expected.ford_ways);
    CHECK(fords <= expected.ford_ways + expected.ford_nodes);
    for (const auto& l : s.layers) {
        INFO(l.layer);
        CHECK(l.untouched == (count_of(project, "SELECT count(*) FROM " + l.layer) == 0));
    }
    // Through the program as well: exit code and one line per layer.
    const auto again = dir / "again.sqlite";
    REQUIRE(run_allseason({"init", again.string()}).exit_code == 0);
    const auto r = run_allseason({"import", again.string(), "all", andorra.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains(fmt::format("roads ← andorra.osm.pbf: {} imported (replaced)",
                                           geo::group_thousands(expected.roads))));
}

TEST_CASE("build: a manifest source with layer all", "[importers][osm][cli]") {
    temp_dir dir;
    small_commune().write(dir / "xa.osm");
    write_file(dir / "allseason.toml", R"(name = "Xã Nà Ó"
crs = "EPSG:32648"

[[source]]
layer = "all"
file = "xa.osm"
)");
    const auto r =
        run_allseason({"build", (dir / "allseason.toml").string(), (dir / "out").string()});
    INFO(r.out << r.err);
    // This small file stops the analyses (check reports data errors), but the
    // project the build made holds every layer the file fills.
    std::filesystem::path project;
    for (const auto& entry : std::filesystem::directory_iterator(dir / "out")) {
        if (entry.path().extension() == ".sqlite") {
            project = entry.path();
        }
    }
    REQUIRE_FALSE(project.empty());
    for (const char* layer : {"roads", "fords", "villages", "facilities"}) {
        INFO(layer);
        CHECK(query_one(project, std::string("SELECT count(*) FROM ") + layer) == "1");
    }
}
