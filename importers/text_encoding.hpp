#pragma once
// Legacy Vietnamese text encodings found in planners' files, decoded to UTF-8 NFC.
//
// - utf8:   UTF-8, validated and normalised to NFC.
// - cp1258: Windows-1258 (base letters plus combining tone marks), decoded with iconv and
//           composed to NFC.
// - tcvn3:  TCVN 5712:1993 VN3, the "ABC" encoding of the .Vn* fonts (one byte per letter).
//           VN3 has every lowercase letter but, of the capitals, only Ă Â Ê Ô Ơ Ư Đ: ABC users
//           typed toned capitals with the lowercase codes in an all-capital font (.VnTimeH), so
//           those capitals decode to lowercase and cannot be encoded (encode_text throws).
// - vni:    VNI-Windows (the VNI-Times fonts): a base letter followed by a mark byte.
//
// GDAL often hands legacy bytes over already mis-decoded as CP1252/Latin-1 into UTF-8 (a DBF
// whose code page says 1252, a CSV re-saved as UTF-8). decode_text and guess_legacy_encoding
// accept both forms: valid UTF-8 whose characters all map back to single CP1252/Latin-1 bytes
// is mapped back to those bytes first.
#include <optional>
#include <string>
#include <string_view>

namespace allseason::importers {

enum class text_encoding { utf8, cp1258, tcvn3, vni };

// "utf-8"/"utf8", "cp1258"/"windows-1258", "tcvn3"/"tcvn", "vni"/"vni-windows", any case.
// Throws usage_error naming the accepted names otherwise.
text_encoding parse_text_encoding(std::string_view name);
// The canonical name: "utf-8", "cp1258", "tcvn3" or "vni".
std::string_view to_string(text_encoding encoding);

// Text as the source gave it → UTF-8 NFC. Throws data_error for invalid UTF-8 (utf8) or for a
// byte the legacy encoding does not assign. For cp1258/tcvn3/vni, text that is valid UTF-8 with
// a character outside CP1252/Latin-1 is already Unicode and is only normalised; text that maps
// back to CP1252/Latin-1 bytes is decoded from those bytes (so a genuine Unicode "Thác" given
// with --encoding tcvn3 is read as TCVN3: the user's word wins).
std::string decode_text(std::string_view bytes, text_encoding encoding);

// UTF-8 → the encoding's bytes (tests, and the example's legacy files). Throws data_error for
// invalid UTF-8 or a character the encoding cannot represent (in tcvn3: the 60 capitals with a
// tone mark, e.g. "Ấ"; anything outside Vietnamese, ASCII and CP1252 punctuation).
std::string encode_text(std::string_view utf8, text_encoding encoding);

// Used when the user gave no --encoding: tcvn3 or vni when the text (raw or mis-decoded as
// Latin-1/CP1252) reads as Vietnamese only after decoding it so, nullopt otherwise. Never fires
// on ASCII, on Unicode Vietnamese, or on ordinary French/English/German Latin-1 text. Evidence
// adds up over words, so give it a sample of many values (e.g. joined with newlines): a single
// short word whose decoding stays within Latin-1 ("Thác" in VNI) is not enough.
std::optional<text_encoding> guess_legacy_encoding(std::string_view bytes);

} // namespace allseason::importers
