#include "geo/geos.hpp"

#include "geo/errors.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <fmt/format.h>
#include <geos_c.h>
#include <limits>

namespace allseason::geo {

namespace {

void store_message(const char* message, void* userdata) {
    if (userdata && message) {
        *static_cast<std::string*>(userdata) = message;
    }
}

} // namespace

std::string_view to_string(geometry_type type) {
    switch (type) {
    case geometry_type::point:
        return "Point";
    case geometry_type::line_string:
        return "LineString";
    case geometry_type::linear_ring:
        return "LinearRing";
    case geometry_type::polygon:
        return "Polygon";
    case geometry_type::multi_point:
        return "MultiPoint";
    case geometry_type::multi_line_string:
        return "MultiLineString";
    case geometry_type::multi_polygon:
        return "MultiPolygon";
    case geometry_type::collection:
        return "GeometryCollection";
    }
    return "Geometry";
}

// ---- context --------------------------------------------------------------------------

void geos_context::destroyer::operator()(GEOSContextHandle_HS* handle) const noexcept {
    GEOS_finish_r(handle);
}

geos_context::geos_context()
    : m_handle(GEOS_init_r()), m_last_error(std::make_unique<std::string>()) {
    GEOSContext_setErrorMessageHandler_r(m_handle.get(), store_message, m_last_error.get());
}

void geos_context::fail(std::string_view operation) const {
    std::string reason = m_last_error->empty() ? "unknown GEOS error" : *m_last_error;
    m_last_error->clear();
    throw data_error(fmt::format("geometry operation {} failed: {}", operation, reason));
}

geometry geos_context::adopt(GEOSGeom_t* raw, std::string_view operation) const {
    if (!raw) {
        fail(operation);
    }
    return geometry(raw, *this);
}

geometry geos_context::from_wkb(const blob& wkb) const {
    return adopt(GEOSGeomFromWKB_buf_r(handle(), wkb.data(), wkb.size()), "reading WKB");
}

geometry geos_context::from_wkt(std::string_view wkt) const {
    std::string owned(wkt);
    GEOSWKTReader* reader = GEOSWKTReader_create_r(handle());
    GEOSGeometry* raw = GEOSWKTReader_read_r(handle(), reader, owned.c_str());
    GEOSWKTReader_destroy_r(handle(), reader);
    return adopt(raw, "reading WKT");
}

namespace {

GEOSCoordSequence* make_sequence(GEOSContextHandle_t ctx, const std::vector<xy>& points) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(points.size()), 2);
    for (unsigned i = 0; i < points.size(); ++i) {
        GEOSCoordSeq_setXY_r(ctx, seq, i, points[i].x, points[i].y);
    }
    return seq;
}

} // namespace

geometry geos_context::point(xy p) const {
    return adopt(GEOSGeom_createPointFromXY_r(handle(), p.x, p.y), "making a point");
}

geometry geos_context::line(const std::vector<xy>& points) const {
    return adopt(GEOSGeom_createLineString_r(handle(), make_sequence(handle(), points)),
                 "making a line");
}

geometry geos_context::polygon(const std::vector<std::vector<xy>>& rings) const {
    if (rings.empty()) {
        return adopt(GEOSGeom_createEmptyPolygon_r(handle()), "making a polygon");
    }
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(handle(), make_sequence(handle(), rings[0]));
    if (!shell) {
        fail("making a polygon ring");
    }
    std::vector<GEOSGeometry*> holes;
    for (size_t i = 1; i < rings.size(); ++i) {
        holes.push_back(GEOSGeom_createLinearRing_r(handle(), make_sequence(handle(), rings[i])));
    }
    return adopt(GEOSGeom_createPolygon_r(handle(), shell, holes.data(),
                                          static_cast<unsigned>(holes.size())),
                 "making a polygon");
}

geometry geos_context::collect(geometry_type multi_type, std::vector<geometry> parts) const {
    int type_id = GEOS_GEOMETRYCOLLECTION;
    switch (multi_type) {
    case geometry_type::multi_point:
        type_id = GEOS_MULTIPOINT;
        break;
    case geometry_type::multi_line_string:
        type_id = GEOS_MULTILINESTRING;
        break;
    case geometry_type::multi_polygon:
        type_id = GEOS_MULTIPOLYGON;
        break;
    default:
        break;
    }
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& part : parts) {
        raw.push_back(part.m_geom.release()); // the collection takes ownership
    }
    return adopt(GEOSGeom_createCollection_r(handle(), type_id, raw.data(),
                                             static_cast<unsigned>(raw.size())),
                 "collecting parts");
}

geometry geos_context::empty_collection() const {
    return adopt(GEOSGeom_createEmptyCollection_r(handle(), GEOS_GEOMETRYCOLLECTION),
                 "making an empty collection");
}

// ---- geometry -------------------------------------------------------------------------

void geometry::deleter::operator()(GEOSGeom_t* geom) const noexcept {
    GEOSGeom_destroy_r(context->handle(), geom);
}

geometry::geometry(GEOSGeom_t* geom, const geos_context& context)
    : m_geom(geom, deleter{&context}) {}

geometry_type geometry::type() const {
    switch (GEOSGeomTypeId_r(context().handle(), handle())) {
    case GEOS_POINT:
        return geometry_type::point;
    case GEOS_LINESTRING:
        return geometry_type::line_string;
    case GEOS_LINEARRING:
        return geometry_type::linear_ring;
    case GEOS_POLYGON:
        return geometry_type::polygon;
    case GEOS_MULTIPOINT:
        return geometry_type::multi_point;
    case GEOS_MULTILINESTRING:
        return geometry_type::multi_line_string;
    case GEOS_MULTIPOLYGON:
        return geometry_type::multi_polygon;
    default:
        return geometry_type::collection;
    }
}

bool geometry::is_empty() const {
    return GEOSisEmpty_r(context().handle(), handle()) == 1;
}

bool geometry::is_valid() const {
    return GEOSisValid_r(context().handle(), handle()) == 1;
}

std::string geometry::invalid_reason() const {
    char* reason = GEOSisValidReason_r(context().handle(), handle());
    std::string text = reason ? reason : "";
    GEOSFree_r(context().handle(), reason);
    return text;
}

bool geometry::has_z() const {
    return GEOSHasZ_r(context().handle(), handle()) == 1;
}

int geometry::num_parts() const {
    return GEOSGetNumGeometries_r(context().handle(), handle());
}

geometry geometry::part(int index) const {
    const GEOSGeometry* p = GEOSGetGeometryN_r(context().handle(), handle(), index);
    if (!p) {
        context().fail("taking a part");
    }
    return context().adopt(GEOSGeom_clone_r(context().handle(), p), "copying a part");
}

std::vector<xy> geometry::coordinates() const {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(context().handle(), handle());
    if (!seq) {
        context().fail("reading coordinates");
    }
    unsigned size = 0;
    GEOSCoordSeq_getSize_r(context().handle(), seq, &size);
    std::vector<xy> points(size);
    for (unsigned i = 0; i < size; ++i) {
        GEOSCoordSeq_getXY_r(context().handle(), seq, i, &points[i].x, &points[i].y);
    }
    return points;
}

std::vector<std::vector<xy>> geometry::rings() const {
    auto ctx = context().handle();
    std::vector<std::vector<xy>> result;
    auto read_ring = [&](const GEOSGeometry* ring) {
        geometry copy = context().adopt(GEOSGeom_clone_r(ctx, ring), "copying a ring");
        result.push_back(copy.coordinates());
    };
    read_ring(GEOSGetExteriorRing_r(ctx, handle()));
    const int holes = GEOSGetNumInteriorRings_r(ctx, handle());
    for (int i = 0; i < holes; ++i) {
        read_ring(GEOSGetInteriorRingN_r(ctx, handle(), i));
    }
    return result;
}

double geometry::length() const {
    double value = 0;
    if (!GEOSLength_r(context().handle(), handle(), &value)) {
        context().fail("measuring length");
    }
    return value;
}

double geometry::area() const {
    double value = 0;
    if (!GEOSArea_r(context().handle(), handle(), &value)) {
        context().fail("measuring area");
    }
    return value;
}

envelope bounds_of(const std::vector<xy>& points, double margin) {
    envelope box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                 std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    for (const auto& p : points) {
        box.min_x = std::min(box.min_x, p.x - margin);
        box.min_y = std::min(box.min_y, p.y - margin);
        box.max_x = std::max(box.max_x, p.x + margin);
        box.max_y = std::max(box.max_y, p.y + margin);
    }
    return box;
}

envelope geometry::bounds() const {
    envelope box{};
    if (!GEOSGeom_getExtent_r(context().handle(), handle(), &box.min_x, &box.min_y, &box.max_x,
                              &box.max_y)) {
        context().fail("computing the extent");
    }
    return box;
}

xy geometry::as_xy() const {
    xy p;
    if (!GEOSGeomGetX_r(context().handle(), handle(), &p.x) ||
        !GEOSGeomGetY_r(context().handle(), handle(), &p.y)) {
        context().fail("reading a point");
    }
    return p;
}

geometry geometry::clone() const {
    return context().adopt(GEOSGeom_clone_r(context().handle(), handle()), "copying");
}

geometry geometry::make_valid() const {
    return context().adopt(GEOSMakeValid_r(context().handle(), handle()), "MakeValid");
}

geometry geometry::simplify(double tolerance) const {
    return context().adopt(GEOSTopologyPreserveSimplify_r(context().handle(), handle(), tolerance),
                           "TopologyPreserveSimplify");
}

geometry geometry::point_on_surface() const {
    return context().adopt(GEOSPointOnSurface_r(context().handle(), handle()), "PointOnSurface");
}

geometry geometry::intersection(const geometry& other) const {
    return context().adopt(GEOSIntersection_r(context().handle(), handle(), other.handle()),
                           "Intersection");
}

geometry geometry::difference(const geometry& other) const {
    return context().adopt(GEOSDifference_r(context().handle(), handle(), other.handle()),
                           "Difference");
}

geometry geometry::unite(const geometry& other) const {
    return context().adopt(GEOSUnion_r(context().handle(), handle(), other.handle()), "Union");
}

geometry geometry::line_merge() const {
    return context().adopt(GEOSLineMerge_r(context().handle(), handle()), "LineMerge");
}

geometry geometry::force_2d() const {
    // Round-tripping through 2-D WKB drops Z and M.
    return context().from_wkb(to_wkb());
}

bool geometry::intersects(const geometry& other) const {
    const char r = GEOSIntersects_r(context().handle(), handle(), other.handle());
    if (r == 2) {
        context().fail("Intersects");
    }
    return r == 1;
}

bool geometry::covers(const geometry& other) const {
    const char r = GEOSCovers_r(context().handle(), handle(), other.handle());
    if (r == 2) {
        context().fail("Covers");
    }
    return r == 1;
}

double geometry::distance(const geometry& other) const {
    double value = 0;
    if (!GEOSDistance_r(context().handle(), handle(), other.handle(), &value)) {
        context().fail("Distance");
    }
    return value;
}

double geometry::project(const geometry& p) const {
    const double d = GEOSProject_r(context().handle(), handle(), p.handle());
    if (d < 0) {
        context().fail("Project");
    }
    return d;
}

xy geometry::interpolate(double distance_along) const {
    geometry p = context().adopt(GEOSInterpolate_r(context().handle(), handle(), distance_along),
                                 "Interpolate");
    return p.as_xy();
}

blob geometry::to_wkb() const {
    auto ctx = context().handle();
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(ctx);
    GEOSWKBWriter_setOutputDimension_r(ctx, writer, 2);
    GEOSWKBWriter_setByteOrder_r(ctx, writer, GEOS_WKB_NDR);
    size_t size = 0;
    unsigned char* data = GEOSWKBWriter_write_r(ctx, writer, handle(), &size);
    GEOSWKBWriter_destroy_r(ctx, writer);
    if (!data) {
        context().fail("writing WKB");
    }
    blob result(data, data + size);
    GEOSFree_r(ctx, data);
    return result;
}

std::string geometry::to_wkt(int decimals) const {
    auto ctx = context().handle();
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx);
    GEOSWKTWriter_setOutputDimension_r(ctx, writer, 2);
    if (decimals >= 0) {
        GEOSWKTWriter_setRoundingPrecision_r(ctx, writer, decimals);
    }
    GEOSWKTWriter_setTrim_r(ctx, writer, 1);
    char* text = GEOSWKTWriter_write_r(ctx, writer, handle());
    GEOSWKTWriter_destroy_r(ctx, writer);
    if (!text) {
        context().fail("writing WKT");
    }
    std::string result = text;
    GEOSFree_r(ctx, text);
    return result;
}

// ---- prepared geometry ----------------------------------------------------------------

void prepared_geometry::deleter::operator()(const GEOSPrepGeom_t* prepared) const noexcept {
    GEOSPreparedGeom_destroy_r(context->handle(), prepared);
}

prepared_geometry::prepared_geometry(const geometry& geom)
    : m_geom(&geom),
      m_prepared(GEOSPrepare_r(geom.context().handle(), geom.handle()), deleter{&geom.context()}) {
    if (!m_prepared) {
        geom.context().fail("Prepare");
    }
}

bool prepared_geometry::intersects(const geometry& other) const {
    const char r =
        GEOSPreparedIntersects_r(m_geom->context().handle(), m_prepared.get(), other.handle());
    if (r == 2) {
        m_geom->context().fail("PreparedIntersects");
    }
    return r == 1;
}

bool prepared_geometry::covers(const geometry& other) const {
    const char r =
        GEOSPreparedCovers_r(m_geom->context().handle(), m_prepared.get(), other.handle());
    if (r == 2) {
        m_geom->context().fail("PreparedCovers");
    }
    return r == 1;
}

bool prepared_geometry::contains_xy(xy p) const {
    // GEOS 3.11 has no PreparedContainsXY; a point geometry costs one allocation.
    const geometry point = m_geom->context().point(p);
    const char r =
        GEOSPreparedContains_r(m_geom->context().handle(), m_prepared.get(), point.handle());
    if (r == 2) {
        m_geom->context().fail("PreparedContains");
    }
    return r == 1;
}

// ---- STRtree --------------------------------------------------------------------------

void strtree::deleter::operator()(GEOSSTRtree_t* tree) const noexcept {
    GEOSSTRtree_destroy_r(context->handle(), tree);
}

strtree::strtree(const geos_context& context, int node_capacity)
    : m_context(&context),
      m_tree(GEOSSTRtree_create_r(context.handle(), static_cast<size_t>(node_capacity)),
             deleter{&context}) {}

namespace {

GEOSGeometry* box_geometry(GEOSContextHandle_t ctx, const envelope& box) {
    return GEOSGeom_createRectangle_r(ctx, box.min_x, box.min_y, box.max_x, box.max_y);
}

void visit_item(void* item, void* userdata) {
    const auto& visit = *static_cast<const std::function<void(std::size_t)>*>(userdata);
    visit(reinterpret_cast<std::uintptr_t>(item));
}

} // namespace

void strtree::insert(const envelope& box, std::size_t id) {
    m_boxes.push_back(m_context->adopt(box_geometry(m_context->handle(), box), "making a box"));
    GEOSSTRtree_insert_r(m_context->handle(), m_tree.get(), m_boxes.back().handle(),
                         reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)));
}

void strtree::query(const envelope& box, const std::function<void(std::size_t)>& visit) const {
    geometry query_box = m_context->adopt(box_geometry(m_context->handle(), box), "making a box");
    GEOSSTRtree_query_r(m_context->handle(), m_tree.get(), query_box.handle(), visit_item,
                        const_cast<std::function<void(std::size_t)>*>(&visit));
}

} // namespace allseason::geo
