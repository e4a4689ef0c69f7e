#pragma once
// PROJ wrappers: coordinate reference systems and transformations with x = east, y = north
// always (proj_normalize_for_visualization) and network grids off, so results do not
// depend on what happens to be downloadable.
#include "geo/geos.hpp" // geo::xy, geo::envelope

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pj_ctx;
struct PJconsts;

namespace allseason::geo {

namespace detail {
struct proj_context_deleter {
    void operator()(pj_ctx* ctx) const noexcept;
};
struct pj_deleter {
    void operator()(PJconsts* pj) const noexcept;
};
using context_ptr = std::shared_ptr<pj_ctx>;
context_ptr make_proj_context();
} // namespace detail

// A coordinate reference system. Copies share one PROJ context; do not use one crs from two
// threads at once.
class crs {
public:
    // Anything PROJ understands ("EPSG:3405", a PROJ string, WKT, PROJJSON), plus
    // "VN2000:<province-slug>" for the VN-2000 provincial TM-3 zones (see vn2000.hpp).
    static crs from_user_text(std::string_view text);

    bool is_geographic() const;
    std::optional<int> epsg_code() const;
    std::string name() const;
    std::string to_wkt() const;         // WKT1_GDAL, what SpatiaLite's srtext expects
    std::string to_wkt2() const;        // WKT2:2019, lossless
    std::string to_proj_string() const; // may be empty when PROJ cannot express it
    // What to store and show: "EPSG:n" when the CRS is an EPSG one, else its WKT2.
    std::string canonical_text() const;
    // The area of use in degrees (west, south, east, north), when PROJ knows it.
    std::optional<envelope> area_of_use_degrees() const;
    // The text the user wrote, for messages.
    const std::string& user_text() const { return m_user_text; }

    PJconsts* handle() const { return m_pj.get(); }
    const detail::context_ptr& context() const { return m_context; }

private:
    crs(detail::context_ptr context, std::shared_ptr<PJconsts> pj, std::string user_text)
        : m_context(std::move(context)), m_pj(std::move(pj)), m_user_text(std::move(user_text)) {}
    detail::context_ptr m_context;
    std::shared_ptr<PJconsts> m_pj;
    std::string m_user_text;
};

// A transformation between two CRSs, x/y in easting/northing (or lon/lat) order.
class transformation {
public:
    transformation(const crs& from, const crs& to);
    xy apply(xy p) const;
    void apply(std::vector<xy>& points) const;
    bool is_identity() const { return m_identity; }
    // PROJ's description of the operation it chose (e.g. which datum shift), for logs.
    std::string description() const;

private:
    detail::context_ptr m_context;
    std::shared_ptr<PJconsts> m_pj;
    bool m_identity = false;
    std::string m_from_text;
    std::string m_to_text;
};

} // namespace allseason::geo
