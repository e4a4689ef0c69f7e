#pragma once
// A project: one SpatiaLite file holding every layer, the scenarios, the import log, the
// analysis results and the metadata (name, CRS, schema and tool versions, times).
#include "geo/proj.hpp"
#include "geo/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace allseason::layers {

class pg_store;
class row_tap;
struct layer_spec;

struct project_metadata {
    std::string name;
    std::string crs_text; // "EPSG:n" or WKT2; empty until the CRS is set
    int srid = 0;         // the SRID of every geometry column; 0 until the CRS is set
    int schema_version = 0;
    std::string tool_version;
    std::string created; // ISO 8601 UTC
    std::string updated;
};

// The allseason_metadata table of a project's database as it stands.
project_metadata read_metadata(geo::database& db);

struct layer_count {
    std::string layer;
    std::string geometry_type;
    std::int64_t features = 0;
};

struct create_options {
    std::string name;
    bool force = false; // replace an existing file
};

// PROJECT arguments may also be postgresql://…?schema=NAME URLs (contract §3, §5): the project
// then works on a local copy of the schema kept in step by pg_store; db() is that copy.
class project {
public:
    ~project();
    project(project&& other) noexcept;
    project& operator=(project&& other) noexcept;

    // Creates a new project file. Refuses an existing file unless `force`. Without a CRS the
    // layer tables wait for set_crs (the first import's CRS, contract §3).
    static project create(const std::filesystem::path& path, const std::optional<geo::crs>& crs,
                          const create_options& options);
    // Opens a project; an older schema is migrated, a newer one refused. `long_running` (serve):
    // a PostgreSQL project is not locked for the process's life but per write (write_turn),
    // and refresh() brings in what other writers committed meanwhile.
    static project open(const std::filesystem::path& path, bool writable = true,
                        bool long_running = false);

    // PostgreSQL: pulls the tables others changed since (one query when none did) and reloads
    // the metadata; true when anything was pulled. A file needs nothing: false.
    bool refresh();
    // One write of a long-running process: the schema's writer lock held, the copy refreshed,
    // until it goes out of scope (after the write's commit has been pushed).
    class write_turn {
    public:
        explicit write_turn(project& p);
        // Pushes what the write changed (writes outside a transaction included).
        void finish();
        ~write_turn();
        write_turn(const write_turn&) = delete;
        write_turn& operator=(const write_turn&) = delete;

    private:
        project* m_project;
    };

    geo::database& db() { return m_db; }
    const project_metadata& metadata() const { return m_metadata; }
    bool has_crs() const { return m_metadata.srid != 0; }
    // Throws data_error when the CRS is not set yet.
    geo::crs crs() const;
    // Sets the CRS of a project that has none and creates the layer tables in it. Refuses a
    // geographic CRS (degrees make lengths meaningless) with a hint to use a metric one. Runs
    // inside the caller's transaction.
    void set_crs(const geo::crs& crs);
    int srid() const { return m_metadata.srid; }
    // The file, or the PostgreSQL URL without its password.
    const std::filesystem::path& path() const { return m_location; }
    bool in_postgresql() const { return m_store != nullptr; }
    // What a layer_writer of `layer` should tell the rows it writes (null for a file): a
    // PostgreSQL project streams a large import's rows to the server as they are written.
    std::unique_ptr<row_tap> row_tap_for(const layer_spec& layer);

    std::vector<layer_count> layer_counts();
    // Records that the project changed now (metadata `updated`).
    void touch();
    // Makes sure an SRID is in spatial_ref_sys (a source layer's CRS, say) and returns it.
    int ensure_srid(const geo::crs& crs);

private:
    explicit project(geo::database db);
    static project create_file(const std::filesystem::path& path,
                               const std::optional<geo::crs>& crs, const create_options& options);
    static project open_file(const std::filesystem::path& path, bool writable,
                             std::unique_ptr<pg_store> store);
    void load_metadata();

    std::unique_ptr<pg_store> m_store; // declared first: it outlives the copy's connection
    geo::database m_db;
    std::filesystem::path m_location;
    project_metadata m_metadata;
};

std::string tool_version();
std::string utc_now_iso8601();

} // namespace allseason::layers
