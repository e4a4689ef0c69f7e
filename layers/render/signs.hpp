#pragma once
// `signs` (contract §6): one A4 PDF page per candidate project for the site sign the plan's
// "dân biết, dân kiểm tra" asks for — the project's facts and a QR code of its public page.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace allseason::render {

struct sign {
    std::string code;
    std::string name;
    std::string kind;   // the stored word: bridge, road_new, road_upgrade
    std::string status; // proposed, approved, building
    double cost_million_vnd = 0;
    std::optional<std::string> funding;
    std::string url; // what the QR code holds: BASE_URL/projects/CODE
};

// Writes the PDF (one page per sign, in the order given); io_error when the file cannot be
// written, data_error when a URL is too long for a QR code.
void write_signs(const std::filesystem::path& out, const std::vector<sign>& signs,
                 const std::string& commune, bool vietnamese);

} // namespace allseason::render
