#include "geo/errors.hpp"
#include "layers/render/label_placer.hpp"
#include "layers/render/strings.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace allseason;
using namespace allseason::render;

namespace {

std::size_t placeholders(std::string_view text) {
    std::size_t n = 0;
    for (auto pos = text.find("{}"); pos != std::string_view::npos; pos = text.find("{}", pos + 2)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("strings: one table, both languages, same placeholders", "[render]") {
    std::set<std::string_view> keys;
    for (const auto& e : all_texts()) {
        INFO(e.key);
        CHECK(keys.insert(e.key).second); // unique
        CHECK_FALSE(e.vi.empty());
        CHECK_FALSE(e.en.empty());
        CHECK(placeholders(e.vi) == placeholders(e.en));
    }
    CHECK(tr(language::vi, "legend.title") == "Chú giải");
    CHECK(tr(language::en, "legend.title") == "Legend");
    CHECK_THROWS_AS(tr(language::vi, "no.such.key"), std::logic_error);
    CHECK(tr_word(language::vi, "surface", "earth") == "đất");
    CHECK(tr_word(language::en, "surface", "mud") == "mud"); // no entry: the word itself
    CHECK(parse_language("VI") == language::vi);
    CHECK_THROWS_AS(parse_language("fr"), usage_error);
}

TEST_CASE("numbers as each language writes them", "[render]") {
    CHECK(format_int(language::vi, 1850) == "1.850");
    CHECK(format_int(language::en, 1850) == "1,850");
    CHECK(format_int(language::en, 1234567) == "1,234,567");
    CHECK(format_int(language::en, 999) == "999");
    CHECK(format_int(language::en, -1000) == "-1,000");
    CHECK(format_decimal(language::vi, 4.5, 1) == "4,5");
    CHECK(format_decimal(language::en, 12345.678, 2) == "12,345.68");
    CHECK(format_decimal(language::en, 0.05, 1) == "0.1");
    CHECK(format_billion_vnd(language::vi, 4500) == "4,50");
    CHECK(format_billion_vnd(language::en, 10000) == "10");
    CHECK(format_billion_vnd(language::en, 12500) == "12.5");
}

TEST_CASE("labels: the first free candidate wins, nothing overlaps", "[render]") {
    label_placer placer({0, 0, 100, 100});
    placer.add_obstacle({40, 40, 60, 60});
    // Centred on the obstacle: the placer moves the label to the next candidate.
    const auto first = candidates_around(50, 50, 20, 10, 2, true);
    const auto a = placer.place(first);
    REQUIRE(a);
    CHECK(*a > 0);
    CHECK_FALSE(first[*a].intersects({40, 40, 60, 60}));
    // A second label at the same spot takes yet another box.
    const auto b = placer.place(first);
    REQUIRE(b);
    CHECK(*b != *a);
    CHECK_FALSE(first[*b].intersects(first[*a]));
    // Outside the bounds nothing fits.
    CHECK_FALSE(placer.place(std::vector<rect>{{95, 95, 120, 110}}));
    // Every placed box is inside the bounds and overlaps no other.
    for (std::size_t i = 0; i < placer.placed().size(); ++i) {
        for (std::size_t j = i + 1; j < placer.placed().size(); ++j) {
            CHECK_FALSE(placer.placed()[i].intersects(placer.placed()[j]));
        }
    }
}

TEST_CASE("labels prefer boxes clear of roads, but may cover one", "[render]") {
    CHECK(segment_intersects({0, 0, 10, 10}, -5, 5, 15, 5));
    CHECK(segment_intersects({0, 0, 10, 10}, 2, 2, 3, 3));
    CHECK_FALSE(segment_intersects({0, 0, 10, 10}, -5, 12, 15, 12));
    CHECK_FALSE(segment_intersects({0, 0, 10, 10}, 11, -5, 30, 4));

    label_placer placer({0, 0, 100, 100});
    placer.add_soft_segment(0, 50, 100, 50); // a road across the middle
    const std::vector<rect> on_road{{40, 45, 60, 55}, {40, 20, 60, 30}};
    const auto chosen = placer.place(on_road);
    REQUIRE(chosen);
    CHECK(*chosen == 1);
    const std::vector<rect> only_road{{10, 45, 30, 55}};
    CHECK(placer.place(only_road) == std::optional<std::size_t>(0));
}
