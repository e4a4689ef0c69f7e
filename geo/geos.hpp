#pragma once
// A thin RAII layer over the reentrant GEOS C API (the C++ API is not stable). One
// `geos_context` per thread; every geometry remembers its context for its deleter.
#include "geo/sqlite.hpp" // geo::blob

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct GEOSContextHandle_HS;
struct GEOSGeom_t;
struct GEOSPrepGeom_t;
struct GEOSSTRtree_t;

namespace allseason::geo {

struct xy {
    double x = 0;
    double y = 0;
    friend bool operator==(const xy&, const xy&) = default;
};

struct envelope {
    double min_x, min_y, max_x, max_y;
};

// The box around `points`, grown by `margin` on every side.
envelope bounds_of(const std::vector<xy>& points, double margin = 0);

enum class geometry_type {
    point,
    line_string,
    linear_ring,
    polygon,
    multi_point,
    multi_line_string,
    multi_polygon,
    collection
};

std::string_view to_string(geometry_type type);

class geos_context;

// One GEOS geometry owned by a context. Move-only.
class geometry {
public:
    geometry() = default;
    bool empty_handle() const { return !m_geom; }
    GEOSGeom_t* handle() const { return m_geom.get(); }
    const geos_context& context() const { return *m_geom.get_deleter().context; }

    geometry_type type() const;
    bool is_empty() const;
    bool is_valid() const;
    std::string invalid_reason() const;
    bool has_z() const;
    int num_parts() const;                      // parts of a collection (1 for a simple geometry)
    geometry part(int index) const;             // a copy of one part
    std::vector<xy> coordinates() const;        // a point or a line string's vertices
    std::vector<std::vector<xy>> rings() const; // a polygon's exterior then interior rings
    double length() const;
    double area() const;
    envelope bounds() const;
    xy as_xy() const; // a point's coordinate

    geometry clone() const;
    geometry make_valid() const;
    // Douglas–Peucker that keeps rings simple and holes inside (GEOS TopologyPreserveSimplify).
    geometry simplify(double tolerance) const;
    geometry point_on_surface() const;
    geometry intersection(const geometry& other) const;
    geometry difference(const geometry& other) const;
    geometry unite(const geometry& other) const;
    geometry line_merge() const;
    geometry force_2d() const;
    bool intersects(const geometry& other) const;
    bool covers(const geometry& other) const;
    double distance(const geometry& other) const;
    // Distance along this line of the point on it nearest to `p`, and that point.
    double project(const geometry& p) const;
    xy interpolate(double distance_along) const;

    blob to_wkb() const; // 2-D, little-endian ISO WKB
    std::string to_wkt(int decimals = -1) const;

private:
    friend class geos_context;
    struct deleter {
        const geos_context* context = nullptr;
        void operator()(GEOSGeom_t* geom) const noexcept;
    };
    geometry(GEOSGeom_t* geom, const geos_context& context);
    std::unique_ptr<GEOSGeom_t, deleter> m_geom;
};

// A GEOS context handle whose errors become exceptions (data_error with GEOS's text).
class geos_context {
public:
    geos_context();
    GEOSContextHandle_HS* handle() const { return m_handle.get(); }

    geometry from_wkb(const blob& wkb) const;
    geometry from_wkt(std::string_view wkt) const;
    geometry point(xy p) const;
    geometry line(const std::vector<xy>& points) const;
    geometry polygon(const std::vector<std::vector<xy>>& rings) const;
    geometry collect(geometry_type multi_type, std::vector<geometry> parts) const;
    geometry empty_collection() const;

    // Takes ownership of a raw result; throws with GEOS's last message when it is null.
    geometry adopt(GEOSGeom_t* raw, std::string_view operation) const;
    [[noreturn]] void fail(std::string_view operation) const;

private:
    struct destroyer {
        void operator()(GEOSContextHandle_HS* handle) const noexcept;
    };
    std::unique_ptr<GEOSContextHandle_HS, destroyer> m_handle;
    std::unique_ptr<std::string> m_last_error; // written by GEOS's message handler
};

// A geometry prepared for many intersects/covers tests against it.
class prepared_geometry {
public:
    explicit prepared_geometry(const geometry& geom);
    bool intersects(const geometry& other) const;
    bool covers(const geometry& other) const;
    bool contains_xy(xy p) const;

private:
    struct deleter {
        const geos_context* context = nullptr;
        void operator()(const GEOSPrepGeom_t* prepared) const noexcept;
    };
    const geometry* m_geom;
    std::unique_ptr<const GEOSPrepGeom_t, deleter> m_prepared;
};

// An STR packed R-tree of integer ids keyed by envelopes. Insert everything, then query.
class strtree {
public:
    explicit strtree(const geos_context& context, int node_capacity = 10);
    void insert(const envelope& box, std::size_t id);
    // Calls `visit` with the id of every item whose envelope intersects `box`.
    void query(const envelope& box, const std::function<void(std::size_t)>& visit) const;

private:
    struct deleter {
        const geos_context* context = nullptr;
        void operator()(GEOSSTRtree_t* tree) const noexcept;
    };
    const geos_context* m_context;
    std::unique_ptr<GEOSSTRtree_t, deleter> m_tree;
    std::vector<geometry> m_boxes; // the tree keeps pointers into these
};

} // namespace allseason::geo
