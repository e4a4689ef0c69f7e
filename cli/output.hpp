#pragma once
// Plain-text tables and CSV for the commands' answers; JSON goes through nlohmann::json.
#include <ostream>
#include <string>
#include <vector>

namespace allseason::cli {

// A table with a header row; columns are padded by display width (UTF-8 aware).
class text_table {
public:
    explicit text_table(std::vector<std::string> header) : m_header(std::move(header)) {}
    void add_row(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
    void print(std::ostream& out) const;
    void print_csv(std::ostream& out) const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
};

// Number of terminal columns a UTF-8 string takes (combining marks take none).
std::size_t display_width(const std::string& text);
std::string csv_escape(const std::string& field);
// An amount of money as planners write it: 4500, 4500.5.
std::string amount_text(double value);
// Whether stderr is a terminal (progress is shown only then).
bool stderr_is_terminal();

} // namespace allseason::cli
