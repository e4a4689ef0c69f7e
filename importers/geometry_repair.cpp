#include "importers/geometry_repair.hpp"

#include <cmath>
#include <cstring>
#include <fmt/format.h>

namespace allseason::importers {

namespace {

enum wkb_type : std::uint32_t {
    wkb_point = 1,
    wkb_line = 2,
    wkb_polygon = 3,
    wkb_multi_point = 4,
    wkb_multi_line = 5,
    wkb_multi_polygon = 6,
    wkb_collection = 7
};

std::string_view type_name(std::uint32_t type) {
    switch (type) {
    case wkb_point:
        return "Point";
    case wkb_line:
        return "LineString";
    case wkb_polygon:
        return "Polygon";
    case wkb_multi_point:
        return "MultiPoint";
    case wkb_multi_line:
        return "MultiLineString";
    case wkb_multi_polygon:
        return "MultiPolygon";
    case wkb_collection:
        return "GeometryCollection";
    default:
        return "a curved or 3-D surface geometry";
    }
}

// One geometry inside a WKB buffer: its type, where it lies and its parts.
struct wkb_node {
    std::uint32_t type = 0;
    size_t begin = 0;
    size_t end = 0;
    size_t points = 0;           // non-empty vertices, all parts together
    std::vector<wkb_node> parts; // members of a multi/collection
};

// Walks 2-D little-endian ISO WKB (what the reader and GEOS write), checking every coordinate
// and reprojecting it in place.
class wkb_walker {
public:
    wkb_walker(geo::blob& wkb, const geo::transformation* transform, bool geographic,
               geo::envelope& extent, bool& seen)
        : m_wkb(wkb), m_transform(transform), m_geographic(geographic), m_extent(extent),
          m_seen(seen) {}

    wkb_node walk() {
        wkb_node node = geometry();
        if (m_pos != m_wkb.size()) {
            throw geometry_rejected(geometry_rejected::kind::other, "the geometry is malformed");
        }
        return node;
    }

private:
    std::uint32_t u32() {
        need(4);
        std::uint32_t v;
        std::memcpy(&v, m_wkb.data() + m_pos, 4);
        m_pos += 4;
        return v;
    }
    void need(size_t bytes) const {
        if (m_pos + bytes > m_wkb.size()) {
            throw geometry_rejected(geometry_rejected::kind::other, "the geometry is truncated");
        }
    }

    // Returns false for the NaN/NaN of an empty point.
    bool coordinate(bool point) {
        need(16);
        double xy[2];
        std::memcpy(xy, m_wkb.data() + m_pos, 16);
        if (std::isnan(xy[0]) && std::isnan(xy[1]) && point) {
            m_pos += 16;
            return false;
        }
        if (!std::isfinite(xy[0]) || !std::isfinite(xy[1])) {
            throw geometry_rejected(geometry_rejected::kind::empty,
                                    "a coordinate is NaN or infinite");
        }
        if (m_geographic && (std::abs(xy[0]) > 180.0 || std::abs(xy[1]) > 90.0)) {
            throw geometry_rejected(
                geometry_rejected::kind::not_degrees,
                fmt::format("coordinate ({}, {}) is not longitude/latitude in degrees", xy[0],
                            xy[1]));
        }
        m_extent.min_x = std::min(m_extent.min_x, xy[0]);
        m_extent.min_y = std::min(m_extent.min_y, xy[1]);
        m_extent.max_x = std::max(m_extent.max_x, xy[0]);
        m_extent.max_y = std::max(m_extent.max_y, xy[1]);
        m_seen = true;
        if (m_transform) {
            const geo::xy out = m_transform->apply({xy[0], xy[1]});
            xy[0] = out.x;
            xy[1] = out.y;
            std::memcpy(m_wkb.data() + m_pos, xy, 16);
        }
        m_pos += 16;
        return true;
    }

    size_t sequence() {
        const std::uint32_t n = u32();
        for (std::uint32_t i = 0; i < n; ++i) {
            coordinate(false);
        }
        return n;
    }

    wkb_node geometry() {
        wkb_node node;
        node.begin = m_pos;
        need(1);
        if (m_wkb[m_pos] != 1) {
            throw geometry_rejected(geometry_rejected::kind::other,
                                    "the geometry is not little-endian WKB");
        }
        ++m_pos;
        node.type = u32();
        switch (node.type) {
        case wkb_point:
            node.points = coordinate(true) ? 1 : 0;
            break;
        case wkb_line:
            node.points = sequence();
            break;
        case wkb_polygon: {
            const std::uint32_t rings = u32();
            for (std::uint32_t i = 0; i < rings; ++i) {
                node.points += sequence();
            }
            break;
        }
        case wkb_multi_point:
        case wkb_multi_line:
        case wkb_multi_polygon:
        case wkb_collection: {
            const std::uint32_t n = u32();
            for (std::uint32_t i = 0; i < n; ++i) {
                node.parts.push_back(geometry());
                node.points += node.parts.back().points;
            }
            break;
        }
        default:
            throw geometry_rejected(
                geometry_rejected::kind::mismatch,
                fmt::format("WKB geometry type {} is not supported; convert curves and "
                            "surfaces to plain lines and polygons first",
                            node.type));
        }
        node.end = m_pos;
        return node;
    }

    geo::blob& m_wkb;
    const geo::transformation* m_transform;
    bool m_geographic;
    geo::envelope& m_extent;
    bool& m_seen;
    size_t m_pos = 0;
};

geo::blob slice(const geo::blob& wkb, const wkb_node& node) {
    return geo::blob(wkb.begin() + static_cast<std::ptrdiff_t>(node.begin),
                     wkb.begin() + static_cast<std::ptrdiff_t>(node.end));
}

// The leaves of nested collections, so that GEOMETRYCOLLECTION(LINESTRING, MULTILINESTRING)
// counts as three lines.
void leaves(const wkb_node& node, std::vector<const wkb_node*>& out) {
    if (node.parts.empty() && node.type != wkb_multi_point && node.type != wkb_multi_line &&
        node.type != wkb_multi_polygon && node.type != wkb_collection) {
        if (node.points > 0) {
            out.push_back(&node);
        }
        return;
    }
    for (const auto& part : node.parts) {
        leaves(part, out);
    }
}

bool distinct_points(const geo::blob& wkb, const wkb_node& line) {
    // Layout: byte order (1) + type (4) + count (4), then x,y doubles.
    const size_t first = line.begin + 9;
    for (size_t i = 1; i < line.points; ++i) {
        if (std::memcmp(wkb.data() + first, wkb.data() + first + 16 * i, 16) != 0) {
            return true;
        }
    }
    return false;
}

void append_u32(geo::blob& out, std::uint32_t v) {
    unsigned char bytes[4];
    std::memcpy(bytes, &v, 4);
    out.insert(out.end(), bytes, bytes + 4);
}

geo::blob multipolygon_of(const std::vector<geo::blob>& polygons) {
    geo::blob out{1};
    append_u32(out, wkb_multi_polygon);
    append_u32(out, static_cast<std::uint32_t>(polygons.size()));
    for (const auto& p : polygons) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

// The polygons of a GEOS geometry (MakeValid may return a collection with lines in it).
void polygons_of(const geo::geometry& g, std::vector<geo::blob>& out) {
    switch (g.type()) {
    case geo::geometry_type::polygon:
        if (!g.is_empty()) {
            out.push_back(g.to_wkb());
        }
        break;
    case geo::geometry_type::multi_polygon:
    case geo::geometry_type::collection:
        for (int i = 0; i < g.num_parts(); ++i) {
            polygons_of(g.part(i), out);
        }
        break;
    default:
        break;
    }
}

// Reads polygon rings straight from WKB and closes any that are open, for sources whose
// rings GEOS refuses to read.
std::vector<std::vector<geo::xy>> read_rings(const geo::blob& wkb, const wkb_node& polygon) {
    std::vector<std::vector<geo::xy>> rings;
    size_t pos = polygon.begin + 5;
    std::uint32_t count;
    std::memcpy(&count, wkb.data() + pos, 4);
    pos += 4;
    for (std::uint32_t r = 0; r < count; ++r) {
        std::uint32_t n;
        std::memcpy(&n, wkb.data() + pos, 4);
        pos += 4;
        std::vector<geo::xy> ring(n);
        for (auto& p : ring) {
            std::memcpy(&p.x, wkb.data() + pos, 8);
            std::memcpy(&p.y, wkb.data() + pos + 8, 8);
            pos += 16;
        }
        if (!ring.empty() && !(ring.front() == ring.back())) {
            ring.push_back(ring.front());
        }
        if (ring.size() >= 4) {
            rings.push_back(std::move(ring));
        }
    }
    return rings;
}

} // namespace

std::string expected_geometry(layers::geometry_kind kind) {
    switch (kind) {
    case layers::geometry_kind::point:
        return "points";
    case layers::geometry_kind::line:
        return "lines (LineString; multi-part lines are split)";
    case layers::geometry_kind::polygon:
        return "polygons (stored as MultiPolygon)";
    case layers::geometry_kind::point_or_line:
        return "points or lines";
    case layers::geometry_kind::point_or_polygon:
        return "polygons (stored as MultiPolygon) or points";
    }
    return "geometries";
}

geometry_shaper::geometry_shaper(layers::geometry_kind kind, std::string_view layer_name,
                                 const geo::transformation* transform, bool source_is_geographic)
    : m_kind(kind), m_layer_name(layer_name),
      m_transform(transform && !transform->is_identity() ? transform : nullptr),
      m_geographic(source_is_geographic) {}

std::optional<geo::envelope> geometry_shaper::source_extent() const {
    return m_seen ? std::optional<geo::envelope>(m_extent) : std::nullopt;
}

shaped_geometry geometry_shaper::shape(geo::blob wkb) {
    wkb_walker walker(wkb, m_transform, m_geographic, m_extent, m_seen);
    const wkb_node root = walker.walk();
    if (root.points == 0) {
        throw geometry_rejected(
            geometry_rejected::kind::empty,
            fmt::format("the geometry is empty ({} EMPTY)", type_name(root.type)));
    }
    std::vector<const wkb_node*> parts;
    leaves(root, parts);
    const std::uint32_t part_type = parts.front()->type;
    for (const auto* p : parts) {
        if (p->type != part_type &&
            !(m_kind == layers::geometry_kind::point_or_line && parts.size() == 1)) {
            throw geometry_rejected(geometry_rejected::kind::mismatch,
                                    fmt::format("a collection mixing {} and {}; {} holds {}",
                                                type_name(part_type), type_name(p->type),
                                                m_layer_name, expected_geometry(m_kind)));
        }
    }
    using layers::geometry_kind;
    const bool point_ok = m_kind == geometry_kind::point ||
                          m_kind == geometry_kind::point_or_line ||
                          m_kind == geometry_kind::point_or_polygon;
    const bool line_ok = m_kind == geometry_kind::line || m_kind == geometry_kind::point_or_line;
    const bool polygon_ok =
        m_kind == geometry_kind::polygon || m_kind == geometry_kind::point_or_polygon;
    const bool fits = (part_type == wkb_point && point_ok) || (part_type == wkb_line && line_ok) ||
                      (part_type == wkb_polygon && polygon_ok);
    if (!fits) {
        throw geometry_rejected(geometry_rejected::kind::mismatch,
                                fmt::format("the geometry is a {}; {} holds {}",
                                            type_name(root.type), m_layer_name,
                                            expected_geometry(m_kind)));
    }
    if (part_type == wkb_polygon) {
        return as_multipolygon(wkb);
    }
    shaped_geometry result;
    if (parts.size() > 1 &&
        (part_type == wkb_point || m_kind == layers::geometry_kind::point_or_line)) {
        throw geometry_rejected(
            geometry_rejected::kind::mismatch,
            fmt::format("the geometry is a {} of {} parts; each feature of {} is a single {} — "
                        "split it into one feature per part",
                        type_name(root.type), parts.size(), m_layer_name,
                        part_type == wkb_point ? "point" : "line"));
    }
    for (const auto* p : parts) {
        if (p->type == wkb_line && !distinct_points(wkb, *p)) {
            if (parts.size() > 1) {
                continue; // a degenerate part of a multi-line: drop it, keep the others
            }
            throw geometry_rejected(geometry_rejected::kind::empty,
                                    "the line has fewer than two distinct points");
        }
        result.parts.push_back(&root == p ? std::move(wkb) : slice(wkb, *p));
    }
    if (result.parts.empty()) {
        throw geometry_rejected(geometry_rejected::kind::empty,
                                "no part of the line has two distinct points");
    }
    if (result.parts.size() < parts.size()) {
        result.repaired = true;
        result.repair_reason = "dropped degenerate line parts";
    }
    return result;
}

// GEOS refuses rings that are not closed or too short: rebuild such polygons from their
// rings, closed, as a repair.
static geo::geometry rebuild_polygons(const geo::geos_context& geos, const geo::blob& wkb,
                                      const std::string& why) {
    geo::blob copy = wkb;
    geo::envelope scratch{0, 0, 0, 0};
    bool seen = false;
    const wkb_node root = wkb_walker(copy, nullptr, false, scratch, seen).walk();
    std::vector<const wkb_node*> polys;
    leaves(root, polys);
    std::vector<geo::geometry> rebuilt;
    for (const auto* p : polys) {
        auto rings = read_rings(wkb, *p);
        if (!rings.empty()) {
            rebuilt.push_back(geos.polygon(rings));
        }
    }
    if (rebuilt.empty()) {
        throw geometry_rejected(geometry_rejected::kind::empty,
                                fmt::format("the polygon has no usable ring ({})", why));
    }
    return geos.collect(geo::geometry_type::multi_polygon, std::move(rebuilt));
}

shaped_geometry geometry_shaper::as_multipolygon(const geo::blob& wkb) {
    shaped_geometry result;
    std::optional<geo::geometry> g;
    try {
        g.emplace(m_geos.from_wkb(wkb));
    } catch (const geometry_rejected&) {
        throw;
    } catch (const data_error& e) {
        g.emplace(rebuild_polygons(m_geos, wkb, e.what()));
        result.repaired = true;
        result.repair_reason = "unclosed or too short rings";
    }
    if (!g->is_valid()) {
        result.repaired = true;
        result.repair_reason = g->invalid_reason();
        g.emplace(g->make_valid());
    } else if (!result.repaired && g->type() == geo::geometry_type::multi_polygon) {
        result.parts.push_back(wkb); // the common case: valid and already multi
        return result;
    }
    std::vector<geo::blob> polygons;
    polygons_of(*g, polygons);
    if (polygons.empty()) {
        throw geometry_rejected(
            geometry_rejected::kind::empty,
            fmt::format("the polygon has no area ({})",
                        result.repaired ? result.repair_reason : std::string("empty")));
    }
    result.parts.push_back(multipolygon_of(polygons));
    return result;
}

} // namespace allseason::importers
