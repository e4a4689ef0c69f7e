#pragma once
// Every word the map and the report show, in Vietnamese and English, in ONE table
// (strings.cpp), so a translator reviews one file and no string hides in the drawing code.
// Texts with placeholders use fmt's "{}" syntax.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace allseason::render {

enum class language { vi, en };

// "vi" or "en" (case-insensitive); throws usage_error naming the accepted values otherwise.
language parse_language(std::string_view word);
std::string_view to_string(language lang);

struct text_entry {
    std::string_view key;
    std::string_view vi;
    std::string_view en;
};

// The whole table, for tests and translators.
std::span<const text_entry> all_texts();

// The text for `key`; throws std::logic_error for a key not in the table (a programming error,
// caught by the tests that render every section).
std::string_view tr(language lang, std::string_view key);

// The name of a stored enumeration word in the UI language, e.g. ("surface", "earth") →
// "đất" / "earth"; the word itself when the table has no entry.
std::string_view tr_word(language lang, std::string_view enumeration, std::string_view word);

// Numbers as each language writes them: 1.850 and 4,5 in Vietnamese, 1,850 and 4.5 in English.
std::string format_int(language lang, std::int64_t value);
std::string format_decimal(language lang, double value, int decimals);
// Money given in million VND, shown in billion VND (tỷ đồng), the unit councils budget in.
std::string format_billion_vnd(language lang, double million_vnd);

} // namespace allseason::render
