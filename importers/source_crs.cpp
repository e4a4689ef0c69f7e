#include "importers/source_crs.hpp"

#include "geo/errors.hpp"
#include "geo/vn2000.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

namespace allseason::importers {

namespace {

// How far beyond a CRS's area of use data may lie before it is "far outside": about 100 km,
// more than any commune straddling a zone edge needs.
constexpr double area_margin_deg = 1.0;

std::optional<std::string> flipped_warning(const geo::crs& crs, const std::string& text,
                                           const std::string& label) {
    for (const std::string& definition : {text, crs.to_wkt(), crs.to_proj_string()}) {
        if (geo::check_vn2000_shift(definition) == geo::vn2000_shift_check::flipped_rotations) {
            return fmt::format(
                "{}: the CRS carries the VN-2000 datum shift with the rotation signs flipped "
                "(Coordinate Frame values in a Position Vector +towgs84), which puts points "
                "about 0.75 m off; the data was imported with it as written — if the file was "
                "made with the correct EPSG:6960 shift, import again with --source-crs naming "
                "the EPSG CRS (e.g. EPSG:3405 or VN2000:<province>)",
                label);
        }
    }
    return std::nullopt;
}

std::string area_text(const geo::envelope& a) {
    return fmt::format("lon {:.1f}…{:.1f}°, lat {:.1f}…{:.1f}°", a.min_x, a.max_x, a.min_y,
                       a.max_y);
}

bool far_outside(const geo::envelope& data, const geo::envelope& area) {
    return data.max_x < area.min_x - area_margin_deg || data.min_x > area.max_x + area_margin_deg ||
           data.max_y < area.min_y - area_margin_deg || data.min_y > area.max_y + area_margin_deg;
}

std::optional<geo::envelope> to_lon_lat(const geo::crs& source, const geo::envelope& e) {
    const auto wgs84 = geo::crs::from_user_text("EPSG:4326");
    const geo::transformation t(source, wgs84);
    geo::envelope out{1e300, 1e300, -1e300, -1e300};
    const double mx = (e.min_x + e.max_x) / 2;
    const double my = (e.min_y + e.max_y) / 2;
    for (const geo::xy p :
         {geo::xy{e.min_x, e.min_y}, geo::xy{e.max_x, e.min_y}, geo::xy{e.min_x, e.max_y},
          geo::xy{e.max_x, e.max_y}, geo::xy{mx, my}}) {
        try {
            const geo::xy q = t.apply(p);
            out = {std::min(out.min_x, q.x), std::min(out.min_y, q.y), std::max(out.max_x, q.x),
                   std::max(out.max_y, q.y)};
        } catch (const crs_error&) {
            return std::nullopt;
        }
    }
    return out;
}

} // namespace

// LOCAL_CS (WKT1), ENGCRS/ENGINEERINGCRS (WKT2): coordinates of a drawing, no datum.
static bool is_engineering(const std::string& wkt) {
    std::string head;
    for (char c : wkt.substr(0, wkt.find('['))) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            head += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return head == "LOCAL_CS" || head == "ENGCRS" || head == "ENGINEERINGCRS";
}

// A PROJ.4 string as planners copy it ("+proj=tmerc ... +towgs84=...") lacks +type=crs, without
// which PROJ reads it as an operation; GDAL and QGIS take it as a CRS, so do we.
static std::string as_crs_text(const std::string& text) {
    if (text.find("+proj=") != std::string::npos && text.find("+type=crs") == std::string::npos &&
        text.find('[') == std::string::npos) {
        return text + " +type=crs";
    }
    return text;
}

source_crs resolve_source_crs(const std::optional<std::string>& file_wkt,
                              const std::optional<std::string>& file_epsg,
                              const std::string& override_text, const std::string& label) {
    std::vector<std::string> warnings;
    if (!override_text.empty()) {
        std::optional<geo::crs> given;
        try {
            given = geo::crs::from_user_text(as_crs_text(override_text));
        } catch (const crs_error& e) {
            throw usage_error(fmt::format("--source-crs: {}", e.what()));
        }
        if (file_wkt) {
            try {
                const auto own = geo::crs::from_user_text(*file_wkt);
                const geo::transformation same(own, *given);
                if (!same.is_identity()) {
                    warnings.push_back(
                        fmt::format("{}: --source-crs {} overrides the file's own CRS ({})", label,
                                    override_text, own.name()));
                }
            } catch (const crs_error&) {
                // The file's CRS is unreadable anyway: the override is what counts.
            }
        }
        if (auto w = flipped_warning(*given, override_text, label)) {
            warnings.push_back(*w);
        }
        return {*given, "--source-crs", warnings};
    }
    if (!file_wkt) {
        throw crs_error(fmt::format(
            "{}: the file does not say its coordinate reference system (no .prj, no CRS in the "
            "file); give it with --source-crs, e.g. --source-crs EPSG:4326 for longitude/latitude, "
            "EPSG:3405 for VN-2000 / UTM 48N or VN2000:<province> for a provincial TM-3 zone",
            label));
    }
    if (is_engineering(*file_wkt)) {
        throw crs_error(fmt::format(
            "{}: the file's coordinate reference system is a local engineering one (a drawing's "
            "own coordinates, not tied to the Earth), so its coordinates cannot be placed on a "
            "map; give the real CRS with --source-crs, e.g. --source-crs EPSG:3405 for VN-2000 / "
            "UTM 48N or VN2000:<province> for a provincial TM-3 zone",
            label));
    }
    geo::crs crs = [&] {
        try {
            return geo::crs::from_user_text(*file_wkt);
        } catch (const crs_error& e) {
            throw crs_error(fmt::format("{}: its coordinate reference system is not one PROJ "
                                        "knows ({}); give it with --source-crs, e.g. "
                                        "--source-crs EPSG:3405 or VN2000:<province>",
                                        label, e.what()));
        }
    }();
    if (auto w = flipped_warning(crs, *file_wkt, label)) {
        warnings.push_back(*w);
    } else if (file_epsg && crs.to_wkt().find("TOWGS84") == std::string::npos) {
        // The EPSG code gives the project a proper SRID and PROJ its best transformation.
        crs = geo::crs::from_user_text(*file_epsg);
    }
    return {crs, "the file", warnings};
}

int utm_epsg_for(double lon, double lat) {
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    return (lat >= 0 ? 32600 : 32700) + zone;
}

bool looks_like_degrees(const geo::envelope& e) {
    return std::abs(e.min_x) <= 180 && std::abs(e.max_x) <= 180 && std::abs(e.min_y) <= 90 &&
           std::abs(e.max_y) <= 90;
}

geo::xy centre_lon_lat(const geo::crs& source, const geo::envelope& extent) {
    const geo::xy centre{(extent.min_x + extent.max_x) / 2, (extent.min_y + extent.max_y) / 2};
    if (source.is_geographic()) {
        return centre;
    }
    return geo::transformation(source, geo::crs::from_user_text("EPSG:4326")).apply(centre);
}

std::optional<std::string> check_area_of_use(const std::string& label, const geo::crs& source,
                                             const geo::envelope& extent, const geo::crs& project) {
    const auto data = to_lon_lat(source, extent);
    if (!data) {
        return fmt::format("{}: the data's extent ({}, {} – {}, {}) cannot be placed on the "
                           "Earth in {}; check the source CRS (--source-crs)",
                           label, extent.min_x, extent.min_y, extent.max_x, extent.max_y,
                           source.name());
    }
    for (const geo::crs* crs : {&source, &project}) {
        const auto area = crs->area_of_use_degrees();
        if (area && far_outside(*data, *area)) {
            return fmt::format("{}: the data ({}) lies far outside the area of use of {} ({}); "
                               "is the source CRS right? (--source-crs sets it)",
                               label, area_text(*data), crs->name(), area_text(*area));
        }
    }
    return std::nullopt;
}

} // namespace allseason::importers
