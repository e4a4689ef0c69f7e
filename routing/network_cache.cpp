// The compiled network's byte layout and the cache-aware load_network.
//
// The layout is a plain stream: trivially copyable arrays as their bytes (so a million edges
// load with one copy each), everything else field by field through the `fields` lists below —
// one list per type serves both directions. Lengths read back are checked against the bytes
// left before anything is allocated; the chunks' checksums (layers/network_store) are checked
// before any byte is parsed.
#include "routing/network_cache.hpp"

#include "geo/errors.hpp"
#include "layers/network_store.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <type_traits>

namespace allseason::routing {

namespace {

// Bump when the layout or any stored type changes; the sizes below catch most forgotten bumps.
constexpr std::int64_t layout_version = 3; // 3: chunks compressed

std::int64_t layout_format() {
    // The sizes of the stored types change when a member is added or removed.
    const std::size_t sizes[] = {sizeof(network),
                                 sizeof(edge),
                                 sizeof(edge_span),
                                 sizeof(road_info),
                                 sizeof(crossing),
                                 sizeof(place),
                                 sizeof(dangle),
                                 sizeof(layers::village),
                                 sizeof(layers::ford),
                                 sizeof(layers::facility),
                                 sizeof(layers::household),
                                 sizeof(layers::bridge),
                                 sizeof(layers::hazard_zone),
                                 sizeof(layers::candidate_project),
                                 sizeof(network_options)};
    std::uint64_t h = layout_version; // unsigned: the hash wraps by design
    for (auto s : sizes)
        h = h * 1000003 + s;
    return static_cast<std::int64_t>(h >> 1); // positive, to read well in the table
}

bool cache_disabled() {
    const char* v = std::getenv("ALLSEASON_NETWORK_CACHE");
    return v && (std::string_view(v) == "off" || std::string_view(v) == "0");
}

std::string settings_text(const network_options& o) {
    return fmt::format("snap_m={:.17g};snap_m_crossing={:.17g};access_m={:.17g};dangle_m={:.17g};"
                       "speeds={:.17g},{:.17g},{:.17g},{:.17g};walk_kmh={:.17g};proposed={}",
                       o.snap_m, o.snap_m_crossing, o.access_m, o.dangle_m, o.surface_kmh[0],
                       o.surface_kmh[1], o.surface_kmh[2], o.surface_kmh[3], o.walk_kmh,
                       o.include_proposed_roads ? 1 : 0);
}

network_options current_options(layers::project& project, bool include_proposed_roads) {
    auto options = options_from(layers::read_settings(project));
    options.include_proposed_roads = include_proposed_roads;
    return options;
}

template <class T> constexpr bool is_raw = std::is_trivially_copyable_v<T> && !std::is_empty_v<T>;

// ---- field lists (one per stored type that is not copied as raw bytes) -------------------

template <class A> void fields(A& a, layers::village& v) {
    a(v.fid, v.code, v.name, v.households, v.population, v.ethnic_minority_households,
      v.poor_households, v.near_poor_households, v.especially_difficult, v.geom);
}
template <class A> void fields(A& a, layers::facility& f) {
    a(f.fid, f.code, f.name, f.kind, f.village_code, f.standard_level, f.beds, f.point);
}
template <class A> void fields(A& a, layers::household& h) {
    a(h.fid, h.village_code, h.members, h.ethnic_minority, h.poverty, h.point);
}
template <class A> void fields(A& a, layers::ford& f) {
    a(f.fid, f.code, f.name, f.flood_depth_m, f.flood_depth_estimated_m, f.flooded_days_per_year,
      f.point, f.catchment_km2, f.derived);
}
template <class A> void fields(A& a, layers::bridge& b) {
    a(b.fid, b.code, b.name, b.vehicles, b.points);
}
template <class A> void fields(A& a, layers::hazard_zone& z) {
    a(z.fid, z.kind, z.scenario, z.geom, z.days_per_year, z.source);
}
template <class A> void fields(A& a, layers::candidate_project& p) {
    a(p.fid, p.code, p.name, p.kind, p.ford_code, p.road_code, p.cost_million_vnd, p.funding,
      p.status, p.progress_pct, p.year, p.points);
}
template <class A, class X, class Y> void fields(A& a, std::pair<X, Y>& p) {
    a(p.first, p.second);
}
template <class A> void fields(A& a, skipped_road& r) {
    a(r.fid, r.code, r.point);
}
// The network in two parts: what every answer reads, then the geometry (last in the stream,
// so that a command without lines or points stops reading before it).
struct network_core {
    network* n;
};
struct network_geometry {
    network* n;
};
template <class A> void fields(A& a, network_core c) {
    auto& n = *c.n;
    a(n.options, n.villages, n.facilities, n.households, n.fords, n.bridges, n.hazard_zones,
      n.projects, n.roads, n.road_codes, n.road_names, n.code_first_road, n.node_count_value,
      n.edges, n.crossings, n.places, n.edge_hazards, n.hazard_sets, n.hazard_scenarios,
      n.edge_on_bridge, n.node_first_crossing, n.crossing_next, n.dangles, n.zero_length_roads,
      n.duplicate_roads, n.village_access);
}
template <class A> void fields(A& a, network_geometry g) {
    auto& n = *g.n;
    a(n.node_points, n.points, n.edge_spans);
}

// ---- the two directions ------------------------------------------------------------------

class saver {
public:
    explicit saver(layers::network_cache_writer& out) : m_out(out) {}
    template <class... T> void operator()(const T&... values) { (item(values), ...); }

private:
    template <class T> void raw(const T& v) { m_out.write(&v, sizeof v); }
    void size(std::size_t n) { raw(static_cast<std::uint64_t>(n)); }
    void item(const std::string& s) {
        size(s.size());
        m_out.write(s.data(), s.size());
    }
    template <class T> void item(const std::optional<T>& o) {
        raw(static_cast<std::uint8_t>(o ? 1 : 0));
        if (o)
            item(*o);
    }
    void item(const std::vector<bool>& v) {
        size(v.size());
        for (bool b : v)
            raw(static_cast<std::uint8_t>(b ? 1 : 0));
    }
    template <class T> void item(const std::vector<T>& v) {
        size(v.size());
        if constexpr (is_raw<T> && !requires(saver & s, T & x) { fields(s, x); }) {
            m_out.write(v.data(), v.size() * sizeof(T));
        } else {
            for (const auto& x : v)
                item(x);
        }
    }
    template <class T> void item(const T& v) {
        if constexpr (requires(saver & s, T & x) { fields(s, x); }) {
            fields(*this, const_cast<T&>(v)); // the field lists take references; nothing is changed
        } else {
            static_assert(is_raw<T>);
            raw(v);
        }
    }

    layers::network_cache_writer& m_out;
};

class loader {
public:
    explicit loader(layers::network_cache_reader& in) : m_in(in) {}
    template <class... T> void operator()(T&... values) { (item(values), ...); }

private:
    template <class T> void raw(T& v) { m_in.read(&v, sizeof v); }
    // A length, refused when its elements (at least `each` bytes apiece) cannot fit in what is
    // left: a damaged length never allocates.
    std::size_t size(std::size_t each) {
        std::uint64_t n = 0;
        raw(n);
        if (each > 0 && n > static_cast<std::uint64_t>(m_in.remaining()) / each) {
            throw data_error("the compiled network is damaged (a length beyond its end)");
        }
        return static_cast<std::size_t>(n);
    }
    void item(std::string& s) {
        s.resize(size(1));
        m_in.read(s.data(), s.size());
    }
    template <class T> void item(std::optional<T>& o) {
        std::uint8_t has = 0;
        raw(has);
        if (has) {
            o.emplace();
            item(*o);
        } else {
            o.reset();
        }
    }
    void item(std::vector<bool>& v) {
        v.assign(size(1), false);
        for (std::size_t i = 0; i < v.size(); ++i) {
            std::uint8_t b = 0;
            raw(b);
            v[i] = b != 0;
        }
    }
    template <class T> void item(std::vector<T>& v) {
        if constexpr (is_raw<T> && !requires(loader & l, T & x) { fields(l, x); }) {
            v.resize(size(sizeof(T)));
            m_in.read(v.data(), v.size() * sizeof(T));
        } else {
            v.resize(size(1));
            for (auto& x : v)
                item(x);
        }
    }
    template <class T> void item(T& v) {
        if constexpr (requires(loader & l, T & x) { fields(l, x); }) {
            fields(*this, v);
        } else {
            static_assert(is_raw<T>);
            raw(v);
        }
    }

    layers::network_cache_reader& m_in;
};

void write_network(layers::network_cache_writer& out, const network& net) {
    net.require_geometry();
    auto& n = const_cast<network&>(net); // the field lists take references; nothing is changed
    saver{out}(network_core{&n}, network_geometry{&n});
}

// Frees the geometry of a network built for a command that does not need it.
void drop_geometry(network& net) {
    net.has_geometry = false;
    std::vector<geo::xy>().swap(net.node_points);
    std::vector<geo::xy>().swap(net.points);
    std::vector<edge_span>().swap(net.edge_spans);
}

layers::network_cache_header expected_header(const network_options& options,
                                             std::int64_t generation) {
    layers::network_cache_header h;
    h.generation = generation;
    h.format = layout_format();
    h.tool_version = layers::tool_version();
    h.schema_version = layers::schema_version;
    h.settings = settings_text(options);
    return h;
}

// Why a stored header is not current; empty when it is.
std::string stale_reason(const layers::network_cache_header& stored,
                         const layers::network_cache_header& wanted) {
    if (stored.format != wanted.format || stored.tool_version != wanted.tool_version ||
        stored.schema_version != wanted.schema_version) {
        return fmt::format("the compiled network was stored by another allseason ({}, format {}, "
                           "schema {}); rebuilt",
                           stored.tool_version, stored.format, stored.schema_version);
    }
    if (stored.generation != wanted.generation || stored.settings != wanted.settings) {
        return "changed"; // the ordinary case, no note
    }
    return {};
}

std::optional<network> read_stored(layers::project& project, int variant,
                                   const layers::network_cache_header& header, bool with_geometry,
                                   network_load_report& report) {
    try {
        layers::network_cache_reader in(project, variant, header);
        network net;
        network_core core{&net};
        loader{in}(core);
        net.has_geometry = with_geometry;
        if (with_geometry) {
            network_geometry geometry{&net};
            loader{in}(geometry);
            in.finish();
        }
        return net;
    } catch (const data_error& e) {
        report.notes.push_back(
            fmt::format("{}; the network was rebuilt from the layers", e.what()));
        return std::nullopt;
    }
}

void store(const network& net, layers::project& project, int variant,
           const layers::network_cache_header& header, network_load_report& report) {
    try {
        layers::network_cache_writer out(project, variant);
        write_network(out, net);
        out.commit(header);
        report.origin = network_origin::built_and_stored;
    } catch (const std::exception& e) {
        // Storing only saves time: a locked or full database must not fail the command.
        report.notes.push_back(
            fmt::format("the compiled network could not be stored ({})", e.what()));
    }
}

} // namespace

void save_network(const network& net, layers::project& project, int variant) {
    const auto generation = layers::network_generation(project.db());
    if (!generation)
        throw data_error("the project has no network bookkeeping");
    layers::network_cache_writer out(project, variant);
    write_network(out, net);
    out.commit(expected_header(net.options, *generation));
}

network load_network(layers::project& project, bool include_proposed_roads,
                     network_load_report* report_out, bool with_geometry) {
    network_load_report report;
    const int variant = include_proposed_roads ? 1 : 0;
    auto& db = project.db();
    if (cache_disabled()) {
        auto net = build_network(project, include_proposed_roads);
        if (!with_geometry)
            drop_geometry(net);
        if (report_out)
            *report_out = std::move(report);
        return net;
    }
    // One read transaction: the generation and the layers it stands for are read together.
    geo::savepoint reading(db, "network_load");
    const auto generation = layers::network_generation(db);
    const auto options = current_options(project, include_proposed_roads);
    const auto wanted = expected_header(options, generation.value_or(-1));
    if (generation) {
        if (const auto stored = layers::read_network_cache_header(project, variant)) {
            const auto reason = stale_reason(*stored, wanted);
            if (reason.empty()) {
                if (auto net = read_stored(project, variant, *stored, with_geometry, report)) {
                    reading.release();
                    report.origin = network_origin::compiled;
                    if (report_out)
                        *report_out = std::move(report);
                    return std::move(*net);
                }
            } else if (reason != "changed") {
                report.notes.push_back(reason);
            }
        }
    }
    auto net = build_network(project, include_proposed_roads);
    // Stored after the read ends: a change made meanwhile raised the generation past `wanted`,
    // so the stored network is then simply stale.
    reading.release();
    if (generation && !db.read_only()) {
        store(net, project, variant, wanted, report);
    }
    if (!with_geometry)
        drop_geometry(net);
    if (report_out)
        *report_out = std::move(report);
    return net;
}

compiled_status compiled_network_status(layers::project& project, bool include_proposed_roads) {
    const auto generation = layers::network_generation(project.db());
    if (!generation)
        return compiled_status::absent;
    const auto stored = layers::read_network_cache_header(project, include_proposed_roads ? 1 : 0);
    if (!stored)
        return compiled_status::absent;
    const auto wanted =
        expected_header(current_options(project, include_proposed_roads), *generation);
    return stale_reason(*stored, wanted).empty() ? compiled_status::current
                                                 : compiled_status::stale;
}

std::string_view to_string(compiled_status status) {
    switch (status) {
    case compiled_status::current:
        return "current";
    case compiled_status::stale:
        return "stale";
    case compiled_status::absent:
        return "absent";
    }
    return "absent";
}

} // namespace allseason::routing
