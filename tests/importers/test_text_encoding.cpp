// Legacy Vietnamese encodings. Expected bytes come from sources independent of our tables:
// glibc's TCVN5712-1 and CP1258 converters (iconv), and the VNI spellings as printed in xvnkb's
// vni.h (written here as they look in Latin-1, e.g. "aù" for á).
#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/text_encoding.hpp"

#include <catch2/catch.hpp>
#include <iconv.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace allseason;
using namespace allseason::importers;

namespace {

// glibc iconv, whole input at once; nullopt when it refuses.
std::optional<std::string> iconv_bytes(std::string_view in, const char* to, const char* from) {
    iconv_t cd = iconv_open(to, from);
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(in.size() * 4 + 16, '\0');
    char* in_ptr = const_cast<char*>(in.data());
    std::size_t in_left = in.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    std::size_t result = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    if (result != static_cast<std::size_t>(-1)) {
        result = iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
    }
    iconv_close(cd);
    if (result == static_cast<std::size_t>(-1)) {
        return std::nullopt;
    }
    out.resize(static_cast<std::size_t>(out_ptr - out.data()));
    return out;
}

// What GDAL hands over when it reads legacy bytes as CP1252 (or Latin-1) into UTF-8.
std::string misdecoded(std::string_view bytes, const char* as = "CP1252") {
    auto utf8 = iconv_bytes(bytes, "UTF-8", as);
    REQUIRE(utf8);
    return *utf8;
}

// Latin-1 looking text ("aù") → its bytes ("a\xF9").
std::string latin1(std::string_view utf8) {
    auto bytes = iconv_bytes(utf8, "ISO-8859-1", "UTF-8");
    REQUIRE(bytes);
    return *bytes;
}

std::size_t code_points(std::string_view utf8) {
    std::size_t count = 0;
    for (char c : utf8) {
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return count;
}

struct letter {
    std::string text; // one precomposed code point, NFC
    bool capital;
    int vowel; // 0..11 in the order a ă â e ê i o ô ơ u ư y; 12 for đ
    int tone;  // 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng
};

// The 134 precomposed Vietnamese letters, built by composing base letters with combining
// marks through Unicode NFC — independent of the tables under test.
std::vector<letter> vietnamese_letters() {
    const char* lower[] = {"a", "a\u0306", "a\u0302", "e", "e\u0302", "i",
                           "o", "o\u0302", "o\u031B", "u", "u\u031B", "y"};
    const char* upper[] = {"A", "A\u0306", "A\u0302", "E", "E\u0302", "I",
                           "O", "O\u0302", "O\u031B", "U", "U\u031B", "Y"};
    const char* tones[] = {"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"};
    std::vector<letter> letters;
    for (int capital = 0; capital < 2; ++capital) {
        for (int v = 0; v < 12; ++v) {
            for (int t = 0; t < 6; ++t) {
                const std::string base = capital ? upper[v] : lower[v];
                if (base.size() == 1 && t == 0) {
                    continue; // plain ASCII vowel
                }
                letters.push_back({geo::to_nfc(base + tones[t]), capital == 1, v, t});
            }
        }
        letters.push_back({capital ? "\u0110" : "\u0111", capital == 1, 12, 0});
    }
    return letters;
}

struct place_name {
    std::string unicode;
    std::string tcvn3;
    std::string vni;
    std::string cp1258;
};

// Hand-spelled from the published tables (VN3 chart; VNI keyboard marks; Windows-1258 with
// combining tone marks 0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below).
const std::vector<place_name>& place_names() {
    static const std::vector<place_name> names = {
        {"N\u00E0 Tr\u1EAFng", "N\xB5 Tr\xBEng", "Na\xF8 Tra\xE9ng", "N\xE0 Tr\xE3\xECng"},
        {"\u0110\u1ED3ng Khao", "\xA7\xE5ng Khao", "\xD1o\xE0ng Khao", "\xD0\xF4\xCCng Khao"},
        {"Th\u00E1c", "Th\xB8\x63", "Tha\xF9\x63", "Th\xE1\x63"},
        {"Khe R\u1ED7", "Khe R\xE7", "Khe Ro\xE3", "Khe R\xF4\xDE"},
        {"L\u00EA Vi\u1EC5n", "L\xAA Vi\xD4n", "Le\xE2 Vie\xE3n", "L\xEA Vi\xEA\xDEn"},
        {"Bi\u1EC1ng", "Bi\xD2ng", "Bie\xE0ng", "Bi\xEA\xCCng"},
        {"Ng\u1EA7m tr\u00E0n", "Ng\xC7m tr\xB5n", "Nga\xE0m tra\xF8n", "Ng\xE2\xCCm tr\xE0n"},
        {"Nh\u00E0 v\u0103n h\u00F3a th\u00F4n T\u00E2n Chung",
         "Nh\xB5 v\xA8n h\xE3\x61 th\xABn T\xA9n Chung",
         "Nha\xF8 va\xEAn ho\xF9\x61 tho\xE2n Ta\xE2n Chung",
         "Nh\xE0 v\xE3n h\xF3\x61 th\xF4n T\xE2n Chung"},
    };
    return names;
}

std::string joined(std::string place_name::*field) {
    std::string text;
    for (const auto& name : place_names()) {
        text += name.*field + "\n";
    }
    return text;
}

} // namespace

TEST_CASE("encoding names parse in any case and unknown names are usage errors",
          "[importers][encoding]") {
    CHECK(parse_text_encoding("UTF-8") == text_encoding::utf8);
    CHECK(parse_text_encoding("utf8") == text_encoding::utf8);
    CHECK(parse_text_encoding("CP1258") == text_encoding::cp1258);
    CHECK(parse_text_encoding("Windows-1258") == text_encoding::cp1258);
    CHECK(parse_text_encoding("TCVN3") == text_encoding::tcvn3);
    CHECK(parse_text_encoding("tcvn") == text_encoding::tcvn3);
    CHECK(parse_text_encoding("VNI") == text_encoding::vni);
    CHECK(parse_text_encoding("vni-windows") == text_encoding::vni);
    for (auto e :
         {text_encoding::utf8, text_encoding::cp1258, text_encoding::tcvn3, text_encoding::vni}) {
        CHECK(parse_text_encoding(to_string(e)) == e);
    }
    CHECK_THROWS_AS(parse_text_encoding("latin1"), usage_error);
    CHECK_THROWS_WITH(parse_text_encoding("viscii"),
                      Catch::Contains("\"viscii\"") && Catch::Contains("utf-8") &&
                          Catch::Contains("cp1258") && Catch::Contains("tcvn3") &&
                          Catch::Contains("vni"));
}

TEST_CASE("the test's letter set is the 134 precomposed Vietnamese letters",
          "[importers][encoding]") {
    const auto letters = vietnamese_letters();
    std::set<std::string> distinct;
    for (const auto& l : letters) {
        CHECK(code_points(l.text) == 1);
        distinct.insert(l.text);
    }
    CHECK(letters.size() == 134);
    CHECK(distinct.size() == 134);
}

TEST_CASE("TCVN3: all 134 letters round-trip, byte for byte as glibc encodes them",
          "[importers][encoding][tcvn3]") {
    int round_trips = 0;
    for (const auto& l : vietnamese_letters()) {
        INFO("letter " << l.text);
        const std::string bytes = encode_text(l.text, text_encoding::tcvn3);
        REQUIRE(bytes.size() == 1);
        const auto glibc = iconv_bytes(l.text, "TCVN5712-1", "UTF-8");
        REQUIRE(glibc);
        CHECK(bytes == *glibc);
        CHECK(decode_text(bytes, text_encoding::tcvn3) == l.text);
        if (static_cast<unsigned char>(bytes[0]) >= 0x80) {
            // Bytes below 0x80 are C0 controls for a Latin-1 reader: nothing to recover there.
            CHECK(decode_text(misdecoded(bytes, "ISO-8859-1"), text_encoding::tcvn3) == l.text);
        }
        ++round_trips;
    }
    CHECK(round_trips == 134);
}

TEST_CASE("TCVN3: bytes 0x80-0xFF decode exactly as glibc's TCVN5712-1",
          "[importers][encoding][tcvn3]") {
    for (int b = 0x80; b <= 0xFF; ++b) {
        const std::string byte(1, static_cast<char>(b));
        const auto glibc = iconv_bytes(byte, "UTF-8", "TCVN5712-1");
        REQUIRE(glibc);
        INFO("byte " << b);
        CHECK(decode_text(byte, text_encoding::tcvn3) == geo::to_nfc(*glibc));
    }
    for (int b = 0x20; b < 0x7F; ++b) {
        const std::string byte(1, static_cast<char>(b));
        CHECK(decode_text(byte, text_encoding::tcvn3) == byte);
    }
}

TEST_CASE("TCVN3: documented departures and limits", "[importers][encoding][tcvn3]") {
    // 0x80-0x9F hold VN1's toned capitals, as in glibc: "Nà Ó" is written with 0x95.
    CHECK(decode_text("N\xB5 \x95", text_encoding::tcvn3) == "N\u00E0 \u00D3");
    CHECK(encode_text("\u1EA4p", text_encoding::tcvn3) == "\xC4p");
    // Capitals typed in a .VnTimeH font are stored with lowercase codes: they come back lowercase.
    CHECK(decode_text("TH\xB8\x43 B\xB5", text_encoding::tcvn3) == "TH\u00E1\x43 B\u00E0");
    // VN1/VN2 combining marks (0xB0-0xB4) are composed.
    CHECK(decode_text("Tha\xB3\x63", text_encoding::tcvn3) == "Th\u00E1\x63");
    CHECK_THROWS_WITH(encode_text("M\u00FCller", text_encoding::tcvn3),
                      Catch::Contains("U+00FC") && Catch::Contains("tcvn3"));
}

TEST_CASE("VNI: all 134 letters match the published VNI-Windows spellings and round-trip",
          "[importers][encoding][vni]") {
    // xvnkb vni.h order: none, sắc, huyền, hỏi, ngã, nặng; shown as Latin-1 text.
    const std::vector<std::vector<std::string>> lower = {
        {"a", "aù", "aø", "aû", "aõ", "aï"},  {"aê", "aé", "aè", "aú", "aü", "aë"},
        {"aâ", "aá", "aà", "aå", "aã", "aä"}, {"e", "eù", "eø", "eû", "eõ", "eï"},
        {"eâ", "eá", "eà", "eå", "eã", "eä"}, {"i", "í", "ì", "æ", "ó", "ò"},
        {"o", "où", "oø", "oû", "oõ", "oï"},  {"oâ", "oá", "oà", "oå", "oã", "oä"},
        {"ô", "ôù", "ôø", "ôû", "ôõ", "ôï"},  {"u", "uù", "uø", "uû", "uõ", "uï"},
        {"ö", "öù", "öø", "öû", "öõ", "öï"},  {"y", "yù", "yø", "yû", "yõ", "î"}};
    const std::vector<std::vector<std::string>> upper = {
        {"A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ"},  {"AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË"},
        {"AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ"}, {"E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ"},
        {"EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ"}, {"I", "Í", "Ì", "Æ", "Ó", "Ò"},
        {"O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ"},  {"OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ"},
        {"Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ"},  {"U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ"},
        {"Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ"},  {"Y", "YÙ", "YØ", "YÛ", "YÕ", "Î"}};
    int checked = 0;
    for (const auto& l : vietnamese_letters()) {
        const std::string shown =
            l.vowel == 12 ? (l.capital ? "Ñ" : "ñ") : (l.capital ? upper : lower)[l.vowel][l.tone];
        const std::string bytes = latin1(shown);
        INFO("letter " << l.text << " spelled " << shown);
        CHECK(encode_text(l.text, text_encoding::vni) == bytes);
        CHECK(decode_text(bytes, text_encoding::vni) == l.text);
        CHECK(decode_text(shown, text_encoding::vni) == l.text); // GDAL's Latin-1 reading
        CHECK(decode_text(misdecoded(bytes), text_encoding::vni) == l.text);
        ++checked;
    }
    CHECK(checked == 134);
}

TEST_CASE("VNI: lenient reading of hand-edited text", "[importers][encoding][vni]") {
    // Base and mark in different cases: the base decides.
    CHECK(decode_text("Aù Oâ", text_encoding::vni) == "\u00C1 \u00D4");
    CHECK(decode_text("aÙ", text_encoding::vni) == "\u00E1");
    // A plain tone mark after i or y (the fonts draw it; Unicode composes it).
    CHECK(decode_text(latin1("iù yï"), text_encoding::vni) == "\u00ED \u1EF5");
    // Symbols below the letter range keep their CP1252 meaning.
    CHECK(decode_text("\x93Tha\xF9\x63\x94 \xB0", text_encoding::vni) ==
          "\u201CTh\u00E1\x63\u201D \u00B0");
    CHECK_THROWS_WITH(decode_text("a\x8D", text_encoding::vni),
                      Catch::Contains("0x8D") && Catch::Contains("VNI"));
    CHECK_THROWS_AS(encode_text("M\u00FCller", text_encoding::vni), data_error);
    CHECK_THROWS_AS(encode_text("\u5317", text_encoding::vni), data_error);
}

TEST_CASE("CP1258: all 134 letters round-trip and combining marks are composed to NFC",
          "[importers][encoding][cp1258]") {
    for (const auto& l : vietnamese_letters()) {
        INFO("letter " << l.text);
        const std::string bytes = encode_text(l.text, text_encoding::cp1258);
        CHECK(decode_text(bytes, text_encoding::cp1258) == l.text);
        CHECK(decode_text(misdecoded(bytes), text_encoding::cp1258) == l.text);
    }
    // Base letter + combining tone byte → one precomposed letter.
    const std::string trang = decode_text("Tr\xE3\xECng", text_encoding::cp1258);
    CHECK(trang == "Tr\u1EAFng");
    CHECK(code_points(trang) == 5);
    CHECK(decode_text("Ng\xE2\xCCm", text_encoding::cp1258) == "Ng\u1EA7m");
    CHECK_THROWS_AS(encode_text("\u5317", text_encoding::cp1258), data_error);
}

TEST_CASE("real place names decode byte-exact to NFC from every encoding",
          "[importers][encoding]") {
    for (const auto& name : place_names()) {
        INFO(name.unicode);
        REQUIRE(geo::to_nfc(name.unicode) == name.unicode);
        CHECK(decode_text(name.unicode, text_encoding::utf8) == name.unicode);
        for (auto [bytes, encoding] :
             {std::pair{name.tcvn3, text_encoding::tcvn3}, std::pair{name.vni, text_encoding::vni},
              std::pair{name.cp1258, text_encoding::cp1258}}) {
            INFO(to_string(encoding));
            CHECK(decode_text(bytes, encoding) == name.unicode);
            CHECK(decode_text(misdecoded(bytes), encoding) == name.unicode);
        }
        // Cross-checks of the hand spellings against independent converters.
        CHECK(iconv_bytes(name.unicode, "TCVN5712-1", "UTF-8") == name.tcvn3);
        CHECK(iconv_bytes(name.cp1258, "UTF-8", "CP1258") == name.unicode);
        CHECK(encode_text(name.unicode, text_encoding::tcvn3) == name.tcvn3);
        CHECK(encode_text(name.unicode, text_encoding::vni) == name.vni);
    }
}

TEST_CASE("UTF-8 is validated and normalised to NFC", "[importers][encoding]") {
    CHECK(decode_text("Tha\u0301\x63 Bi\u00EA\u0300ng", text_encoding::utf8) ==
          "Th\u00E1\x63 Bi\u1EC1ng");
    CHECK(decode_text("Khe Ro", text_encoding::utf8) == "Khe Ro");
    CHECK_THROWS_AS(decode_text("N\xB5 Tr\xBEng", text_encoding::utf8), data_error);
    CHECK_THROWS_AS(encode_text("\xFF", text_encoding::vni), data_error);
    // Unicode text with characters beyond CP1252 is left as it is by a legacy decoding.
    CHECK(decode_text("N\u00E0 Tr\u1EAFng", text_encoding::tcvn3) == "N\u00E0 Tr\u1EAFng");
    CHECK(decode_text("\u0110\u1ED3ng Khao", text_encoding::vni) == "\u0110\u1ED3ng Khao");
}

TEST_CASE("long text round-trips through TCVN3 and VNI", "[importers][encoding]") {
    std::string every_lower;
    std::string every_letter;
    for (const auto& l : vietnamese_letters()) {
        every_letter += l.text + "x ";
        if (!l.capital) {
            every_lower += l.text + "n ";
        }
    }
    const std::string tcvn3_text = "Th\u00F4n " + every_lower + "\u0110\u01AF\u01A0NG 12";
    CHECK(decode_text(encode_text(tcvn3_text, text_encoding::tcvn3), text_encoding::tcvn3) ==
          tcvn3_text);
    CHECK(decode_text(encode_text(every_letter, text_encoding::vni), text_encoding::vni) ==
          every_letter);
    CHECK(decode_text(encode_text(every_letter, text_encoding::cp1258), text_encoding::cp1258) ==
          every_letter);
}

TEST_CASE("guess: TCVN3 and VNI mojibake is recognised, raw or mis-decoded",
          "[importers][encoding][guess]") {
    for (auto [sample, expected] : {std::pair{joined(&place_name::tcvn3), text_encoding::tcvn3},
                                    std::pair{joined(&place_name::vni), text_encoding::vni}}) {
        INFO(to_string(expected));
        CHECK(guess_legacy_encoding(sample) == expected);
        CHECK(guess_legacy_encoding(misdecoded(sample)) == expected);
        CHECK(guess_legacy_encoding(misdecoded(sample, "ISO-8859-1")) == expected);
    }
    // Single names: TCVN3 words with ABC's symbol-looking bytes (¸ § ª ¨ « ©) are unmistakable;
    // otherwise two Vietnamese words are needed.
    const std::set<std::string> alone_tcvn3 = {
        "N\u00E0 Tr\u1EAFng",  "\u0110\u1ED3ng Khao",
        "Th\u00E1\x63",        "L\u00EA Vi\u1EC5n",
        "Ng\u1EA7m tr\u00E0n", "Nh\u00E0 v\u0103n h\u00F3\x61 th\u00F4n T\u00E2n Chung"};
    const std::set<std::string> alone_vni = {
        "N\u00E0 Tr\u1EAFng", "L\u00EA Vi\u1EC5n", "Ng\u1EA7m tr\u00E0n",
        "Nh\u00E0 v\u0103n h\u00F3\x61 th\u00F4n T\u00E2n Chung"};
    for (const auto& name : place_names()) {
        INFO(name.unicode);
        const auto tcvn3 = guess_legacy_encoding(misdecoded(name.tcvn3));
        const auto vni = guess_legacy_encoding(misdecoded(name.vni));
        CHECK(tcvn3 == (alone_tcvn3.count(name.unicode) ? std::optional(text_encoding::tcvn3)
                                                        : std::nullopt));
        CHECK(vni ==
              (alone_vni.count(name.unicode) ? std::optional(text_encoding::vni) : std::nullopt));
        CHECK(guess_legacy_encoding(name.tcvn3) == tcvn3);
        CHECK(guess_legacy_encoding(name.vni) == vni);
    }
}

TEST_CASE("guess: no false positives on ASCII, Unicode Vietnamese or Western Latin-1 text",
          "[importers][encoding][guess]") {
    CHECK_FALSE(guess_legacy_encoding(""));
    CHECK_FALSE(guess_legacy_encoding("Khe Ro, Ban Na, Ngam tran 12"));
    CHECK_FALSE(guess_legacy_encoding(joined(&place_name::unicode)));
    for (const auto& name : place_names()) {
        INFO(name.unicode);
        CHECK_FALSE(guess_legacy_encoding(name.unicode));
    }
    // Unicode Vietnamese that fits in Latin-1 (so it maps back to bytes) still reads as is.
    CHECK_FALSE(guess_legacy_encoding("N\u00E0 L\u00EA Th\u00E1\x63 B\u00E0 H\u00E0 Gi\u00E0ng"));
    CHECK_FALSE(guess_legacy_encoding("Thôn Hà, Bà Lê, Nhà Thờ Cũ"));
    // Western text, as UTF-8 and as raw Latin-1 bytes.
    const std::vector<std::string> western = {
        "Caf\u00E9 Z\u00FCrich",
        "O\u00F9 est pass\u00E9 le th\u00E9 ? Il a d\u00FB partir \u00E0 l'H\u00F4tel de Ville, "
        "cr\u00EAperie No\u00EBl, na\u00EFve",
        "M\u00FCller, Stra\u00DF\x65 12, K\u00F6ln, sch\u00F6n, B\u00E4r, T\u00FCr",
        "A\u00FAn as\u00ED, Jos\u00E9 y Mar\u00EDa est\u00E1n en el pa\u00EDs",
        "1\u00AA planta, 5 \u00B5m, N\u00B0 5, \u00AB Bonjour \u00BB, \u00A9 2020, 20 \u00B0\x43",
        "S\u00E3o Paulo, Cura\u00E7\u00E3o, \u00C9lise, Ren\u00E9e, Zo\u00EB, no\u00EBl"};
    for (const auto& text : western) {
        INFO(text);
        CHECK_FALSE(guess_legacy_encoding(text));
        CHECK_FALSE(guess_legacy_encoding(latin1(text)));
    }
}
