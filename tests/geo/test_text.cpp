#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "geo/url.hpp"

#include <catch2/catch.hpp>

using namespace allseason;

TEST_CASE("decomposed Vietnamese is composed to NFC", "[geo][text]") {
    // "Nà Trắng" typed with combining marks: a + U+0300, a + U+0306 + U+0301.
    const std::string decomposed = "Na\xCC\x80 Tra\xCC\x86\xCC\x81ng";
    const std::string composed = "N\xC3\xA0 Tr\xE1\xBA\xAFng";
    CHECK(geo::to_nfc(decomposed) == composed);
    CHECK(geo::to_nfc(composed) == composed);
    CHECK_THROWS_AS(geo::to_nfc("\xC3("), data_error);
}

TEST_CASE("vocabulary keys fold case, accents and separators", "[geo][text]") {
    CHECK(geo::fold_for_match("Bê tông") == "be tong");
    CHECK(geo::fold_for_match("  ĐẤT ") == "dat");
    CHECK(geo::fold_for_match("đường_trục-xã") == "duong truc xa");
    CHECK(geo::fold_for_match("Ngầm  tràn") == "ngam tran");
}

TEST_CASE("lower case keeps the accents and composes", "[geo][text]") {
    CHECK(geo::lower_nfc("NÀ Ó") == "nà ó");
    CHECK(geo::lower_nfc("ĐỒNG ƯỚC") == "đồng ước");
    CHECK(geo::lower_nfc("NA\xCC\x80") == "nà"); // decomposed capital À
    CHECK_THROWS_AS(geo::lower_nfc("\xC3("), data_error);
}

TEST_CASE("slugs are ASCII", "[geo][text]") {
    CHECK(geo::ascii_slug("Bắc Giang") == "bac-giang");
    CHECK(geo::ascii_slug("Thừa Thiên – Huế") == "thua-thien-hue");
}

TEST_CASE("whole numbers are grouped by thousands", "[geo][text]") {
    CHECK(geo::group_thousands(0) == "0");
    CHECK(geo::group_thousands(999) == "999");
    CHECK(geo::group_thousands(1850) == "1,850");
    CHECK(geo::group_thousands(-1234567) == "-1,234,567");
    CHECK(geo::group_thousands(1000000, '.') == "1.000.000");
}

TEST_CASE("hex and percent coding go there and back", "[geo][text]") {
    std::string bytes;
    for (int b = 0; b < 256; ++b)
        bytes += static_cast<char>(b);
    const auto hex = geo::hex_encode(bytes);
    CHECK(hex.size() == 512);
    CHECK(hex.substr(0, 8) == "00010203");
    const auto back = geo::hex_decode(hex);
    CHECK(std::string(back.begin(), back.end()) == bytes);
    const auto upper = geo::hex_decode("FF0A");
    CHECK(std::vector<int>(upper.begin(), upper.end()) == std::vector<int>{255, 10});

    const std::string schema = "xã An Lạc/thôn 1&2";
    const auto encoded = geo::percent_encode(schema);
    CHECK(encoded.find_first_of(" /&") == std::string::npos);
    CHECK(geo::percent_decode(encoded) == schema);
    CHECK(geo::percent_decode("an+lac%2") == "an lac%2"); // '+' a space, a cut % kept
}
