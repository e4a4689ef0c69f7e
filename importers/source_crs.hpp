#pragma once
// The CRS side of an import: which CRS the source is in (the file's own, or --source-crs
// to override or supply it), which CRS a project without one takes, and the checks that
// catch a wrong CRS — VN-2000 datum shifts with flipped rotation signs, coordinates far
// outside the CRS's area of use.
#include "geo/proj.hpp"

#include <optional>
#include <string>
#include <vector>

namespace allseason::importers {

struct source_crs {
    geo::crs crs;
    std::string origin;                // "the file" or "--source-crs", for messages
    std::vector<std::string> warnings; // flipped VN-2000 rotations, an overridden .prj
};

// `file_wkt`/`file_epsg`: what the source says (GDAL's reading of the .prj, the GeoPackage's
// srs...). `override_text`: --source-crs, empty when not given. Throws crs_error naming
// `label` when neither exists, usage_error when --source-crs is not a CRS.
source_crs resolve_source_crs(const std::optional<std::string>& file_wkt,
                              const std::optional<std::string>& file_epsg,
                              const std::string& override_text, const std::string& label);

// The WGS 84 / UTM zone (EPSG:326zz north, 327zz south) holding a longitude/latitude.
int utm_epsg_for(double lon, double lat);

// A warning when the data (extent in the source CRS) lies far outside the area of use of
// the source CRS or of the project CRS; nullopt when it is inside (or no area is known).
std::optional<std::string> check_area_of_use(const std::string& label, const geo::crs& source,
                                             const geo::envelope& extent, const geo::crs& project);

// True when an extent could be longitude/latitude degrees (every coordinate in ±180/±90).
bool looks_like_degrees(const geo::envelope& extent);

// The extent's centre as longitude/latitude.
geo::xy centre_lon_lat(const geo::crs& source, const geo::envelope& extent);

} // namespace allseason::importers
