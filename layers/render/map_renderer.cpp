// The page: paper size, the map scale (rounded to a number a council can say aloud), the
// Cairo surface for each format, and the order in which the pieces are drawn.
#include "layers/render/map_renderer.hpp"

#include "geo/errors.hpp"
#include "layers/project.hpp"
#include "layers/render/detail/map_page.hpp"

#include <algorithm>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <chrono>
#include <cmath>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace allseason::render {

namespace {

constexpr double points_per_mm = 72.0 / 25.4;
constexpr double margin = 10 * points_per_mm;
// Text and the side panel grow on A3: the larger sheet goes on a notice board and is read
// from further away.
double text_scale(paper_size size) { return size == paper_size::a3 ? 1.25 : 1.0; }
constexpr double panel_width = 200;
constexpr double gap = 8;
constexpr double title_height = 48;
constexpr double footer_height = 20;

struct surface_deleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct context_deleter {
    void operator()(cairo_t* cr) const noexcept { cairo_destroy(cr); }
};
using surface_ptr = std::unique_ptr<cairo_surface_t, surface_deleter>;
using context_ptr = std::unique_ptr<cairo_t, context_deleter>;

// Landscape: the commune sits beside its legend.
std::pair<double, double> page_size(paper_size size) {
    return size == paper_size::a3 ? std::pair{420 * points_per_mm, 297 * points_per_mm}
                                  : std::pair{297 * points_per_mm, 210 * points_per_mm};
}

// `value` rounded up to two significant digits (1:33.400 → 1:34.000): a scale a council can
// say aloud that still lets the commune fill the frame.
double nice_scale(double value) {
    const double base = std::pow(10.0, std::floor(std::log10(value)) - 1);
    return std::ceil(value / base * (1 - 1e-9)) * base;
}

std::string today() {
    const auto now = std::chrono::system_clock::now();
    return fmt::format("{:%Y-%m-%d}", fmt::localtime(std::chrono::system_clock::to_time_t(now)));
}

map_layout plan_page(const map_data& data, const map_options& options, detail::page_transform& t) {
    if (!data.extent) {
        throw data_error(fmt::format("{}: nothing to map: the project has no villages and no "
                                     "roads; import them first",
                                     data.project_file));
    }
    map_layout layout;
    std::tie(layout.page_width, layout.page_height) = page_size(options.size);
    const double k = text_scale(options.size);
    layout.title = {margin, margin, layout.page_width - margin, margin + title_height * k};
    layout.map_frame = {margin, margin + title_height * k,
                        layout.page_width - margin - panel_width * k - gap,
                        layout.page_height - margin - footer_height * k};
    layout.legend = {layout.map_frame.x1 + gap, layout.map_frame.y0,
                     layout.page_width - margin, layout.map_frame.y1};

    // Fit the extent with a 6 % margin, then round the scale up to a nice number.
    const auto& e = *data.extent;
    const double min_span = 500; // a single point still gets a readable neighbourhood
    const double ew = std::max(e.max_x - e.min_x, min_span) * 1.12;
    const double eh = std::max(e.max_y - e.min_y, min_span) * 1.12;
    const double fit = std::min(layout.map_frame.width() / ew, layout.map_frame.height() / eh);
    const double metres_per_point = 0.0254 / 72;
    layout.scale_denominator = nice_scale(1 / (fit * metres_per_point));
    layout.points_per_metre = 1 / (layout.scale_denominator * metres_per_point);
    const double cx = (e.min_x + e.max_x) / 2;
    const double cy = (e.min_y + e.max_y) / 2;
    layout.world_min_x = cx - layout.map_frame.width() / 2 / layout.points_per_metre;
    layout.world_max_y = cy + layout.map_frame.height() / 2 / layout.points_per_metre;
    t = {layout.points_per_metre, layout.world_min_x, layout.world_max_y, layout.map_frame.x0,
         layout.map_frame.y0};
    return layout;
}

void draw_page(cairo_t* cr, const map_data& data, const map_options& given, map_layout& layout,
               const detail::page_transform& t) {
    map_options options = given;
    if (options.date.empty()) options.date = today();
    if (options.tool_version.empty()) options.tool_version = layers::tool_version();
    detail::canvas c(cr, text_scale(options.size));
    const detail::page p{data, options, c, t, layout, layout.legend,
                         rect{margin, layout.page_height - margin - footer_height * text_scale(options.size) + 4,
                              layout.page_width - margin, layout.page_height - margin}};
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    const auto symbols = detail::draw_features(p);
    cairo_save(cr);
    c.rect_path(layout.map_frame);
    cairo_clip(cr);
    label_placer placer(layout.map_frame.inflated(-3));
    placer.add_obstacle(detail::draw_scale_bar(p));
    placer.add_obstacle(detail::draw_north_arrow(p));
    for (const auto& box : symbols) placer.add_obstacle(box);
    detail::draw_labels(p, placer);
    layout.labels = placer.placed();
    cairo_restore(cr);
    detail::draw_frame(p);
    detail::draw_panel(p);
    detail::draw_title(p);
    detail::draw_footer(p);
}

void check(cairo_status_t status, const std::string& what) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw io_error(fmt::format("{}: {}", what, cairo_status_to_string(status)));
    }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Draws onto a vector surface (PDF or SVG) in points and finishes it.
void draw_vector(surface_ptr surface, const map_data& data, const map_options& options,
                 map_layout& layout, const detail::page_transform& t, const std::string& what) {
    check(cairo_surface_status(surface.get()), what);
    context_ptr cr(cairo_create(surface.get()));
    draw_page(cr.get(), data, options, layout, t);
    cairo_show_page(cr.get());
    check(cairo_status(cr.get()), what);
    cr.reset();
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), what);
}

} // namespace

map_format format_from_path(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (ext == ".png") return map_format::png;
    if (ext == ".pdf") return map_format::pdf;
    if (ext == ".svg") return map_format::svg;
    throw usage_error(fmt::format("{}: the map's file name must end in .png, .pdf or .svg",
                                  path.string()));
}

paper_size parse_paper_size(std::string_view word) {
    if (word == "A4" || word == "a4") return paper_size::a4;
    if (word == "A3" || word == "a3") return paper_size::a3;
    throw usage_error(fmt::format("unknown paper size \"{}\": use A4 or A3", word));
}

map_layout render_map(const map_data& data, const map_options& options, map_format format,
                      const std::filesystem::path& out) {
    detail::page_transform t;
    map_layout layout = plan_page(data, options, t);
    const std::string what = fmt::format("cannot write the map {}", out.string());
    const std::string file = out.string();
    switch (format) {
    case map_format::pdf: {
        surface_ptr s(cairo_pdf_surface_create(file.c_str(), layout.page_width,
                                               layout.page_height));
        const std::string title = options.title.empty() ? data.project_name : options.title;
        cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(s.get(), CAIRO_PDF_METADATA_CREATOR, "allseason");
        draw_vector(std::move(s), data, options, layout, t, what);
        break;
    }
    case map_format::svg:
        draw_vector(surface_ptr(cairo_svg_surface_create(file.c_str(), layout.page_width,
                                                         layout.page_height)),
                    data, options, layout, t, what);
        break;
    case map_format::png: {
        if (options.dpi < 72 || options.dpi > 600) {
            throw usage_error(fmt::format("--dpi {}: use a resolution from 72 to 600",
                                          options.dpi));
        }
        const double k = options.dpi / 72;
        surface_ptr s(cairo_image_surface_create(
            CAIRO_FORMAT_RGB24, static_cast<int>(std::ceil(layout.page_width * k)),
            static_cast<int>(std::ceil(layout.page_height * k))));
        check(cairo_surface_status(s.get()), what);
        context_ptr cr(cairo_create(s.get()));
        cairo_scale(cr.get(), k, k);
        draw_page(cr.get(), data, options, layout, t);
        check(cairo_status(cr.get()), what);
        cr.reset();
        check(cairo_surface_write_to_png(s.get(), file.c_str()), what);
        break;
    }
    }
    return layout;
}

std::string render_map_svg(const map_data& data, const map_options& options, map_layout* layout) {
    detail::page_transform t;
    map_layout planned = plan_page(data, options, t);
    std::string svg;
    draw_vector(surface_ptr(cairo_svg_surface_create_for_stream(
                    append_to_string, &svg, planned.page_width, planned.page_height)),
                data, options, planned, t, "cannot render the map as SVG");
    if (layout) *layout = std::move(planned);
    return svg;
}

} // namespace allseason::render
