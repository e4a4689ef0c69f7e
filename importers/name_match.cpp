#include "importers/name_match.hpp"

#include "geo/text.hpp"

#include <algorithm>

namespace allseason::importers {

namespace {

// Words that come before a village's own name and are often left out or added (thôn Nà Ó,
// bản Khe Đin, plei Ơ Rõ, sóc Bưng...), in the lower-case NFC form of step 2.
constexpr std::array<std::string_view, 10> leading_words = {"thôn", "bản", "xóm",  "làng", "tổ",
                                                            "khu",  "ấp",  "buôn", "plei", "sóc"};
// The same words without accents, for step 3.
constexpr std::array<std::string_view, 10> leading_words_unaccented = {
    "thon", "ban", "xom", "lang", "to", "khu", "ap", "buon", "plei", "soc"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Trimmed, with every run of spaces as one space.
std::string squeeze_spaces(std::string_view text) {
    std::string out;
    bool pending = false;
    for (char c : text) {
        if (is_space(c)) {
            pending = !out.empty();
            continue;
        }
        if (pending) {
            out += ' ';
            pending = false;
        }
        out += c;
    }
    return out;
}

// "thôn nà ó" → "nà ó"; a name that is only the word ("Khu") keeps it.
template <size_t N>
std::string without_leading_word(std::string text, const std::array<std::string_view, N>& words) {
    for (const auto word : words) {
        if (text.size() > word.size() + 1 && text.starts_with(word) && text[word.size()] == ' ') {
            return text.substr(word.size() + 1);
        }
    }
    return text;
}

} // namespace

std::string name_key_ignoring_case(std::string_view name) {
    return without_leading_word(squeeze_spaces(geo::lower_nfc(name)), leading_words);
}

std::string name_key_ignoring_accents(std::string_view name) {
    // fold_for_match lowers, drops the marks, đ → d, and squeezes spaces, '-' and '_'.
    return without_leading_word(geo::fold_for_match(name), leading_words_unaccented);
}

std::string_view describe(match_step step) {
    switch (step) {
    case match_step::exact:
        return "exact name";
    case match_step::ignoring_case:
        return "ignoring case, spaces and thôn/bản…";
    case match_step::ignoring_accents:
        return "ignoring accents";
    }
    return "";
}

name_index::name_index(const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
        const auto& name = names[i];
        const std::array<std::string, 3> keys = {name, name_key_ignoring_case(name),
                                                 name_key_ignoring_accents(name)};
        for (size_t step = 0; step < keys.size(); ++step) {
            if (!keys[step].empty()) { // a blank name matches nothing
                m_by_step[step].emplace(keys[step], i);
            }
        }
    }
}

name_match name_index::find(std::string_view name) const {
    const std::array<std::string, 3> keys = {std::string(name), name_key_ignoring_case(name),
                                             name_key_ignoring_accents(name)};
    name_match match;
    for (size_t step = 0; step < keys.size(); ++step) {
        match.step = static_cast<match_step>(step + 1);
        if (keys[step].empty()) {
            continue;
        }
        const auto [first, last] = m_by_step[step].equal_range(keys[step]);
        for (auto it = first; it != last; ++it) {
            match.candidates.push_back(it->second);
        }
        if (!match.candidates.empty()) {
            std::sort(match.candidates.begin(), match.candidates.end());
            return match; // one: found; two or more: every later step finds them too
        }
    }
    return match;
}

} // namespace allseason::importers
