#pragma once
// Hand-made projects for the export and indicator tests: rows written through the project's
// own layer_writer, geometries as WKT in VN-2000 / TM-3 107°00' (EPSG:9214) metres.
#include "layers/layer_writer.hpp"
#include "layers/project.hpp"
#include "layers/schema.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace allseason::test {

using row = std::vector<layers::field_value>;

// `values` followed by the defaults of the layer's later columns (null where nullable), so that
// rows written before a column was added still fit.
row with_defaults(const layers::layer_spec& spec, row values);

class project_builder {
public:
    explicit project_builder(const std::filesystem::path& path);
    layers::project& project() { return m_project; }

    // Adds one row to `layer`; `values` follow the layer's columns (layers/schema.cpp).
    project_builder& add(const std::string& layer, const row& values, const std::string& wkt);

    // Shorthands for the common layers.
    project_builder& road(const std::string& code, const std::string& klass,
                          const std::string& surface, const std::string& wkt);
    project_builder& village(const std::string& code, const std::string& name,
                             std::int64_t households, std::optional<std::int64_t> population,
                             std::int64_t poor, std::int64_t near_poor, const std::string& wkt);
    project_builder& facility(const std::string& code, const std::string& name,
                              const std::string& kind, std::optional<std::string> village_code,
                              std::optional<std::int64_t> level, std::optional<std::int64_t> beds,
                              double x, double y);
    project_builder& household(const std::string& village_code, std::int64_t members,
                               const std::string& poverty, double x, double y);

private:
    layers::project m_project;
};

std::string box(double min_x, double min_y, double max_x, double max_y); // MULTIPOLYGON
std::string segment(double x0, double y0, double x1, double y1);         // LINESTRING
std::string point(double x, double y);

// The commune most export and indicator tests use (figures in test_indicators.cpp).
void build_small_commune(project_builder& b);

} // namespace allseason::test
