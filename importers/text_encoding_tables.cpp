#include "importers/text_encoding_detail.hpp"

namespace allseason::importers::detail {

// Unicode: Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional (U+1EA0–1EF9).
const vowel_table<char32_t> vowel_letters = {{
    //  none    sắc     huyền   hỏi     ngã     nặng
    {{0x0061, 0x00E1, 0x00E0, 0x1EA3, 0x00E3, 0x1EA1}}, // a
    {{0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7}}, // ă
    {{0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD}}, // â
    {{0x0065, 0x00E9, 0x00E8, 0x1EBB, 0x1EBD, 0x1EB9}}, // e
    {{0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7}}, // ê
    {{0x0069, 0x00ED, 0x00EC, 0x1EC9, 0x0129, 0x1ECB}}, // i
    {{0x006F, 0x00F3, 0x00F2, 0x1ECF, 0x00F5, 0x1ECD}}, // o
    {{0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9}}, // ô
    {{0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3}}, // ơ
    {{0x0075, 0x00FA, 0x00F9, 0x1EE7, 0x0169, 0x1EE5}}, // u
    {{0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1}}, // ư
    {{0x0079, 0x00FD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5}}, // y
}};

char32_t vietnamese_upper(char32_t lower) {
    if (lower < 0x0080 || (lower >= 0x00E0 && lower <= 0x00FE)) {
        return lower - 0x20; // ASCII and Latin-1: capitals sit 0x20 lower
    }
    return lower - 1; // Extended-A/B and Extended Additional: capital precedes its small letter
}

const std::array<char32_t, tone_count> tone_marks = {0, 0x0301, 0x0300, 0x0309, 0x0303, 0x0323};
const std::array<char32_t, vowel_count> modifier_marks = {0, 0x0306, 0x0302, 0, 0x0302, 0,
                                                          0, 0x0302, 0x031B, 0, 0x031B, 0};

// TCVN 5712:1993 VN3 ("TCVN3", ABC). Two sources agree byte for byte on these 74 letters:
// the VN1 table of X-TrueType's TCVN/TCVNtoUCS2.c (XFree86, Takuya Shiozaki and Pablo Saratxaga,
// 1998) and the TCVN table of xvnkb's tcvn.h (Dao Hai Lam, 2002). VN3 keeps ASCII and the C0/C1
// controls and adds only 67 lowercase letters, Ă Â Ê Ô Ơ Ư Đ and NBSP (0xA0) — see the VSCII
// article on Wikipedia. The tests check every byte against glibc's TCVN5712-1.
const vowel_table<std::uint8_t> tcvn3_lower = {{
    //  none  sắc   huyền hỏi   ngã   nặng
    {{0x61, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9}}, // a
    {{0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6}}, // ă
    {{0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB}}, // â
    {{0x65, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1}}, // e
    {{0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6}}, // ê
    {{0x69, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE}}, // i
    {{0x6F, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4}}, // o
    {{0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9}}, // ô
    {{0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE}}, // ơ
    {{0x75, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4}}, // u
    {{0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9}}, // ư
    {{0x79, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE}}, // y
}};

const std::array<tcvn3_capital, 7> tcvn3_capitals = {{
    {0x0102, 0xA1}, // Ă
    {0x00C2, 0xA2}, // Â
    {0x00CA, 0xA3}, // Ê
    {0x00D4, 0xA4}, // Ô
    {0x01A0, 0xA5}, // Ơ
    {0x01AF, 0xA6}, // Ư
    {0x0110, 0xA7}, // Đ
}};

// From the same X-TrueType VN1 table. ABC files do not use these slots; reading and writing
// them as VN1 does (and as glibc does) reads VN1/VN2 text correctly and gives every toned
// capital a byte.
const std::array<tcvn3_extra, 22> tcvn3_vn1_extras = {{
    {0xAF, 0x1EB0}, // Ằ
    {0xB0, 0x0300}, // combining grave
    {0xB1, 0x0309}, // combining hook above
    {0xB2, 0x0303}, // combining tilde
    {0xB3, 0x0301}, // combining acute
    {0xB4, 0x0323}, // combining dot below
    {0xBA, 0x1EB2}, // Ẳ
    {0xBF, 0x1EB4}, // Ẵ
    {0xC0, 0x1EAE}, // Ắ
    {0xC1, 0x1EA6}, // Ầ
    {0xC2, 0x1EA8}, // Ẩ
    {0xC3, 0x1EAA}, // Ẫ
    {0xC4, 0x1EA4}, // Ấ
    {0xC5, 0x1EC0}, // Ề
    {0xCD, 0x1EC2}, // Ể
    {0xD9, 0x1EC4}, // Ễ
    {0xDA, 0x1EBE}, // Ế
    {0xDB, 0x1ED2}, // Ồ
    {0xE0, 0x1ED4}, // Ổ
    {0xF0, 0x1ED6}, // Ỗ
    {0xFF, 0x1ED0}, // Ố
    {0xA0, 0x00A0}, // no-break space (VN3 proper, listed here because it is not a letter)
}};

// The capitals with tone marks that VN1 (and glibc's TCVN5712-1) put in the C0 and C1 ranges
// VN3 leaves free. Pure ABC files never contain these bytes; reading and writing them as glibc
// does makes our TCVN3 agree with `iconv -t TCVN5712-1`, which many converters use, so names
// such as "Nà Ó" survive a round trip (glibc writes Ó as 0x95).
const std::array<tcvn3_extra, 44> tcvn3_vn1_capitals = {{
    {0x01, 0x00DA}, {0x02, 0x1EE4}, {0x04, 0x1EEA}, {0x05, 0x1EEC}, {0x06, 0x1EEE}, {0x11, 0x1EE8},
    {0x12, 0x1EF0}, {0x13, 0x1EF2}, {0x14, 0x1EF6}, {0x15, 0x1EF8}, {0x16, 0x00DD}, {0x17, 0x1EF4},
    {0x80, 0x00C0}, {0x81, 0x1EA2}, {0x82, 0x00C3}, {0x83, 0x00C1}, {0x84, 0x1EA0}, {0x85, 0x1EB6},
    {0x86, 0x1EAC}, {0x87, 0x00C8}, {0x88, 0x1EBA}, {0x89, 0x1EBC}, {0x8A, 0x00C9}, {0x8B, 0x1EB8},
    {0x8C, 0x1EC6}, {0x8D, 0x00CC}, {0x8E, 0x1EC8}, {0x8F, 0x0128}, {0x90, 0x00CD}, {0x91, 0x1ECA},
    {0x92, 0x00D2}, {0x93, 0x1ECE}, {0x94, 0x00D5}, {0x95, 0x00D3}, {0x96, 0x1ECC}, {0x97, 0x1ED8},
    {0x98, 0x1EDC}, {0x99, 0x1EDE}, {0x9A, 0x1EE0}, {0x9B, 0x1EDA}, {0x9C, 0x1EE2}, {0x9D, 0x00D9},
    {0x9E, 0x1EE6}, {0x9F, 0x0168},
}};

// VNI-Windows, as in xvnkb's vni.h (Dao Hai Lam, 2002) and, independently, in the VNI column
// of duydev/vietnamese-conversion's src/charsets.ts; both agree on all 134 letters. A vowel is
// its ASCII letter followed by one mark byte: 0xF9 sắc, 0xF8 huyền, 0xFB hỏi, 0xF5 ngã,
// 0xEF nặng; 0xE2 circumflex with 0xE1/0xE0/0xE5/0xE3/0xE4 for it plus a tone; 0xEA breve with
// 0xE9/0xE8/0xFA/0xFC/0xEB. ơ (0xF4) and ư (0xF6) are letters of their own that take the plain
// tone marks; i with a tone, ỵ and đ are single bytes too.
// clang-format off
const vowel_table<std::string_view> vni_lower = {{
    //  none    sắc         huyền       hỏi         ngã         nặng
    {{"a",      "a\xF9",    "a\xF8",    "a\xFB",    "a\xF5",    "a\xEF"}},    // a
    {{"a\xEA",  "a\xE9",    "a\xE8",    "a\xFA",    "a\xFC",    "a\xEB"}},    // ă
    {{"a\xE2",  "a\xE1",    "a\xE0",    "a\xE5",    "a\xE3",    "a\xE4"}},    // â
    {{"e",      "e\xF9",    "e\xF8",    "e\xFB",    "e\xF5",    "e\xEF"}},    // e
    {{"e\xE2",  "e\xE1",    "e\xE0",    "e\xE5",    "e\xE3",    "e\xE4"}},    // ê
    {{"i",      "\xED",     "\xEC",     "\xE6",     "\xF3",     "\xF2"}},     // i
    {{"o",      "o\xF9",    "o\xF8",    "o\xFB",    "o\xF5",    "o\xEF"}},    // o
    {{"o\xE2",  "o\xE1",    "o\xE0",    "o\xE5",    "o\xE3",    "o\xE4"}},    // ô
    {{"\xF4",   "\xF4\xF9", "\xF4\xF8", "\xF4\xFB", "\xF4\xF5", "\xF4\xEF"}}, // ơ
    {{"u",      "u\xF9",    "u\xF8",    "u\xFB",    "u\xF5",    "u\xEF"}},    // u
    {{"\xF6",   "\xF6\xF9", "\xF6\xF8", "\xF6\xFB", "\xF6\xF5", "\xF6\xEF"}}, // ư
    {{"y",      "y\xF9",    "y\xF8",    "y\xFB",    "y\xF5",    "\xEE"}},     // y
}};
// clang-format on

std::uint8_t vni_upper_byte(std::uint8_t lower) {
    const bool ascii_small = lower >= 'a' && lower <= 'z';
    return (ascii_small || lower >= 0xE0) ? static_cast<std::uint8_t>(lower - 0x20) : lower;
}

// Windows-1252 (Microsoft's bestfit1252 / the Unicode mapping file CP1252.TXT).
const std::array<char32_t, 32> cp1252_high_controls = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, // 0x80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      // 0x88
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, // 0x90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, // 0x98
};

} // namespace allseason::importers::detail
