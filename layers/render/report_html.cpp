#include "layers/render/detail/html.hpp"

namespace allseason::render::detail {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

cell text_cell(std::string_view text) { return {escape_html(text), false}; }
cell num_cell(std::string_view text) { return {escape_html(text), true}; }

std::string html_table(const std::vector<cell>& header, const std::vector<std::vector<cell>>& rows,
                       std::string_view css_class) {
    std::string out = css_class.empty() ? "<table>" : fmt::format(R"(<table class="{}">)", css_class);
    out += "<thead><tr>";
    for (const auto& h : header) {
        out += fmt::format("<th{}>{}</th>", h.numeric ? R"( class="num")" : "", h.html);
    }
    out += "</tr></thead><tbody>";
    for (const auto& row : rows) {
        out += "<tr>";
        for (const auto& c : row) {
            out += fmt::format("<td{}>{}</td>", c.numeric ? R"( class="num")" : "", c.html);
        }
        out += "</tr>";
    }
    return out + "</tbody></table>";
}

std::string absent(std::string_view text) {
    return fmt::format(R"(<p class="absent">{}</p>)", escape_html(text));
}

} // namespace allseason::render::detail
