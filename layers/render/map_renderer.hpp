#pragma once
// The priority map: one landscape page (A4 or A3) with the map frame on the left and the
// legend, the summary and the priority projects on the right; title on top, data sources,
// CRS and date below. Drawn with Cairo and Pango (text shaped by Pango so that stacked
// Vietnamese diacritics come out right), as PDF (vector, fonts embedded), PNG or SVG.
#include "layers/render/label_placer.hpp"
#include "layers/render/map_data.hpp"
#include "layers/render/strings.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace allseason::render {

enum class map_format { png, pdf, svg };
enum class paper_size { a4, a3 };

// From the output file's extension (.png, .pdf, .svg); usage_error otherwise.
map_format format_from_path(const std::filesystem::path& path);
// "A4" or "A3" (case-insensitive); usage_error otherwise.
paper_size parse_paper_size(std::string_view word);

struct map_options {
    std::string title; // empty: "All-season road access — <project name>"
    paper_size size = paper_size::a4;
    double dpi = 150;  // PNG only; 72–600
    language lang = language::vi;
    std::string date;  // shown as given; empty: today's date
    std::string tool_version;
};

// Where things went on the page, in points (1/72 inch) from the top-left corner, y down. Tests
// use it to find the villages and the legend in the PNG.
struct map_layout {
    double page_width = 0;
    double page_height = 0;
    rect map_frame;
    rect legend;
    rect title;
    double points_per_metre = 0; // map scale on paper
    double scale_denominator = 0;
    double world_min_x = 0;      // the project coordinate at map_frame's left edge
    double world_max_y = 0;      // ... and at its top edge
    std::vector<std::string> dropped_labels; // labels that found no free place
    std::vector<rect> labels;                // the boxes of every label and project callout

    geo::xy to_page(geo::xy world) const {
        return {map_frame.x0 + (world.x - world_min_x) * points_per_metre,
                map_frame.y0 + (world_max_y - world.y) * points_per_metre};
    }
};

// Renders the map to `out` in `format`. Throws io_error when the file cannot be written and
// data_error when there is nothing to draw (no villages and no roads).
map_layout render_map(const map_data& data, const map_options& options, map_format format,
                      const std::filesystem::path& out);

// Renders the map as an SVG document in memory (for the report).
std::string render_map_svg(const map_data& data, const map_options& options,
                           map_layout* layout = nullptr);

} // namespace allseason::render
