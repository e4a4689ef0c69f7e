#include "importers/osm_collect.hpp"

#include "geo/errors.hpp"
#include "geo/text.hpp"
#include "importers/osm_mapping.hpp"
#include "importers/osm_rules.hpp"

#include <memory>
#include <ogrsf_frmts.h>

namespace allseason::importers::detail {

namespace {

geo::blob wkb_of(const OGRGeometry& g) {
    geo::blob wkb(static_cast<size_t>(g.WkbSize()));
    if (g.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) {
        throw data_error("a geometry cannot be converted to WKB");
    }
    return wkb;
}

void widen(geo::envelope& extent, const OGRGeometry& g) {
    OGREnvelope e;
    g.getEnvelope(&e);
    extent.min_x = std::min(extent.min_x, e.MinX);
    extent.min_y = std::min(extent.min_y, e.MinY);
    extent.max_x = std::max(extent.max_x, e.MaxX);
    extent.max_y = std::max(extent.max_y, e.MaxY);
}

// An area's PointOnSurface (GEOS through OGR); nullopt when GEOS finds none (a broken ring).
std::optional<geo::blob> point_on_surface(const OGRGeometry& area) {
    std::unique_ptr<OGRGeometry> point(OGRGeometry::FromHandle(
        OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&area)))));
    if (!point || point->IsEmpty()) {
        return std::nullopt;
    }
    return wkb_of(*point);
}

} // namespace

osm_row osm_collector::row(const osm_element& element, const geo::blob& wkb, bool with_code) {
    osm_row r;
    if (with_code) {
        r.values.emplace_back("code", element.code());
    }
    if (auto name = element.tag("name")) {
        r.values.emplace_back("name", geo::to_nfc(*name));
    }
    r.wkb = wkb;
    return r;
}

void osm_collector::add(const osm_element& element) {
    ++m_rows.elements;
    const OGRGeometry* g = element.geometry();
    if (!g || g->IsEmpty()) {
        return;
    }
    widen(m_rows.extent, *g);
    switch (element.layer()) {
    case osm_layer::points:
        add_node(element);
        break;
    case osm_layer::lines:
        add_way(element);
        break;
    case osm_layer::multipolygons:
        add_area(element);
        break;
    }
}

void osm_collector::add_facility(const osm_element& element, const geo::blob& point) {
    const osm_tag_lookup tag = [&](std::string_view key) { return element.tag(key); };
    if (const auto kind = osm_facility_kind(tag)) {
        auto r = row(element, point);
        r.values.emplace_back("kind", std::string(*kind));
        m_rows.facilities.rows.push_back(std::move(r));
    } else if (const auto amenity = element.tag("amenity")) {
        ++m_rows.facilities.skipped["amenity=" + *amenity];
    }
}

void osm_collector::add_village(const osm_element& element, const geo::blob& point) {
    const auto place = element.tag("place");
    if (!place) {
        return;
    }
    if (!osm_village_place(*place)) {
        ++m_rows.villages.skipped["place=" + *place];
        return;
    }
    m_rows.villages.rows.push_back(row(element, point));
}

void osm_collector::add_node(const osm_element& element) {
    const osm_tag_lookup tag = [&](std::string_view key) { return element.tag(key); };
    const auto wkb = wkb_of(*element.geometry());
    if (osm_ford_node(tag)) {
        m_rows.ford_nodes.rows.push_back(row(element, wkb));
    }
    add_facility(element, wkb);
    add_village(element, wkb);
}

void osm_collector::add_area(const osm_element& element) {
    const bool facility = element.tag("amenity") || element.tag("man_made") || element.tag("name");
    if (!facility && !element.tag("place")) {
        return; // PointOnSurface only for areas some layer may take
    }
    const auto point = point_on_surface(*element.geometry());
    if (!point) {
        ++m_rows.facilities.skipped["areas without a point on their surface"];
        return;
    }
    add_facility(element, *point);
    add_village(element, *point);
}

void osm_collector::add_way(const osm_element& element) {
    if (const auto waterway = element.tag("waterway")) {
        if (const auto kind = osm_waterway_kind(*waterway)) {
            auto r = row(element, wkb_of(*element.geometry()), false);
            r.values.emplace_back("kind", std::string(*kind));
            r.values.emplace_back("culvert", std::int64_t{osm_tag_set(element.tag("tunnel"))});
            m_rows.waterways.rows.push_back(std::move(r));
        } else {
            ++m_rows.waterways.skipped["waterway=" + *waterway];
        }
    }
    const auto highway = element.tag("highway");
    if (!highway) {
        return;
    }
    const osm_tag_lookup tag = [&](std::string_view key) { return element.tag(key); };
    const auto wkb = wkb_of(*element.geometry());
    if (const auto road_class = osm_road_class(*highway)) {
        auto r = row(element, wkb);
        r.values.emplace_back("class", std::string(*road_class));
        const auto surface = element.tag("surface");
        r.values.emplace_back(
            "surface",
            std::string(osm_surface(
                surface ? std::optional<std::string_view>(*surface) : std::nullopt, *road_class)));
        if (const auto structure = osm_structure(tag)) {
            r.values.emplace_back("structure", std::string(*structure));
        }
        m_rows.roads.rows.push_back(std::move(r));
    } else {
        ++m_rows.roads.skipped["highway=" + *highway];
    }
    if (osm_tag_set(element.tag("bridge"))) {
        auto r = row(element, wkb);
        r.values.emplace_back("vehicles", std::int64_t{osm_bridge_vehicles(tag)});
        m_rows.bridges.rows.push_back(std::move(r));
    }
    if (element.tag("ford") == "yes") {
        m_rows.ford_ways.push_back(row(element, wkb));
    }
}

} // namespace allseason::importers::detail
