#include "geo/vn2000.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <vector>

namespace allseason::geo {

namespace {

// Central meridians of Circular 973/2001/TT-TCĐC; every one has an EPSG TM-3 CRS (k=0.9999,
// x_0=500000): 5896 102°, 5897 105°, 5898 108°, 5899 107°45′, 9205–9218 for the others.
constexpr std::array<vn2000_province, 63> provinces{{
    {"an-giang", "An Giang", 104.75, 9208},
    {"ba-ria-vung-tau", "Bà Rịa – Vũng Tàu", 107.75, 5899},
    {"bac-giang", "Bắc Giang", 107.0, 9214},
    {"bac-kan", "Bắc Kạn", 106.5, 9213},
    {"bac-lieu", "Bạc Liêu", 105.0, 5897},
    {"bac-ninh", "Bắc Ninh", 105.5, 9209},
    {"ben-tre", "Bến Tre", 105.75, 9210},
    {"binh-dinh", "Bình Định", 108.25, 9217},
    {"binh-duong", "Bình Dương", 105.75, 9210},
    {"binh-phuoc", "Bình Phước", 106.25, 9212},
    {"binh-thuan", "Bình Thuận", 108.5, 9218},
    {"ca-mau", "Cà Mau", 104.5, 9207},
    {"can-tho", "Cần Thơ", 105.0, 5897},
    {"cao-bang", "Cao Bằng", 105.75, 9210},
    {"da-nang", "Đà Nẵng", 107.75, 5899},
    {"dak-lak", "Đắk Lắk", 108.5, 9218},
    {"dak-nong", "Đắk Nông", 108.5, 9218},
    {"dien-bien", "Điện Biên", 103.0, 9205},
    {"dong-nai", "Đồng Nai", 107.75, 5899},
    {"dong-thap", "Đồng Tháp", 105.0, 5897},
    {"gia-lai", "Gia Lai", 108.5, 9218},
    {"ha-giang", "Hà Giang", 105.5, 9209},
    {"ha-nam", "Hà Nam", 105.0, 5897},
    {"ha-noi", "Hà Nội", 105.0, 5897},
    {"ha-tinh", "Hà Tĩnh", 105.5, 9209},
    {"hai-duong", "Hải Dương", 105.5, 9209},
    {"hai-phong", "Hải Phòng", 105.75, 9210},
    {"hau-giang", "Hậu Giang", 105.0, 5897},
    {"ho-chi-minh", "Hồ Chí Minh", 105.75, 9210},
    {"hoa-binh", "Hòa Bình", 106.0, 9211},
    {"hung-yen", "Hưng Yên", 105.5, 9209},
    {"khanh-hoa", "Khánh Hòa", 108.25, 9217},
    {"kien-giang", "Kiên Giang", 104.5, 9207},
    {"kon-tum", "Kon Tum", 107.5, 9216},
    {"lai-chau", "Lai Châu", 103.0, 9205},
    {"lam-dong", "Lâm Đồng", 107.75, 5899},
    {"lang-son", "Lạng Sơn", 107.25, 9215},
    {"lao-cai", "Lào Cai", 104.75, 9208},
    {"long-an", "Long An", 105.75, 9210},
    {"nam-dinh", "Nam Định", 105.5, 9209},
    {"nghe-an", "Nghệ An", 104.75, 9208},
    {"ninh-binh", "Ninh Bình", 105.0, 5897},
    {"ninh-thuan", "Ninh Thuận", 108.25, 9217},
    {"phu-tho", "Phú Thọ", 104.75, 9208},
    {"phu-yen", "Phú Yên", 108.5, 9218},
    {"quang-binh", "Quảng Bình", 106.0, 9211},
    {"quang-nam", "Quảng Nam", 107.75, 5899},
    {"quang-ngai", "Quảng Ngãi", 108.0, 5898},
    {"quang-ninh", "Quảng Ninh", 107.75, 5899},
    {"quang-tri", "Quảng Trị", 106.25, 9212},
    {"soc-trang", "Sóc Trăng", 105.5, 9209},
    {"son-la", "Sơn La", 104.0, 9206},
    {"tay-ninh", "Tây Ninh", 105.5, 9209},
    {"thai-binh", "Thái Bình", 105.5, 9209},
    {"thai-nguyen", "Thái Nguyên", 106.5, 9213},
    {"thanh-hoa", "Thanh Hóa", 105.0, 5897},
    {"thua-thien-hue", "Thừa Thiên Huế", 107.0, 9214},
    {"tien-giang", "Tiền Giang", 105.75, 9210},
    {"tra-vinh", "Trà Vinh", 105.5, 9209},
    {"tuyen-quang", "Tuyên Quang", 106.0, 9211},
    {"vinh-long", "Vĩnh Long", 105.5, 9209},
    {"vinh-phuc", "Vĩnh Phúc", 105.0, 5897},
    {"yen-bai", "Yên Bái", 104.75, 9208},
}};

constexpr std::string_view prefix = "vn2000:";

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Reads the numbers of the first "+towgs84=a,b,..." or "TOWGS84[a,b,...]" in `text`.
std::vector<double> shift_parameters(std::string_view text) {
    const std::string lower = lower_ascii(text);
    size_t start = lower.find("+towgs84=");
    if (start != std::string::npos) {
        start += 9;
    } else if ((start = lower.find("towgs84[")) != std::string::npos) {
        start += 8;
    } else {
        return {};
    }
    std::vector<double> values;
    const char* p = text.data() + start;
    const char* end = text.data() + text.size();
    while (p < end) {
        while (p < end && (*p == ' ' || *p == ',')) {
            ++p;
        }
        double value = 0;
        auto [next, ec] = std::from_chars(p, end, value);
        if (ec != std::errc{}) {
            break;
        }
        values.push_back(value);
        p = next;
    }
    return values;
}

} // namespace

std::span<const vn2000_province> vn2000_provinces() { return provinces; }

std::optional<std::string> resolve_vn2000_name(std::string_view text) {
    const std::string lower = lower_ascii(text);
    if (!lower.starts_with(prefix)) {
        return std::nullopt;
    }
    const std::string slug = lower.substr(prefix.size());
    for (const auto& province : provinces) {
        if (province.slug == slug) {
            return fmt::format("EPSG:{}", province.epsg);
        }
    }
    throw crs_error(fmt::format(
        "unknown VN-2000 province \"{}\": use the ASCII name of a pre-2025 province, e.g. "
        "VN2000:bac-giang, VN2000:bac-ninh, VN2000:ha-noi (63 names, lower case, hyphens)",
        std::string(text.substr(prefix.size()))));
}

vn2000_shift_check check_vn2000_shift(std::string_view definition) {
    const std::vector<double> params = shift_parameters(definition);
    const std::vector<double> reference = shift_parameters(
        std::string("+towgs84=") + std::string(vn2000_towgs84));
    if (params.size() < 7) {
        return vn2000_shift_check::not_vn2000;
    }
    auto near = [](double a, double b, double tolerance) { return std::abs(a - b) <= tolerance; };
    for (int i = 0; i < 3; ++i) {
        if (!near(params[i], reference[i], 0.01)) {
            return vn2000_shift_check::not_vn2000;
        }
    }
    bool same = true;
    bool flipped = true;
    for (int i = 3; i < 6; ++i) {
        same = same && near(params[i], reference[i], 1e-6);
        flipped = flipped && near(params[i], -reference[i], 1e-6);
    }
    if (flipped) {
        return vn2000_shift_check::flipped_rotations;
    }
    return same ? vn2000_shift_check::correct : vn2000_shift_check::not_vn2000;
}

} // namespace allseason::geo
