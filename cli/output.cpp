#include "cli/output.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <unistd.h>

namespace allseason::cli {

std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        unsigned code = c;
        if (length > 1 && i + length <= text.size()) {
            code = c & (0xFF >> (length + 1));
            for (std::size_t k = 1; k < length; ++k) {
                code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            }
        }
        // Combining diacritical marks (U+0300–U+036F) sit on the previous letter.
        if (!(code >= 0x300 && code <= 0x36F)) {
            ++width;
        }
        i += length;
    }
    return width;
}

std::string csv_escape(const std::string& field) {
    if (field.find_first_of(",\"\n\r") == std::string::npos) {
        return field;
    }
    std::string out = "\"";
    for (char c : field) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

void text_table::print(std::ostream& out) const {
    std::vector<std::size_t> widths(m_header.size(), 0);
    auto measure = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            widths[i] = std::max(widths[i], display_width(row[i]));
        }
    };
    measure(m_header);
    for (const auto& row : m_rows) {
        measure(row);
    }
    auto print_row = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
            out << row[i];
            if (i + 1 < row.size()) {
                out << std::string(widths[i] - display_width(row[i]) + 2, ' ');
            }
        }
        out << '\n';
    };
    print_row(m_header);
    std::vector<std::string> rule;
    for (auto w : widths) {
        rule.emplace_back(w, '-');
    }
    print_row(rule);
    for (const auto& row : m_rows) {
        print_row(row);
    }
}

void text_table::print_csv(std::ostream& out) const {
    auto print_row = [&](const std::vector<std::string>& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            out << (i ? "," : "") << csv_escape(row[i]);
        }
        out << '\n';
    };
    print_row(m_header);
    for (const auto& row : m_rows) {
        print_row(row);
    }
}

bool stderr_is_terminal() {
    return isatty(STDERR_FILENO) == 1;
}

std::string amount_text(double value) {
    return value == std::floor(value) ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value);
}

} // namespace allseason::cli
