#pragma once
// Private to the render library: a few helpers to write HTML by hand (escaping, tables) and
// the report's sections. No template engine: the report is small and must stay dependency-free.
#include "layers/render/detail/report_data.hpp"
#include "layers/render/report.hpp"

#include <fmt/format.h>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::render::detail {

// Text for HTML content and attribute values.
std::string escape_html(std::string_view text);

struct cell {
    std::string html;      // already escaped / built
    bool numeric = false;  // right-aligned, tabular figures
};
cell text_cell(std::string_view text);
cell num_cell(std::string_view text);

// A table with a header; `caption` may be empty.
std::string html_table(const std::vector<cell>& header, const std::vector<std::vector<cell>>& rows,
                       std::string_view css_class = {});
// A paragraph saying the data is absent and what fills it.
std::string absent(std::string_view text);

struct report_context {
    layers::project& p;
    const report_options& o;
    language lang;
    const map_data& map;
    const report_tables& tables;
};

// A text of the table with its placeholders filled.
template <class... Args>
std::string trf(language lang, std::string_view key, Args&&... args) {
    return fmt::format(fmt::runtime(tr(lang, key)), std::forward<Args>(args)...);
}

// report_sections.cpp
std::string section_summary(const report_context& c);
std::string section_cutoff(const report_context& c);
std::string section_ranking(const report_context& c);
std::string section_critical(const report_context& c);
std::string section_indicators(const report_context& c);
std::string section_problems(const report_context& c);
std::string section_method(const report_context& c);
// report_risk.cpp: isolation days, the ranking by household-days, depth sensitivity.
std::string section_risk(const report_context& c);
// report_chart.cpp: the cumulative cost–households curve as inline SVG.
std::string cumulative_chart(const report_context& c);
// report_style.cpp
std::string_view report_css();

} // namespace allseason::render::detail
