#include "terrain/zones.hpp"

#include "terrain/hydrology.hpp"

#include <algorithm>
#include <cmath>

namespace allseason::terrain {

namespace {

double distance_to_segment(geo::xy p, geo::xy a, geo::xy b) {
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double length2 = dx * dx + dy * dy;
    double t = length2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

void mark_near_segment(const geo::float_grid& g, geo::xy a, geo::xy b, double distance,
                       std::vector<std::uint8_t>& mask) {
    const double min_x = std::min(a.x, b.x) - distance, max_x = std::max(a.x, b.x) + distance;
    const double min_y = std::min(a.y, b.y) - distance, max_y = std::max(a.y, b.y) + distance;
    const int col0 = std::max(0, static_cast<int>(std::floor((min_x - g.origin_x) / g.cell)));
    const int col1 =
        std::min(g.width - 1, static_cast<int>(std::floor((max_x - g.origin_x) / g.cell)));
    const int row0 = std::max(0, static_cast<int>(std::floor((g.origin_y - max_y) / g.cell)));
    const int row1 =
        std::min(g.height - 1, static_cast<int>(std::floor((g.origin_y - min_y) / g.cell)));
    for (int row = row0; row <= row1; ++row) {
        for (int col = col0; col <= col1; ++col) {
            const auto i = g.index(col, row);
            if (!mask[i] &&
                distance_to_segment({g.centre_x(col), g.centre_y(row)}, a, b) <= distance)
                mask[i] = 1;
        }
    }
}

} // namespace

std::vector<std::uint8_t> cells_near_lines(const geo::float_grid& grid,
                                           const std::vector<polyline>& lines, double distance) {
    std::vector<std::uint8_t> mask(grid.size(), 0);
    for (const auto& line : lines) {
        if (line.size() == 1)
            mark_near_segment(grid, line[0], line[0], distance, mask);
        for (std::size_t k = 1; k < line.size(); ++k)
            mark_near_segment(grid, line[k - 1], line[k], distance, mask);
    }
    return mask;
}

std::vector<std::uint8_t> cells_inside(const geo::float_grid& grid, const geo::envelope& box) {
    std::vector<std::uint8_t> mask(grid.size(), 0);
    for (int row = 0; row < grid.height; ++row) {
        const double y = grid.centre_y(row);
        if (y < box.min_y || y > box.max_y)
            continue;
        for (int col = 0; col < grid.width; ++col) {
            const double x = grid.centre_x(col);
            if (x >= box.min_x && x <= box.max_x)
                mask[grid.index(col, row)] = 1;
        }
    }
    return mask;
}

std::vector<geo::blob> mask_to_multipolygons(const std::vector<std::uint8_t>& mask,
                                             const geo::float_grid& grid,
                                             const geo::geos_context& geos) {
    std::vector<geo::blob> out;
    if (std::none_of(mask.begin(), mask.end(), [](std::uint8_t v) { return v != 0; }))
        return out;
    for (const auto& wkb : geo::polygonize_mask(mask, grid)) {
        auto shape = geos.from_wkb(wkb).simplify(grid.cell).make_valid();
        std::vector<geo::geometry> parts;
        for (int k = 0; k < shape.num_parts(); ++k) {
            auto part = shape.part(k);
            if (part.type() == geo::geometry_type::polygon && part.area() > 0)
                parts.push_back(std::move(part));
            else if (part.type() == geo::geometry_type::multi_polygon)
                for (int m = 0; m < part.num_parts(); ++m)
                    parts.push_back(part.part(m));
        }
        if (!parts.empty())
            out.push_back(
                geos.collect(geo::geometry_type::multi_polygon, std::move(parts)).to_wkb());
    }
    return out;
}

std::vector<polyline> stream_lines(const geo::float_grid& grid,
                                   const std::vector<std::uint8_t>& directions,
                                   const std::vector<std::uint8_t>& eligible) {
    auto next = [&](std::size_t i) -> std::ptrdiff_t {
        if (directions[i] >= 8)
            return -1;
        const auto d = downstream(grid, i, directions[i]);
        return eligible[d] ? static_cast<std::ptrdiff_t>(d) : -1;
    };
    std::vector<std::uint8_t> inflows(grid.size(), 0);
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (eligible[i] && next(i) >= 0)
            ++inflows[static_cast<std::size_t>(next(i))];
    }
    auto centre = [&](std::size_t i) {
        const int col = static_cast<int>(i % static_cast<std::size_t>(grid.width));
        const int row = static_cast<int>(i / static_cast<std::size_t>(grid.width));
        return geo::xy{grid.centre_x(col), grid.centre_y(row)};
    };
    std::vector<polyline> lines;
    for (std::size_t start = 0; start < grid.size(); ++start) {
        if (!eligible[start] || inflows[start] == 1)
            continue; // a head (no inflow) or a confluence (several) starts a line
        polyline line{centre(start)};
        for (auto c = next(start); c >= 0; c = next(static_cast<std::size_t>(c))) {
            line.push_back(centre(static_cast<std::size_t>(c)));
            if (inflows[static_cast<std::size_t>(c)] != 1)
                break; // the confluence ends this line and starts the next
        }
        if (line.size() >= 2)
            lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace allseason::terrain
