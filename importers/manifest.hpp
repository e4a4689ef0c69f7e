#pragma once
// The project manifest (allseason.toml): what `allseason build` makes a project from — its
// name and CRS, the sources to import in order, and the settings of the analyses.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace allseason::importers {

struct manifest_source {
    std::string layer;
    std::filesystem::path file; // resolved against the manifest's folder
    std::string source_layer;
    std::map<std::string, std::string> fields; // target = source
    std::string encoding;                      // empty: detect
    std::string source_crs;                    // empty: from the file
    bool append = false;
};

struct manifest_analysis {
    std::string scenario = "rainy";
    std::string destination = "commune_centre";
    std::optional<double> budget_million_vnd;
};

struct manifest {
    std::filesystem::path path;
    std::string name;
    std::string crs; // empty: the first source's CRS
    std::vector<manifest_source> sources;
    manifest_analysis analysis;
};

// Reads and checks a manifest. Errors (io_error for the file, data_error for its content)
// name the manifest and the line or the source entry at fault.
manifest read_manifest(const std::filesystem::path& path);

} // namespace allseason::importers
