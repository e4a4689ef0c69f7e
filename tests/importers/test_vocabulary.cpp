// The Vietnamese vocabularies, the OSM tag mapping and the coercion of source values.
#include "geo/errors.hpp"
#include "importers/field_mapping.hpp"
#include "importers/osm_mapping.hpp"
#include "importers/vocabulary.hpp"
#include "layers/schema.hpp"

#include <catch2/catch.hpp>

using namespace allseason;
using namespace allseason::importers;

TEST_CASE("the words of the issue map to the contract's enumerations", "[importers][vocabulary]") {
    struct example {
        const char* layer;
        const char* column;
        const char* written;
        const char* stored;
    };
    const example examples[] = {
        {"roads", "surface", "Bê tông", "concrete"},
        {"roads", "surface", "BTXM", "concrete"},
        {"roads", "surface", "nhựa", "asphalt"},
        {"roads", "surface", "cấp phối", "gravel"},
        {"roads", "surface", "đất", "earth"},
        {"roads", "class", "đường trục xã", "commune_axis"},
        {"roads", "class", "trục thôn", "village_axis"},
        {"roads", "class", "liên xã", "inter_commune"},
        {"roads", "class", "quốc lộ", "national"},
        {"roads", "class", "Đường liên thôn", "village_axis"},
        {"roads", "class", "ngõ xóm", "alley"},
        {"roads", "class", "đường nội đồng", "field"},
        {"facilities", "kind", "trạm y tế", "health_station"},
        {"facilities", "kind", "nhà văn hóa", "culture_house"},
        {"facilities", "kind", "Nhà văn hoá", "culture_house"}, // the old tone placement
        {"facilities", "kind", "UBND xã", "commune_centre"},
        {"facilities", "kind", "trường THCS", "secondary_school"},
        {"projects", "kind", "cầu", "bridge"},
        {"projects", "status", "đã hoàn thành", "done"},
        {"households", "poverty", "hộ cận nghèo", "near_poor"},
        {"forest_parcels", "use", "rừng phòng hộ", "protection"},
        {"reserve_zones", "zone", "vùng lõi", "core"},
        {"hazard_zones", "kind", "sạt lở", "landslide"},
        {"hazard_zones", "kind", "ngập lụt", "flood"},
        {"waterways", "kind", "suối", "stream"},
        {"roads", "condition", "hư hỏng", "bad"},
    };
    for (const auto& e : examples) {
        INFO(e.layer << "." << e.column << " " << e.written);
        CHECK(match_word(e.layer, e.column, e.written) ==
              std::optional<std::string_view>(e.stored));
    }
}

TEST_CASE("vocabulary matching ignores case, accents and separators", "[importers][vocabulary]") {
    for (const char* written :
         {"bê tông", "BÊ TÔNG", "be tong", "Be-Tong", "bê_tông", "  Bê  tông "}) {
        INFO(written);
        CHECK(match_word("roads", "surface", written) ==
              std::optional<std::string_view>("concrete"));
    }
    CHECK(match_word("roads", "class", "INTER_COMMUNE") ==
          std::optional<std::string_view>("inter_commune"));
    CHECK(match_word("roads", "class", "inter commune") ==
          std::optional<std::string_view>("inter_commune"));
    // đ is its own letter: đất (earth) and đá (stone, gravel) must not collapse into one word.
    CHECK(match_word("roads", "surface", "Đá") == std::optional<std::string_view>("gravel"));
    CHECK(match_word("roads", "surface", "ĐẤT") == std::optional<std::string_view>("earth"));
}

TEST_CASE("unknown words are not guessed", "[importers][vocabulary]") {
    CHECK_FALSE(match_word("roads", "surface", "gỗ"));
    CHECK_FALSE(match_word("roads", "surface", "bê tông nhựa đường")); // whole words only
    CHECK_FALSE(match_word("facilities", "kind", "bê tông"));          // per enumeration
    CHECK_THROWS_AS(match_word("roads", "name", "x"), std::logic_error);
}

TEST_CASE("every stored word of every enumeration matches itself", "[importers][vocabulary]") {
    for (const auto& spec : layers::source_layers()) {
        for (const auto& column : spec.columns) {
            for (auto word : column.allowed) {
                INFO(spec.name << "." << column.name << " " << word);
                CHECK(match_word(spec.name, column.name, word) == std::optional(word));
                for (auto s : synonyms(spec.name, column.name, word)) {
                    INFO(s);
                    CHECK(match_word(spec.name, column.name, s) == std::optional(word));
                }
            }
        }
    }
}

TEST_CASE("accepted values list the stored words with their Vietnamese",
          "[importers][vocabulary]") {
    const std::string text = accepted_values("roads", "surface");
    CHECK_THAT(text, Catch::StartsWith("asphalt (nhựa"));
    CHECK_THAT(text, Catch::Contains("concrete (bê tông") && Catch::Contains("earth (đất"));
}

TEST_CASE("booleans in the forms surveys write", "[importers][vocabulary]") {
    for (const char* yes : {"1", "true", "Có", "CÓ", "x", "yes", "Đúng"}) {
        INFO(yes);
        CHECK(match_boolean(yes) == std::optional(true));
    }
    for (const char* no : {"0", "false", "Không", "khong", "no", "chưa"}) {
        INFO(no);
        CHECK(match_boolean(no) == std::optional(false));
    }
    CHECK_FALSE(match_boolean("có lẽ"));
}

TEST_CASE("OSM highway and surface tags follow contract §3", "[importers][osm]") {
    const std::pair<const char*, const char*> classes[] = {
        {"motorway", "national"},        {"trunk", "national"},
        {"primary", "national"},         {"secondary", "provincial"},
        {"tertiary", "inter_commune"},   {"unclassified", "commune_axis"},
        {"residential", "village_axis"}, {"service", "alley"},
        {"living_street", "alley"},      {"track", "track"},
    };
    for (const auto& [highway, road_class] : classes) {
        INFO(highway);
        CHECK(osm_road_class(highway) == std::optional<std::string_view>(road_class));
    }
    for (const char* skipped : {"footway", "path", "steps", "cycleway", "bridleway", "proposed"}) {
        CHECK_FALSE(osm_road_class(skipped));
    }
    CHECK(osm_surface("paved", "track") == "asphalt");
    CHECK(osm_surface("concrete:plates", "track") == "concrete");
    CHECK(osm_surface("fine_gravel", "national") == "gravel");
    CHECK(osm_surface("pebblestone", "national") == "gravel");
    for (const char* earth : {"unpaved", "dirt", "earth", "ground", "mud", "sand", "grass"}) {
        CHECK(osm_surface(earth, "national") == "earth");
    }
    // missing: by class
    CHECK(osm_surface(std::nullopt, "national") == "asphalt");
    CHECK(osm_surface(std::nullopt, "provincial") == "asphalt");
    CHECK(osm_surface(std::nullopt, "inter_commune") == "gravel");
    CHECK(osm_surface(std::nullopt, "commune_axis") == "gravel");
    CHECK(osm_surface(std::nullopt, "village_axis") == "concrete");
    CHECK(osm_surface(std::nullopt, "alley") == "concrete");
    CHECK(osm_surface(std::nullopt, "track") == "earth");
}

TEST_CASE("GDAL's other_tags text is read with its escapes", "[importers][osm]") {
    const std::string tags = R"("access"=>"yes","name:vi"=>"Đường \"Cũ\"","surface"=>"asphalt")";
    CHECK(other_tag(tags, "surface") == std::optional<std::string>("asphalt"));
    CHECK(other_tag(tags, "name:vi") == std::optional<std::string>("Đường \"Cũ\""));
    CHECK_FALSE(other_tag(tags, "highway"));
    CHECK_FALSE(other_tag("", "surface"));
}

TEST_CASE("values are coerced to the column types with planner-readable errors",
          "[importers][coerce]") {
    const auto& villages = layers::layer("villages");
    const auto& households = *layers::find_column(villages, "households");
    CHECK(coerce(villages, households, std::string("124")) ==
          layers::field_value{std::int64_t{124}});
    CHECK(coerce(villages, households, std::string(" 1.250 ")) ==
          layers::field_value{std::int64_t{1250}});
    CHECK(coerce(villages, households, 96.0) == layers::field_value{std::int64_t{96}});
    CHECK_THROWS_WITH(coerce(villages, households, std::string("mười")),
                      "field \"households\" is \"mười\" — expected a whole number");
    CHECK_THROWS_WITH(coerce(villages, households, std::string("12.5")),
                      Catch::Contains("expected a whole number"));
    CHECK_THROWS_WITH(coerce(villages, households, std::int64_t{-5}, "so_ho"),
                      "field \"so_ho\" (households) is -5 — must be 0 or more");
    // Schema 3: households may be unknown (null) until a table fills them in (contract §1).
    CHECK(coerce(villages, households, std::monostate{}) == layers::field_value{std::monostate{}});
    const auto& projects = layers::layer("projects");
    CHECK_THROWS_WITH(coerce(projects, *layers::find_column(projects, "cost_million_vnd"),
                             std::monostate{}),
                      Catch::Contains("is empty"));

    const auto& difficult = *layers::find_column(villages, "especially_difficult");
    CHECK(coerce(villages, difficult, std::monostate{}) == layers::field_value{std::int64_t{0}});
    CHECK(coerce(villages, difficult, std::string("Có")) == layers::field_value{std::int64_t{1}});
    CHECK_THROWS_WITH(coerce(villages, difficult, std::string("hay")),
                      Catch::Contains("expected yes or no") && Catch::Contains("có"));

    const auto& fords = layers::layer("fords");
    const auto& depth = *layers::find_column(fords, "flood_depth_m");
    CHECK(coerce(fords, depth, std::string("0,45")) == layers::field_value{0.45});
    CHECK_THROWS_WITH(coerce(fords, depth, std::string("sâu")),
                      Catch::Contains("expected a number"));

    const auto& roads = layers::layer("roads");
    const auto& surface = *layers::find_column(roads, "surface");
    CHECK(coerce(roads, surface, std::string("BTXM")) ==
          layers::field_value{std::string("concrete")});
    CHECK_THROWS_WITH(coerce(roads, surface, std::string("gỗ"), "mat_duong"),
                      Catch::StartsWith("field \"mat_duong\" (surface) is \"gỗ\"") &&
                          Catch::Contains("accepted values: asphalt (nhựa"));
    const auto& condition = *layers::find_column(roads, "condition");
    CHECK(coerce(roads, condition, std::string("")) == layers::field_value{std::monostate{}});
}

TEST_CASE("layers may be named as planners name them", "[importers][vocabulary]") {
    CHECK(match_layer_name("Ngầm tràn") == "fords");
    CHECK(match_layer_name("ngam") == "fords");
    CHECK(match_layer_name("CẦU") == "bridges");
    CHECK(match_layer_name("thôn") == "villages");
    CHECK(match_layer_name("Bản") == "villages");
    CHECK(match_layer_name("sông suối") == "waterways");
    CHECK(match_layer_name("dự án") == "projects");
    for (const auto& spec : layers::source_layers()) {
        CHECK(match_layer_name(spec.name) == spec.name);
    }
    CHECK(match_layer_name("forest parcels") == "forest_parcels");
    CHECK_FALSE(match_layer_name("đập thủy điện"));
}
