#include "importers/osm_xml.hpp"

#include "support/temp_dir.hpp"

#include <fmt/format.h>

namespace allseason::test {

namespace {

std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string tag_lines(const osm_tags& tags) {
    std::string out;
    for (const auto& [k, v] : tags) {
        out += fmt::format("    <tag k=\"{}\" v=\"{}\"/>\n", escape(k), escape(v));
    }
    return out;
}

constexpr const char* meta = "version=\"1\" timestamp=\"2024-01-01T00:00:00Z\"";

} // namespace

long osm_xml::node(double lon, double lat, const osm_tags& tags) {
    const long id = m_next_node++;
    if (tags.empty()) {
        m_nodes += fmt::format("  <node id=\"{}\" {} lat=\"{:.7f}\" lon=\"{:.7f}\"/>\n", id, meta,
                               lat, lon);
    } else {
        m_nodes += fmt::format("  <node id=\"{}\" {} lat=\"{:.7f}\" lon=\"{:.7f}\">\n{}  </node>\n",
                               id, meta, lat, lon, tag_lines(tags));
    }
    return id;
}

long osm_xml::way(const std::vector<long>& nodes, const osm_tags& tags) {
    const long id = m_next_way++;
    m_ways += fmt::format("  <way id=\"{}\" {}>\n", id, meta);
    for (long n : nodes) {
        m_ways += fmt::format("    <nd ref=\"{}\"/>\n", n);
    }
    m_ways += tag_lines(tags) + "  </way>\n";
    return id;
}

long osm_xml::way_at(const std::vector<std::pair<double, double>>& points, const osm_tags& tags) {
    std::vector<long> nodes;
    for (const auto& [lon, lat] : points) {
        nodes.push_back(node(lon, lat));
    }
    return way(nodes, tags);
}

long osm_xml::closed_way_at(const std::vector<std::pair<double, double>>& ring,
                            const osm_tags& tags) {
    std::vector<long> nodes;
    for (const auto& [lon, lat] : ring) {
        nodes.push_back(node(lon, lat));
    }
    nodes.push_back(nodes.front());
    return way(nodes, tags);
}

long osm_xml::multipolygon(long outer_way, const osm_tags& tags) {
    const long id = m_next_relation++;
    m_relations += fmt::format("  <relation id=\"{}\" {}>\n    <member type=\"way\" ref=\"{}\" "
                               "role=\"outer\"/>\n    <tag k=\"type\" v=\"multipolygon\"/>\n{}"
                               "  </relation>\n",
                               id, meta, outer_way, tag_lines(tags));
    return id;
}

std::string osm_xml::text() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" "
           "generator=\"allseason tests\">\n" +
           m_nodes + m_ways + m_relations + "</osm>\n";
}

void osm_xml::write(const std::filesystem::path& path) const {
    write_file(path, text());
}

} // namespace allseason::test
