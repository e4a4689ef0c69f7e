#pragma once
// Internal to allseason_importers: the character tables behind text_encoding.cpp (sources are
// cited next to each table in text_encoding_tables.cpp) and the pieces of the codecs that the
// encoding guesser (text_encoding_guess.cpp) shares.
#include "importers/text_encoding.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace allseason::importers::detail {

// The twelve Vietnamese vowels in alphabetical order and the six tones.
inline constexpr std::size_t vowel_count = 12; // a ă â e ê i o ô ơ u ư y
inline constexpr std::size_t tone_count = 6;
// none, sắc (acute), huyền (grave), hỏi (hook above), ngã (tilde), nặng (dot below)
enum tone_index : std::size_t { t_none, t_acute, t_grave, t_hook, t_tilde, t_dot };

template <typename T> using vowel_table = std::array<std::array<T, tone_count>, vowel_count>;

// Lowercase precomposed vowels, [vowel][tone] (a, e, i, o, u, y untoned are ASCII).
extern const vowel_table<char32_t> vowel_letters;
inline constexpr char32_t d_stroke_lower = 0x0111; // đ
inline constexpr char32_t d_stroke_upper = 0x0110; // Đ
// The capital of a letter of vowel_letters or đ.
char32_t vietnamese_upper(char32_t lower);
// The combining mark of each tone (0 for none) and of each vowel's modifier (0 for none).
extern const std::array<char32_t, tone_count> tone_marks;
extern const std::array<char32_t, vowel_count> modifier_marks;

// TCVN3 (VN3): the byte of each lowercase vowel, of đ, and of the seven capitals it has.
extern const vowel_table<std::uint8_t> tcvn3_lower;
inline constexpr std::uint8_t tcvn3_d_stroke_lower = 0xAE;
struct tcvn3_capital {
    char32_t letter;
    std::uint8_t byte;
};
extern const std::array<tcvn3_capital, 7> tcvn3_capitals;
// Code points that TCVN 5712:1993 VN1/VN2 puts in the 0xA0–0xFF slots VN3 leaves free
// (capitals and the five combining tone marks). The capitals are encoded too; the marks only
// decoded.
struct tcvn3_extra {
    std::uint8_t byte;
    char32_t code_point;
};
extern const std::array<tcvn3_extra, 22> tcvn3_vn1_extras;
// VN1's toned capitals in 0x01–0x17 and 0x80–0x9F, as glibc's TCVN5712-1 reads and writes them.
extern const std::array<tcvn3_extra, 44> tcvn3_vn1_capitals;

// VNI-Windows: the lowercase spelling of each vowel, [vowel][tone]; đ. Capitals are the same
// spellings with every letter and mark byte in its capital form (vni_upper_byte).
extern const vowel_table<std::string_view> vni_lower;
inline constexpr std::string_view vni_d_stroke_lower = "\xF1";
std::uint8_t vni_upper_byte(std::uint8_t lower);

// Windows-1252 0x80–0x9F (0 where CP1252 leaves the byte unassigned).
extern const std::array<char32_t, 32> cp1252_high_controls;

// --- shared codec pieces (text_encoding.cpp) ---
std::u32string utf8_to_u32(std::string_view valid_utf8);
void append_utf8(std::string& out, char32_t c);
// The character a byte stands for in CP1252 (Latin-1 in 0xA0–0xFF); nullopt where unassigned.
std::optional<char32_t> cp1252_char(std::uint8_t byte);
// When `text` is valid UTF-8 whose every character is a single CP1252 or Latin-1 byte (GDAL's
// mis-decoding of legacy bytes), those bytes; nullopt otherwise.
std::optional<std::string> recover_cp1252_bytes(std::string_view text);
// TCVN3 or VNI bytes → characters, accepting only ASCII and the encoding's Vietnamese letters
// (no stray marks, symbols or VN1-only codes): the strict reading the guesser scores.
std::optional<std::u32string> decode_letters_strictly(std::string_view bytes,
                                                      text_encoding encoding);

} // namespace allseason::importers::detail
