// guess_legacy_encoding: does this text read as Vietnamese only once decoded as TCVN3 or VNI?
//
// Each word that holds a non-ASCII byte is read three ways — as it stands (CP1252/Latin-1), as
// TCVN3 and as VNI — and each reading is checked against the shape of a Vietnamese syllable
// (onset, vowel cluster, final consonant, and the rule that a syllable ending in c, ch, p or t
// carries sắc or nặng). Mojibake breaks that shape in the reading as it stands and restores it
// in the right encoding; French, German or Spanish words rarely fit it in any reading.
#include "importers/text_encoding.hpp"

#include "geo/text.hpp"
#include "importers/text_encoding_detail.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace allseason::importers {

namespace {

using namespace detail;

// Initial consonants, longest first so that "ngh" is tried before "ng" and "n".
constexpr std::array<std::string_view, 28> onsets = {
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d",
    "đ",   "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v", "x", ""};
constexpr std::array<std::string_view, 9> codas = {"ng", "nh", "ch", "c", "m", "n", "p", "t", ""};
// Vowel clusters that end a syllable (no final consonant).
constexpr std::array<std::string_view, 44> open_clusters = {
    "a",   "e",   "ê",   "i",   "o",   "ô",   "ơ",   "u",   "ư",   "y",   "ai",
    "ao",  "au",  "ay",  "âu",  "ây",  "eo",  "êu",  "ia",  "iu",  "oa",  "oe",
    "oi",  "ôi",  "ơi",  "ua",  "uê",  "ui",  "uơ",  "uy",  "ưa",  "ưi",  "ưu",
    "oai", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "iêu", "yêu"};
// Vowel clusters that take a final consonant.
constexpr std::array<std::string_view, 23> closed_clusters = {
    "a",  "ă",  "â",  "e",  "ê",  "i",  "o",  "ô",  "ơ",  "u",  "ư",  "iê",
    "yê", "uô", "ươ", "oa", "oă", "oe", "oo", "uâ", "uê", "uy", "uyê"};
// The clusters that "nh" and "ch" may follow.
constexpr std::array<std::string_view, 7> palatal_clusters = {"a", "ê", "i", "y", "oa", "uê", "uy"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Every Vietnamese letter of either case → its lowercase toneless letter and its tone.
struct letter_info {
    char32_t base;
    std::size_t tone;
};
const std::unordered_map<char32_t, letter_info>& vietnamese_letters() {
    static const auto table = [] {
        std::unordered_map<char32_t, letter_info> letters;
        for (std::size_t v = 0; v < vowel_count; ++v) {
            for (std::size_t t = 0; t < tone_count; ++t) {
                const char32_t lower = vowel_letters[v][t];
                letters[lower] = {vowel_letters[v][0], t};
                letters[vietnamese_upper(lower)] = {vowel_letters[v][0], t};
            }
        }
        letters[d_stroke_lower] = {d_stroke_lower, 0};
        letters[d_stroke_upper] = {d_stroke_lower, 0};
        return letters;
    }();
    return table;
}

// The consonant letters of Vietnamese (f, j, w and z are not among them).
bool is_consonant_letter(char32_t c) {
    return c >= 'a' && c <= 'z' &&
           std::string_view("aeiouyfjwz").find(static_cast<char>(c)) == std::string_view::npos;
}

bool rhyme_fits(std::string_view rhyme, std::size_t tone) {
    for (std::string_view coda : codas) {
        if (rhyme.size() < coda.size() || rhyme.substr(rhyme.size() - coda.size()) != coda) {
            continue;
        }
        const std::string_view cluster = rhyme.substr(0, rhyme.size() - coda.size());
        if (cluster.empty()) {
            continue;
        }
        if (coda.empty()) {
            if (contains(open_clusters, cluster)) {
                return true;
            }
            continue;
        }
        const bool stop = coda == "c" || coda == "ch" || coda == "p" || coda == "t";
        if (stop && tone != t_acute && tone != t_dot) {
            continue;
        }
        if ((coda == "nh" || coda == "ch") && !contains(palatal_clusters, cluster)) {
            continue;
        }
        if (contains(closed_clusters, cluster)) {
            return true;
        }
    }
    return false;
}

// Whether `word` has the shape of one Vietnamese syllable.
bool is_vietnamese_syllable(const std::u32string& word) {
    std::string base; // lowercase, toneless, UTF-8
    std::size_t tone = t_none;
    for (char32_t c : word) {
        const char32_t lower = c >= 'A' && c <= 'Z' ? c + 0x20 : c;
        if (is_consonant_letter(lower)) {
            base.push_back(static_cast<char>(lower));
            continue;
        }
        const auto found = vietnamese_letters().find(lower);
        if (found == vietnamese_letters().end()) {
            return false;
        }
        if (found->second.tone != t_none) {
            if (tone != t_none) {
                return false; // two tone marks in one syllable
            }
            tone = found->second.tone;
        }
        append_utf8(base, found->second.base);
    }
    const std::string_view text = base;
    for (std::string_view onset : onsets) {
        if (text.substr(0, onset.size()) == onset && rhyme_fits(text.substr(onset.size()), tone)) {
            return true;
        }
    }
    return false;
}

bool is_ascii_letter(unsigned char b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

// A byte that CP1252 shows as a symbol but TCVN3 uses for a letter (µ excepted: it is also the
// micro sign of "5 µm"). Inside a word it is mojibake, not French.
bool is_tcvn3_symbol_byte(unsigned char b) {
    return b >= 0xA1 && b <= 0xBF && b != 0xB5;
}

struct evidence {
    int valid_words = 0;  // words that read as Vietnamese syllables
    int score = 0;        // 2 per word that could not be Latin-1 text, 1 per other valid word
    bool certain = false; // a word that no Latin-1 reading explains (TCVN3 symbol bytes)
    bool non_latin = false;
};

void weigh(std::string_view word, text_encoding encoding, evidence& e) {
    const auto decoded = decode_letters_strictly(word, encoding);
    if (!decoded || !is_vietnamese_syllable(*decoded)) {
        return;
    }
    ++e.valid_words;
    const bool beyond_latin1 =
        std::any_of(decoded->begin(), decoded->end(), [](char32_t c) { return c > 0xFF; });
    const bool has_letter = std::any_of(word.begin(), word.end(), [](char c) {
        return is_ascii_letter(static_cast<unsigned char>(c));
    });
    const bool symbols = encoding == text_encoding::tcvn3 && has_letter &&
                         std::any_of(word.begin(), word.end(), [](char c) {
                             return is_tcvn3_symbol_byte(static_cast<unsigned char>(c));
                         });
    e.score += beyond_latin1 || symbols ? 2 : 1;
    e.non_latin = e.non_latin || beyond_latin1 || symbols;
    e.certain = e.certain || symbols;
}

bool reads_as_is(std::string_view word) {
    std::u32string text;
    for (char byte : word) {
        const auto c = cp1252_char(static_cast<std::uint8_t>(byte));
        if (!c) {
            return false;
        }
        text.push_back(*c);
    }
    return is_vietnamese_syllable(text);
}

} // namespace

std::optional<text_encoding> guess_legacy_encoding(std::string_view bytes) {
    std::string recovered;
    if (geo::is_valid_utf8(bytes)) {
        auto legacy = recover_cp1252_bytes(bytes);
        if (!legacy) {
            return std::nullopt; // characters beyond CP1252: real Unicode text
        }
        recovered = std::move(*legacy);
        bytes = recovered;
    }
    // Words: runs of bytes between ASCII non-letters; only those with a byte above ASCII count.
    int words = 0;
    int valid_as_is = 0;
    evidence tcvn3;
    evidence vni;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= bytes.size(); ++i) {
        const bool boundary =
            i == bytes.size() || (static_cast<unsigned char>(bytes[i]) < 0x80 &&
                                  !is_ascii_letter(static_cast<unsigned char>(bytes[i])));
        if (!boundary) {
            continue;
        }
        const std::string_view word = bytes.substr(start, i - start);
        start = i + 1;
        const bool legacy_bytes = std::any_of(
            word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (!legacy_bytes) {
            continue;
        }
        ++words;
        valid_as_is += reads_as_is(word) ? 1 : 0;
        weigh(word, text_encoding::tcvn3, tcvn3);
        weigh(word, text_encoding::vni, vni);
    }
    auto convincing = [&](const evidence& e, const evidence& other) {
        return e.non_latin && e.score >= 2 && e.score > other.score &&
               e.valid_words > valid_as_is && e.valid_words * 5 >= words * 3 &&
               (e.certain || e.valid_words >= 2);
    };
    if (convincing(tcvn3, vni)) {
        return text_encoding::tcvn3;
    }
    if (convincing(vni, tcvn3)) {
        return text_encoding::vni;
    }
    return std::nullopt;
}

} // namespace allseason::importers
