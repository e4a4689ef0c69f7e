#include "importers/text_encoding.hpp"
#include <algorithm>

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/text_encoding_detail.hpp"

#include <fmt/format.h>
#include <iconv.h>

#include <cerrno>
#include <memory>
#include <unordered_map>

namespace allseason::importers {

namespace detail {

std::u32string utf8_to_u32(std::string_view valid_utf8) {
    std::u32string out;
    out.reserve(valid_utf8.size());
    std::size_t i = 0;
    while (i < valid_utf8.size()) {
        const auto lead = static_cast<unsigned char>(valid_utf8[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1 ? lead : lead & (0x7Fu >> length);
        for (std::size_t k = 1; k < length && i + k < valid_utf8.size(); ++k) {
            c = (c << 6) | (static_cast<unsigned char>(valid_utf8[i + k]) & 0x3Fu);
        }
        out.push_back(c);
        i += length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    auto put = [&out](char32_t byte) { out.push_back(static_cast<char>(byte)); };
    if (c < 0x80) {
        put(c);
    } else if (c < 0x800) {
        put(0xC0 | (c >> 6));
        put(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        put(0xE0 | (c >> 12));
        put(0x80 | ((c >> 6) & 0x3F));
        put(0x80 | (c & 0x3F));
    } else {
        put(0xF0 | (c >> 18));
        put(0x80 | ((c >> 12) & 0x3F));
        put(0x80 | ((c >> 6) & 0x3F));
        put(0x80 | (c & 0x3F));
    }
}

std::optional<char32_t> cp1252_char(std::uint8_t byte) {
    if (byte < 0x80 || byte >= 0xA0) {
        return byte;
    }
    const char32_t c = cp1252_high_controls[byte - 0x80];
    return c != 0 ? std::optional<char32_t>(c) : std::nullopt;
}

std::optional<std::string> recover_cp1252_bytes(std::string_view text) {
    if (!geo::is_valid_utf8(text)) {
        return std::nullopt;
    }
    std::string bytes;
    bytes.reserve(text.size());
    for (char32_t c : utf8_to_u32(text)) {
        if (c <= 0xFF) { // Latin-1, C1 controls included (GDAL's ISO-8859-1 reading)
            bytes.push_back(static_cast<char>(c));
            continue;
        }
        std::size_t k = 0;
        while (k < cp1252_high_controls.size() && cp1252_high_controls[k] != c) {
            ++k;
        }
        if (k == cp1252_high_controls.size()) {
            return std::nullopt;
        }
        bytes.push_back(static_cast<char>(0x80 + k));
    }
    return bytes;
}

} // namespace detail

namespace {

using namespace detail;

constexpr char32_t unassigned = 0xFFFFFFFF;

std::string describe(char32_t c) {
    std::string glyph;
    append_utf8(glyph, c);
    return fmt::format("\"{}\" (U+{:04X})", glyph, static_cast<std::uint32_t>(c));
}

std::string byte_error(std::uint8_t byte, std::size_t position, std::string_view encoding) {
    return fmt::format("byte 0x{:02X} at position {} is not a character in {}", byte, position + 1,
                       encoding);
}

// Both directions of TCVN3, built once from the tables.
struct tcvn3_codec {
    std::array<char32_t, 256> to_unicode{};
    std::array<bool, 256> is_vn3_letter{}; // ASCII or a letter of VN3 proper
    std::unordered_map<char32_t, std::uint8_t> from_unicode;

    tcvn3_codec() {
        for (std::size_t b = 0; b < 256; ++b) {
            const auto c = cp1252_char(static_cast<std::uint8_t>(b));
            to_unicode[b] = b < 0xA0 && c ? *c : unassigned;
            is_vn3_letter[b] = b < 0x80;
            if (b < 0x80) {
                from_unicode.emplace(static_cast<char32_t>(b), static_cast<std::uint8_t>(b));
            }
        }
        auto add_letter = [this](char32_t letter, std::uint8_t byte) {
            to_unicode[byte] = letter;
            is_vn3_letter[byte] = true;
            from_unicode[letter] = byte;
        };
        for (std::size_t v = 0; v < vowel_count; ++v) {
            for (std::size_t t = 0; t < tone_count; ++t) {
                add_letter(vowel_letters[v][t], tcvn3_lower[v][t]);
            }
        }
        add_letter(d_stroke_lower, tcvn3_d_stroke_lower);
        for (const auto& capital : tcvn3_capitals) {
            add_letter(capital.letter, capital.byte);
        }
        for (const auto& extra : tcvn3_vn1_extras) {
            to_unicode[extra.byte] = extra.code_point;
            const bool combining_mark = extra.code_point >= 0x0300 && extra.code_point < 0x0370;
            if (!combining_mark) {
                from_unicode.emplace(extra.code_point, extra.byte);
            }
        }
        for (const auto& capital : tcvn3_vn1_capitals) {
            to_unicode[capital.byte] = capital.code_point;
            from_unicode[capital.code_point] = capital.byte;
            is_vn3_letter[capital.byte] = capital.byte >= 0x80; // C0 bytes stay suspicious
        }
        from_unicode[0x00A0] = 0xA0;
    }
};

const tcvn3_codec& tcvn3() {
    static const tcvn3_codec codec;
    return codec;
}

// Both directions of VNI-Windows, built once from the tables.
struct vni_codec {
    std::unordered_map<std::uint16_t, char32_t> pairs; // base byte << 8 | mark byte
    std::array<char32_t, 256> singles{};               // one-byte letters above ASCII
    std::array<std::array<char32_t, 2>, 256> marks{};  // mark byte → modifier, tone
    std::unordered_map<char32_t, std::string> from_unicode;

    static std::uint16_t key(std::uint8_t base, std::uint8_t mark) {
        return static_cast<std::uint16_t>(base << 8 | mark);
    }

    void add(std::string_view spelling, char32_t letter, std::size_t vowel, std::size_t tone) {
        from_unicode[letter] = std::string(spelling);
        const auto first = static_cast<std::uint8_t>(spelling[0]);
        if (spelling.size() == 1) {
            if (first >= 0x80) {
                singles[first] = letter;
            }
            return;
        }
        const auto mark = static_cast<std::uint8_t>(spelling[1]);
        const auto mark_other_case = static_cast<std::uint8_t>(mark ^ 0x20);
        pairs[key(first, mark)] = letter;
        // Text retyped or re-cased by hand mixes the cases of base and mark ("Aù"): the base
        // decides the case, as the VNI fonts draw it.
        pairs.emplace(key(first, mark_other_case), letter);
        const bool plain_base = first < 0x80;
        const char32_t modifier = plain_base ? modifier_marks[vowel] : 0;
        marks[mark] = marks[mark_other_case] = {modifier, tone_marks[tone]};
    }

    vni_codec() {
        for (std::size_t v = 0; v < vowel_count; ++v) {
            for (std::size_t t = 0; t < tone_count; ++t) {
                const std::string_view lower = vni_lower[v][t];
                std::string upper;
                for (char byte : lower) {
                    upper.push_back(
                        static_cast<char>(vni_upper_byte(static_cast<std::uint8_t>(byte))));
                }
                add(lower, vowel_letters[v][t], v, t);
                add(upper, vietnamese_upper(vowel_letters[v][t]), v, t);
            }
        }
        const auto d_lower = static_cast<std::uint8_t>(vni_d_stroke_lower[0]);
        singles[d_lower] = d_stroke_lower;
        singles[vni_upper_byte(d_lower)] = d_stroke_upper;
        from_unicode[d_stroke_lower] = std::string(1, static_cast<char>(d_lower));
        from_unicode[d_stroke_upper] = std::string(1, static_cast<char>(vni_upper_byte(d_lower)));
        // The VNI fonts are ANSI fonts: below the letters they draw the CP1252 symbols.
        for (std::size_t b = 0x80; b < 0xC0; ++b) {
            if (const auto c = cp1252_char(static_cast<std::uint8_t>(b))) {
                from_unicode.emplace(*c, std::string(1, static_cast<char>(b)));
            }
        }
    }
};

const vni_codec& vni() {
    static const vni_codec codec;
    return codec;
}

// How to read bytes a table does not cover: `lenient` for import (stray VNI marks become
// combining marks, symbols keep their CP1252 meaning, unassigned bytes are data errors);
// `letters_only` for the guesser (anything but ASCII and the encoding's letters: nullopt).
enum class reading { lenient, letters_only };

std::optional<std::u32string> read_tcvn3(std::string_view bytes, reading mode) {
    const tcvn3_codec& codec = tcvn3();
    std::u32string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<std::uint8_t>(bytes[i]);
        if (mode == reading::letters_only && !codec.is_vn3_letter[byte]) {
            return std::nullopt;
        }
        if (codec.to_unicode[byte] == unassigned) {
            throw data_error(byte_error(byte, i, "TCVN3"));
        }
        out.push_back(codec.to_unicode[byte]);
    }
    return out;
}

std::optional<std::u32string> read_vni(std::string_view bytes, reading mode) {
    const vni_codec& codec = vni();
    std::u32string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<std::uint8_t>(bytes[i]);
        if (i + 1 < bytes.size()) {
            const auto next = static_cast<std::uint8_t>(bytes[i + 1]);
            if (auto pair = codec.pairs.find(vni_codec::key(byte, next));
                pair != codec.pairs.end()) {
                out.push_back(pair->second);
                ++i;
                continue;
            }
        }
        if (codec.singles[byte] != 0) {
            out.push_back(codec.singles[byte]);
        } else if (byte < 0x80) {
            out.push_back(byte);
        } else if (mode == reading::letters_only) {
            return std::nullopt;
        } else if (const auto& mark = codec.marks[byte]; mark[0] != 0 || mark[1] != 0) {
            // A mark byte after a letter that does not take it: the font draws the accent over
            // that letter, so keep it as a combining mark (NFC composes it where Unicode can).
            for (char32_t m : mark) {
                if (m != 0) {
                    out.push_back(m);
                }
            }
        } else if (const auto c = cp1252_char(byte)) {
            out.push_back(*c);
        } else {
            throw data_error(byte_error(byte, i, "VNI-Windows"));
        }
    }
    return out;
}

struct iconv_closer {
    void operator()(void* cd) const noexcept { iconv_close(static_cast<iconv_t>(cd)); }
};
using iconv_handle = std::unique_ptr<void, iconv_closer>;

// Converts with glibc iconv; `describe_failure` gets the byte offset of a refused input.
template <typename Describe>
std::string iconv_convert(std::string_view input, const char* to, const char* from,
                          Describe describe_failure) {
    iconv_t raw = iconv_open(to, from);
    if (raw == reinterpret_cast<iconv_t>(-1)) {
        throw data_error(fmt::format("iconv cannot convert from {} to {}", from, to));
    }
    iconv_handle cd(raw);
    std::string out(input.size() * 3 + 16, '\0');
    char* in_ptr = const_cast<char*>(input.data()); // iconv's signature; it does not write
    std::size_t in_left = input.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    bool flushing = false;
    while (true) {
        const std::size_t result = flushing ? iconv(raw, nullptr, nullptr, &out_ptr, &out_left)
                                            : iconv(raw, &in_ptr, &in_left, &out_ptr, &out_left);
        if (result != static_cast<std::size_t>(-1)) {
            if (flushing) {
                break;
            }
            flushing = true; // glibc holds back a base letter that a combining mark may follow
            continue;
        }
        if (errno != E2BIG) {
            throw data_error(describe_failure(input.size() - in_left));
        }
        const auto used = static_cast<std::size_t>(out_ptr - out.data());
        out.resize(out.size() * 2);
        out_ptr = out.data() + used;
        out_left = out.size() - used;
    }
    out.resize(static_cast<std::size_t>(out_ptr - out.data()));
    return out;
}

std::string decode_cp1258(std::string_view bytes) {
    return iconv_convert(bytes, "UTF-8", "CP1258", [bytes](std::size_t at) {
        return byte_error(static_cast<std::uint8_t>(bytes[at]), at, "CP1258");
    });
}

std::string to_utf8(const std::u32string& text) {
    std::string out;
    out.reserve(text.size() + text.size() / 2);
    for (char32_t c : text) {
        append_utf8(out, c);
    }
    return out;
}

std::string cannot_encode(char32_t c, text_encoding encoding) {
    return fmt::format("{} cannot be written in {}", describe(c), to_string(encoding));
}

std::string encode_legacy(const std::string& nfc, text_encoding encoding) {
    std::string out;
    out.reserve(nfc.size() * 2);
    for (char32_t c : utf8_to_u32(nfc)) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (encoding == text_encoding::tcvn3) {
            const auto found = tcvn3().from_unicode.find(c);
            if (found == tcvn3().from_unicode.end()) {
                throw data_error(cannot_encode(c, encoding));
            }
            out.push_back(static_cast<char>(found->second));
        } else {
            const auto found = vni().from_unicode.find(c);
            if (found == vni().from_unicode.end()) {
                throw data_error(cannot_encode(c, encoding));
            }
            out += found->second;
        }
    }
    return out;
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return false;
        }
    }
    return true;
}

} // namespace

namespace detail {

std::optional<std::u32string> decode_letters_strictly(std::string_view bytes,
                                                      text_encoding encoding) {
    return encoding == text_encoding::tcvn3 ? read_tcvn3(bytes, reading::letters_only)
                                            : read_vni(bytes, reading::letters_only);
}

} // namespace detail

text_encoding parse_text_encoding(std::string_view name) {
    std::string lower;
    for (char c : name) {
        lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (lower == "utf-8" || lower == "utf8") {
        return text_encoding::utf8;
    }
    if (lower == "cp1258" || lower == "windows-1258") {
        return text_encoding::cp1258;
    }
    if (lower == "tcvn3" || lower == "tcvn") {
        return text_encoding::tcvn3;
    }
    if (lower == "vni" || lower == "vni-windows") {
        return text_encoding::vni;
    }
    throw usage_error(
        fmt::format("unknown text encoding \"{}\": expected utf-8 (utf8), cp1258 (windows-1258), "
                    "tcvn3 (tcvn) or vni (vni-windows)",
                    name));
}

std::string_view to_string(text_encoding encoding) {
    switch (encoding) {
    case text_encoding::utf8:
        return "utf-8";
    case text_encoding::cp1258:
        return "cp1258";
    case text_encoding::tcvn3:
        return "tcvn3";
    case text_encoding::vni:
        return "vni";
    }
    return "unknown";
}

// TCVN3 (as VN1 and glibc) writes twelve toned capitals with C0 control bytes.
static bool has_tcvn3_c0_capitals(std::string_view bytes) {
    return std::any_of(bytes.begin(), bytes.end(), [](char c) {
        return std::any_of(
            tcvn3_vn1_capitals.begin(), tcvn3_vn1_capitals.end(),
            [c](const tcvn3_extra& e) { return e.byte == static_cast<std::uint8_t>(c); });
    });
}

std::string decode_text(std::string_view bytes, text_encoding encoding) {
    if (is_ascii(bytes) && !(encoding == text_encoding::tcvn3 && has_tcvn3_c0_capitals(bytes))) {
        return std::string(bytes);
    }
    if (encoding == text_encoding::utf8) {
        if (!geo::is_valid_utf8(bytes)) {
            throw data_error("text is not valid UTF-8 (give --encoding if the file is in "
                             "cp1258, tcvn3 or vni)");
        }
        return geo::to_nfc(bytes);
    }
    std::string recovered;
    if (geo::is_valid_utf8(bytes)) {
        auto legacy = recover_cp1252_bytes(bytes);
        if (!legacy) {
            return geo::to_nfc(bytes); // has characters no legacy byte stands for: Unicode
        }
        recovered = std::move(*legacy);
        bytes = recovered;
    }
    switch (encoding) {
    case text_encoding::cp1258:
        return geo::to_nfc(decode_cp1258(bytes));
    case text_encoding::tcvn3:
        return geo::to_nfc(to_utf8(*read_tcvn3(bytes, reading::lenient)));
    default:
        return geo::to_nfc(to_utf8(*read_vni(bytes, reading::lenient)));
    }
}

std::string encode_text(std::string_view utf8, text_encoding encoding) {
    if (!geo::is_valid_utf8(utf8)) {
        throw data_error("text to encode is not valid UTF-8");
    }
    const std::string nfc = geo::to_nfc(utf8);
    switch (encoding) {
    case text_encoding::utf8:
        return nfc;
    case text_encoding::cp1258:
        return iconv_convert(nfc, "CP1258", "UTF-8", [&nfc](std::size_t at) {
            const std::u32string rest = utf8_to_u32(std::string_view(nfc).substr(at));
            return cannot_encode(rest.empty() ? U'?' : rest.front(), text_encoding::cp1258);
        });
    default:
        return encode_legacy(nfc, encoding);
    }
}

} // namespace allseason::importers
