#include "geo/proj.hpp"

#include "geo/errors.hpp"
#include "geo/vn2000.hpp"

#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <proj.h>

namespace allseason::geo {

namespace detail {

void proj_context_deleter::operator()(pj_ctx* ctx) const noexcept { proj_context_destroy(ctx); }

void pj_deleter::operator()(PJconsts* pj) const noexcept { proj_destroy(pj); }

context_ptr make_proj_context() {
    pj_ctx* ctx = proj_context_create();
    // Deterministic answers: never fetch grids from the network.
    proj_context_set_enable_network(ctx, 0);
    proj_log_level(ctx, PJ_LOG_NONE);
    return context_ptr(ctx, proj_context_deleter{});
}

} // namespace detail

namespace {

std::string proj_error_text(pj_ctx* ctx) {
    const int err = proj_context_errno(ctx);
    const char* text = err ? proj_context_errno_string(ctx, err) : nullptr;
    return text ? text : "unknown PROJ error";
}

std::shared_ptr<PJconsts> adopt(PJ* pj) { return std::shared_ptr<PJconsts>(pj, detail::pj_deleter{}); }

// A BoundCRS (a +towgs84 string) wraps the CRS the user means; look through it.
std::shared_ptr<PJconsts> unbound(pj_ctx* ctx, const std::shared_ptr<PJconsts>& pj) {
    if (proj_get_type(pj.get()) == PJ_TYPE_BOUND_CRS) {
        if (PJ* source = proj_get_source_crs(ctx, pj.get())) {
            return adopt(source);
        }
    }
    return pj;
}

bool is_crs_type(PJ_TYPE type) {
    switch (type) {
    case PJ_TYPE_GEODETIC_CRS:
    case PJ_TYPE_GEOCENTRIC_CRS:
    case PJ_TYPE_GEOGRAPHIC_CRS:
    case PJ_TYPE_GEOGRAPHIC_2D_CRS:
    case PJ_TYPE_GEOGRAPHIC_3D_CRS:
    case PJ_TYPE_VERTICAL_CRS:
    case PJ_TYPE_PROJECTED_CRS:
    case PJ_TYPE_COMPOUND_CRS:
    case PJ_TYPE_TEMPORAL_CRS:
    case PJ_TYPE_ENGINEERING_CRS:
    case PJ_TYPE_BOUND_CRS:
    case PJ_TYPE_OTHER_CRS: return true;
    default: return false;
    }
}

bool looks_like_definition(std::string_view text) {
    return text.find(':') != std::string_view::npos || text.find('+') != std::string_view::npos ||
           text.find('[') != std::string_view::npos || text.find('{') != std::string_view::npos;
}

bool same_name(const char* name, std::string_view text) {
    if (!name) {
        return false;
    }
    std::string_view n(name);
    if (n.size() != text.size()) {
        return false;
    }
    for (size_t i = 0; i < n.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(n[i])) !=
            std::tolower(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    return true;
}

} // namespace

crs crs::from_user_text(std::string_view text) {
    std::string user(text);
    std::string definition = user;
    if (auto resolved = resolve_vn2000_name(user)) {
        definition = *resolved;
    } else if (definition.find("+proj=") != std::string::npos &&
               definition.find("+type=crs") == std::string::npos) {
        // PROJ reads a bare "+proj=tmerc ..." as an operation; planners mean a CRS.
        definition += " +type=crs";
    }
    auto ctx = detail::make_proj_context();
    PJ* raw = proj_create(ctx.get(), definition.c_str());
    if (!raw) {
        throw crs_error(fmt::format("unknown coordinate reference system \"{}\": {}", user,
                                    proj_error_text(ctx.get())));
    }
    auto pj = adopt(raw);
    if (!looks_like_definition(definition) && !same_name(proj_get_name(pj.get()), definition)) {
        // PROJ looks bare words up by approximate name ("FOO" finds "Amersfoort"): too loose
        // for a planner's typo, so a bare name must be a CRS's exact name.
        throw crs_error(fmt::format(
            "unknown coordinate reference system \"{}\" (PROJ's nearest name is \"{}\"); write "
            "an authority code such as EPSG:3405, VN2000:<province>, a PROJ string or WKT",
            user, proj_get_name(pj.get())));
    }
    if (!is_crs_type(proj_get_type(pj.get()))) {
        throw crs_error(fmt::format(
            "\"{}\" is a coordinate operation, not a coordinate reference system", user));
    }
    return crs(std::move(ctx), std::move(pj), std::move(user));
}

bool crs::is_geographic() const {
    auto inner = unbound(m_context.get(), m_pj);
    const PJ_TYPE type = proj_get_type(inner.get());
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           type == PJ_TYPE_GEOGRAPHIC_CRS;
}

std::optional<int> crs::epsg_code() const {
    const char* auth = proj_get_id_auth_name(m_pj.get(), 0);
    const char* code = proj_get_id_code(m_pj.get(), 0);
    if (auth && code && std::string_view(auth) == "EPSG") {
        return std::stoi(code);
    }
    return std::nullopt;
}

std::string crs::name() const {
    const char* name = proj_get_name(m_pj.get());
    return name ? name : "";
}

std::string crs::to_wkt() const {
    const char* wkt = proj_as_wkt(m_context.get(), m_pj.get(), PJ_WKT1_GDAL, nullptr);
    if (!wkt) {
        wkt = proj_as_wkt(m_context.get(), m_pj.get(), PJ_WKT2_2019, nullptr);
    }
    return wkt ? wkt : "";
}

std::string crs::to_wkt2() const {
    const char* wkt = proj_as_wkt(m_context.get(), m_pj.get(), PJ_WKT2_2019, nullptr);
    return wkt ? wkt : "";
}

std::string crs::to_proj_string() const {
    const char* text = proj_as_proj_string(m_context.get(), m_pj.get(), PJ_PROJ_5, nullptr);
    return text ? text : "";
}

std::string crs::canonical_text() const {
    if (auto code = epsg_code()) {
        return fmt::format("EPSG:{}", *code);
    }
    return to_wkt2();
}

std::optional<envelope> crs::area_of_use_degrees() const {
    double west = 0, south = 0, east = 0, north = 0;
    if (!proj_get_area_of_use(m_context.get(), m_pj.get(), &west, &south, &east, &north,
                              nullptr) ||
        west == -1000) {
        return std::nullopt;
    }
    return envelope{west, south, east, north};
}

transformation::transformation(const crs& from, const crs& to)
    : m_context(detail::make_proj_context()), m_from_text(from.user_text()),
      m_to_text(to.user_text()) {
    m_identity = proj_is_equivalent_to(from.handle(), to.handle(), PJ_COMP_EQUIVALENT) == 1;
    if (m_identity) {
        return;
    }
    PJ* raw = proj_create_crs_to_crs_from_pj(m_context.get(), from.handle(), to.handle(), nullptr,
                                             nullptr);
    if (!raw) {
        throw crs_error(fmt::format("no transformation from \"{}\" to \"{}\": {}", m_from_text,
                                    m_to_text, proj_error_text(m_context.get())));
    }
    PJ* normalized = proj_normalize_for_visualization(m_context.get(), raw);
    proj_destroy(raw);
    if (!normalized) {
        throw crs_error(fmt::format("cannot normalise axis order from \"{}\" to \"{}\"",
                                    m_from_text, m_to_text));
    }
    m_pj = adopt(normalized);
}

xy transformation::apply(xy p) const {
    if (m_identity) {
        return p;
    }
    PJ_COORD in = proj_coord(p.x, p.y, 0, HUGE_VAL);
    PJ_COORD out = proj_trans(m_pj.get(), PJ_FWD, in);
    if (!std::isfinite(out.xy.x) || !std::isfinite(out.xy.y)) {
        throw crs_error(fmt::format("cannot transform ({}, {}) from \"{}\" to \"{}\"", p.x, p.y,
                                    m_from_text, m_to_text));
    }
    return {out.xy.x, out.xy.y};
}

void transformation::apply(std::vector<xy>& points) const {
    for (auto& p : points) {
        p = apply(p);
    }
}

std::string transformation::description() const {
    if (m_identity) {
        return "identity";
    }
    const char* name = proj_get_name(m_pj.get());
    return name ? name : "";
}

} // namespace allseason::geo
