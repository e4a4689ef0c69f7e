#include "geo/text.hpp"

#include "geo/errors.hpp"

#include <glib.h>
#include <memory>

namespace allseason::geo {

namespace {

struct g_free_deleter {
    void operator()(gchar* p) const noexcept { g_free(p); }
};
using g_string = std::unique_ptr<gchar, g_free_deleter>;

// Decomposes, lower-cases and drops combining marks: the base letters only.
std::string strip_marks_lower(std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw data_error("text is not valid UTF-8");
    }
    g_string lowered(g_utf8_strdown(text.data(), static_cast<gssize>(text.size())));
    g_string decomposed(g_utf8_normalize(lowered.get(), -1, G_NORMALIZE_NFD));
    std::string out;
    for (const gchar* p = decomposed.get(); *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_utf8_get_char(p);
        if (g_unichar_ismark(c)) {
            continue;
        }
        if (c == 0x0111) { // đ has no decomposition
            out += 'd';
            continue;
        }
        char buffer[6];
        out.append(buffer, static_cast<size_t>(g_unichar_to_utf8(c, buffer)));
    }
    return out;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
    return g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) != 0;
}

std::string to_nfc(std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw data_error("text is not valid UTF-8");
    }
    g_string composed(
        g_utf8_normalize(text.data(), static_cast<gssize>(text.size()), G_NORMALIZE_NFC));
    return composed ? std::string(composed.get()) : std::string();
}

std::string lower_nfc(std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw data_error("text is not valid UTF-8");
    }
    g_string lowered(g_utf8_strdown(text.data(), static_cast<gssize>(text.size())));
    g_string composed(g_utf8_normalize(lowered.get(), -1, G_NORMALIZE_NFC));
    return composed ? std::string(composed.get()) : std::string();
}

std::string fold_for_match(std::string_view text) {
    const std::string base = strip_marks_lower(text);
    std::string out;
    bool pending_space = false;
    for (char c : base) {
        if (c == ' ' || c == '_' || c == '-' || c == '\t') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

std::string group_thousands(long long value, char separator) {
    const std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out = value < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += separator;
        }
        out += digits[i];
    }
    return out;
}

std::string ascii_slug(std::string_view text) {
    std::string folded = fold_for_match(text);
    std::string out;
    for (char c : folded) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (keep) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

std::string hex_encode(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 0xF];
    }
    return out;
}

std::vector<unsigned char> hex_decode(std::string_view digits) {
    auto value = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    std::vector<unsigned char> out(digits.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<unsigned char>(value(digits[2 * i]) * 16 + value(digits[2 * i + 1]));
    }
    return out;
}

} // namespace allseason::geo
