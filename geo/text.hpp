#pragma once
// Unicode text helpers: every string the tool stores is UTF-8 in NFC.
#include <string>
#include <string_view>
#include <vector>

namespace allseason::geo {

bool is_valid_utf8(std::string_view text);
// Canonical composition (NFC). Throws data_error when `text` is not valid UTF-8.
std::string to_nfc(std::string_view text);
// Lower case (Unicode: "NÀ Ó" → "nà ó"), accents kept, in NFC. Throws data_error when `text` is
// not valid UTF-8.
std::string lower_nfc(std::string_view text);
// Lower case, accents and tone marks removed, đ → d, runs of space/_/- folded to one space,
// trimmed: the key under which vocabulary words match ("Bê tông" → "be tong").
std::string fold_for_match(std::string_view text);
// A whole number with its digits grouped by thousands: 1850000 → "1,850,000".
std::string group_thousands(long long value, char separator = ',');
// ASCII slug for file and CRS names ("Bắc Giang" → "bac-giang").
std::string ascii_slug(std::string_view text);
// Bytes as lower-case hexadecimal digits (SQL's X'…', PostgreSQL's decode(…, 'hex')).
std::string hex_encode(std::string_view bytes);
// hex_encode's digits (either case) back to bytes; an odd last digit is ignored.
std::vector<unsigned char> hex_decode(std::string_view digits);

} // namespace allseason::geo
