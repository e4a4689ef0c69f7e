// Site signs: Cairo + Pango for the text (as the map), libqrencode for the QR code.
#include "layers/render/signs.hpp"

#include "geo/errors.hpp"
#include "layers/render/detail/canvas.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <qrencode.h>

namespace allseason::render {

namespace {

constexpr double a4_width = 595.28; // points
constexpr double a4_height = 841.89;
constexpr double margin = 50;

struct qr_deleter {
    void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

// The QR code as black squares, `size` points wide with a quiet zone of four modules.
void draw_qr(cairo_t* cr, const std::string& text, double x, double y, double size) {
    std::unique_ptr<QRcode, qr_deleter> code(
        QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M));
    if (!code) {
        throw data_error(fmt::format("{}: too long for a QR code", text));
    }
    const int modules = code->width;
    const double module = size / (modules + 8);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < modules; ++row) {
        for (int column = 0; column < modules; ++column) {
            if (code->data[row * modules + column] & 1) {
                cairo_rectangle(cr, x + (column + 4) * module, y + (row + 4) * module, module,
                                module);
            }
        }
    }
    cairo_fill(cr);
}

std::string kind_text(const std::string& kind, bool vi) {
    if (kind == "bridge")
        return vi ? "Cầu" : "Bridge";
    if (kind == "road_new")
        return vi ? "Đường mới" : "New road";
    if (kind == "road_upgrade")
        return vi ? "Nâng cấp đường" : "Road upgrade";
    return kind;
}

std::string status_text(const std::string& status, bool vi) {
    if (status == "proposed")
        return vi ? "Đề xuất" : "Proposed";
    if (status == "approved")
        return vi ? "Đã phê duyệt" : "Approved";
    if (status == "building")
        return vi ? "Đang thi công" : "Under construction";
    return status;
}

std::string amount_text(double million_vnd) {
    return million_vnd == static_cast<double>(static_cast<std::int64_t>(million_vnd))
               ? fmt::format("{}", static_cast<std::int64_t>(million_vnd))
               : fmt::format("{:.1f}", million_vnd);
}

void draw_page(cairo_t* cr, const sign& s, const std::string& commune, bool vi) {
    const detail::canvas canvas(cr);
    const double width = a4_width - 2 * margin;
    double y = margin;
    y += canvas.text(commune, margin, y, {14, false, false, style::muted_ink}, width) + 6;
    y += canvas.text(vi ? "CÔNG KHAI CÔNG TRÌNH GIAO THÔNG" : "PUBLIC WORKS NOTICE", margin, y,
                     {16, true, false, style::ink}, width) +
         14;
    y += canvas.text(s.name, margin, y, {28, true, false, style::ink}, width) + 8;
    y += canvas.text(s.code, margin, y, {14, false, false, style::muted_ink}, width) + 18;
    const std::vector<std::pair<std::string, std::string>> facts = {
        {vi ? "Loại công trình" : "Kind", kind_text(s.kind, vi)},
        {vi ? "Kinh phí" : "Cost",
         amount_text(s.cost_million_vnd) + (vi ? " triệu đồng" : " million VND")},
        {vi ? "Nguồn vốn" : "Funding", s.funding.value_or(vi ? "chưa rõ" : "unknown")},
        {vi ? "Trạng thái" : "Status", status_text(s.status, vi)},
    };
    for (const auto& [label, value] : facts) {
        canvas.text(label, margin, y, {15, false, false, style::muted_ink}, 160);
        y += std::max(18.0, canvas.text(value, margin + 170, y, {15, true, false, style::ink},
                                        width - 170)) +
             8;
    }
    const double qr_size = 260;
    const double qr_y = std::max(y + 20, a4_height - margin - qr_size - 70);
    draw_qr(cr, s.url, (a4_width - qr_size) / 2, qr_y, qr_size);
    const double caption_y = qr_y + qr_size + 8;
    canvas.text(vi ? "Quét mã để xem tiến độ và gửi góp ý"
                   : "Scan to follow progress and give "
                     "feedback",
                margin, caption_y, {14, true, false, style::ink}, width);
    canvas.text(s.url, margin, caption_y + 22, {11, false, false, style::muted_ink}, width);
}

} // namespace

void write_signs(const std::filesystem::path& out, const std::vector<sign>& signs,
                 const std::string& commune, bool vietnamese) {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
        cairo_pdf_surface_create(out.c_str(), a4_width, a4_height), &cairo_surface_destroy);
    std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                          &cairo_destroy);
    for (const auto& s : signs) {
        draw_page(cr.get(), s, commune, vietnamese);
        cairo_show_page(cr.get());
    }
    cr.reset();
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw io_error(fmt::format("{}: cannot write the PDF ({})", out.string(),
                                   cairo_status_to_string(cairo_surface_status(surface.get()))));
    }
}

} // namespace allseason::render
