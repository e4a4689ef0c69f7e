#pragma once
// Turns a source geometry (2-D ISO WKB from GDAL) into what a layer stores: reprojected to
// the project CRS, polygons as MultiPolygon and repaired with GEOS MakeValid when invalid,
// multi-part lines split into one row per part, single points and lines unwrapped from
// one-part collections. Empty, null and NaN geometries and type mismatches are refused with
// a reason (the caller adds the file and row).
#include "geo/errors.hpp"
#include "geo/geos.hpp"
#include "geo/proj.hpp"
#include "geo/sqlite.hpp"
#include "layers/schema.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::importers {

// Why a geometry was refused. `empty` ones (null, empty, NaN) are collected and reported
// together with their row numbers; the others stop the import at once.
class geometry_rejected : public data_error {
public:
    enum class kind { empty, mismatch, not_degrees, other };
    geometry_rejected(kind k, const std::string& reason) : data_error(reason), m_kind(k) {}
    kind which() const { return m_kind; }

private:
    kind m_kind;
};

struct shaped_geometry {
    std::vector<geo::blob> parts; // one stored row each (several for a split multi-line)
    bool repaired = false;
    std::string repair_reason; // GEOS's reason, when repaired
};

class geometry_shaper {
public:
    // `transform` (may be null: same CRS) maps source coordinates to the project CRS.
    // `source_is_geographic`: coordinates must be degrees; anything else is a CRS mismatch.
    geometry_shaper(layers::geometry_kind kind, std::string_view layer_name,
                    const geo::transformation* transform, bool source_is_geographic);

    shaped_geometry shape(geo::blob wkb);

    // The extent of every source coordinate seen so far (source CRS); nullopt before any.
    std::optional<geo::envelope> source_extent() const;

private:
    std::vector<geo::blob> as_points(const geo::blob& wkb, int type, int parts);
    std::vector<geo::blob> as_lines(const geo::blob& wkb, int type);
    shaped_geometry as_multipolygon(const geo::blob& wkb);

    layers::geometry_kind m_kind;
    std::string m_layer_name;
    const geo::transformation* m_transform;
    bool m_geographic;
    geo::geos_context m_geos;
    geo::envelope m_extent{1e300, 1e300, -1e300, -1e300};
    bool m_seen = false;
};

// The geometry words of a layer for messages: "polygons (stored as MultiPolygon)".
std::string expected_geometry(layers::geometry_kind kind);

} // namespace allseason::importers
