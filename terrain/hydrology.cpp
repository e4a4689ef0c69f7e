#include "terrain/hydrology.hpp"

#include <cmath>
#include <numbers>
#include <queue>

namespace allseason::terrain {

namespace {

using geo::float_grid;

bool valid_at(const float_grid& dem, int col, int row) {
    return col >= 0 && row >= 0 && col < dem.width && row < dem.height &&
           !float_grid::is_nodata(dem.values[dem.index(col, row)]);
}

struct queued_cell {
    float height;
    std::uint32_t index;
    // std::priority_queue is a max-heap: the lowest height must compare greatest. (Equal
    // heights leave in an order fixed by the input, so runs stay deterministic.)
    bool operator<(const queued_cell& other) const { return height > other.height; }
};

} // namespace

bool is_outlet(const float_grid& dem, int col, int row) {
    for (int k = 0; k < 8; ++k) {
        if (!valid_at(dem, col + d8_dcol[k], row + d8_drow[k]))
            return true;
    }
    return false;
}

std::size_t downstream(const float_grid& dem, std::size_t i, std::uint8_t direction) {
    const auto w = static_cast<std::ptrdiff_t>(dem.width);
    const auto offset = d8_drow[direction] * w + d8_dcol[direction];
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) + offset);
}

std::vector<float> fill_depressions(const float_grid& dem) {
    std::vector<float> z = dem.values;
    std::vector<std::uint8_t> closed(z.size(), 0); // bytes: faster than vector<bool> here
    std::vector<queued_cell> heap_storage;
    heap_storage.reserve(static_cast<std::size_t>(2 * (dem.width + dem.height)));
    std::priority_queue<queued_cell> open(std::less<queued_cell>(), std::move(heap_storage));
    std::queue<std::uint32_t> pit; // cells raised to just above their neighbour, in BFS order
    for (int row = 0; row < dem.height; ++row) {
        for (int col = 0; col < dem.width; ++col) {
            const auto i = dem.index(col, row);
            if (float_grid::is_nodata(z[i]) || !is_outlet(dem, col, row))
                continue;
            closed[i] = 1;
            open.push({z[i], static_cast<std::uint32_t>(i)});
        }
    }
    const auto w = static_cast<std::ptrdiff_t>(dem.width);
    std::ptrdiff_t offset[8];
    for (int k = 0; k < 8; ++k)
        offset[k] = d8_drow[k] * w + d8_dcol[k];
    while (!open.empty() || !pit.empty()) {
        std::uint32_t c;
        if (!pit.empty() && (open.empty() || open.top().height != z[pit.front()])) {
            c = pit.front();
            pit.pop();
        } else {
            c = open.top().index;
            open.pop();
        }
        const int col = static_cast<int>(c % static_cast<std::uint32_t>(dem.width));
        const int row = static_cast<int>(c / static_cast<std::uint32_t>(dem.width));
        // Inner cells skip the bounds checks; nodata neighbours are NaN either way.
        const bool inner = col > 0 && row > 0 && col < dem.width - 1 && row < dem.height - 1;
        const float raised = std::nextafter(z[c], std::numeric_limits<float>::infinity());
        for (int k = 0; k < 8; ++k) {
            if (!inner && !valid_at(dem, col + d8_dcol[k], row + d8_drow[k]))
                continue;
            const auto n = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(c) + offset[k]);
            if (closed[n] || float_grid::is_nodata(z[n]))
                continue;
            closed[n] = 1;
            if (z[n] <= raised) {
                z[n] = raised;
                pit.push(static_cast<std::uint32_t>(n));
            } else {
                open.push({z[n], static_cast<std::uint32_t>(n)});
            }
        }
    }
    return z;
}

std::vector<std::uint8_t> d8_directions(const float_grid& dem, const std::vector<float>& filled) {
    std::vector<std::uint8_t> dir(filled.size(), no_cell);
    const double diagonal = std::numbers::sqrt2;
    for (int row = 0; row < dem.height; ++row) {
        for (int col = 0; col < dem.width; ++col) {
            const auto i = dem.index(col, row);
            if (float_grid::is_nodata(filled[i]))
                continue;
            if (is_outlet(dem, col, row)) {
                dir[i] = drains_out;
                continue;
            }
            double best = 0;
            std::uint8_t best_k = drains_out;
            for (std::uint8_t k = 0; k < 8; ++k) {
                const auto n = dem.index(col + d8_dcol[k], row + d8_drow[k]);
                const double drop =
                    (static_cast<double>(filled[i]) - filled[n]) / ((k % 2) ? diagonal : 1.0);
                if (drop > best) {
                    best = drop;
                    best_k = k;
                }
            }
            dir[i] = best_k; // the fill leaves every inner cell a lower neighbour
        }
    }
    return dir;
}

accumulation accumulate(const float_grid& dem, const std::vector<std::uint8_t>& directions) {
    accumulation acc;
    const auto n = directions.size();
    acc.cells.assign(n, 0);
    std::vector<std::uint8_t> inflows(n, 0);
    std::size_t valid = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (directions[i] == no_cell)
            continue;
        ++valid;
        acc.cells[i] = 1;
        if (directions[i] < 8)
            ++inflows[downstream(dem, i, directions[i])];
    }
    acc.order.reserve(valid);
    for (std::size_t i = 0; i < n; ++i) {
        if (directions[i] != no_cell && inflows[i] == 0)
            acc.order.push_back(static_cast<std::uint32_t>(i));
    }
    // The order vector is its own queue: a cell joins it once all its inflows are counted.
    for (std::size_t head = 0; head < acc.order.size(); ++head) {
        const auto i = acc.order[head];
        if (directions[i] >= 8)
            continue;
        const auto d = downstream(dem, i, directions[i]);
        acc.cells[d] += acc.cells[i];
        if (--inflows[d] == 0)
            acc.order.push_back(static_cast<std::uint32_t>(d));
    }
    return acc;
}

std::vector<std::uint32_t> drainage_stream(const float_grid& dem,
                                           const std::vector<std::uint8_t>& directions,
                                           const accumulation& acc,
                                           const std::vector<std::uint8_t>& is_stream) {
    std::vector<std::uint32_t> ref(directions.size(), no_stream);
    for (auto it = acc.order.rbegin(); it != acc.order.rend(); ++it) {
        const auto i = *it;
        if (is_stream[i])
            ref[i] = i;
        else if (directions[i] < 8)
            ref[i] = ref[downstream(dem, i, directions[i])];
    }
    return ref;
}

double horn_slope_deg(const float_grid& dem, int col, int row) {
    const double centre = dem.values[dem.index(col, row)];
    if (std::isnan(centre))
        return std::nan("");
    auto z = [&](int dc, int dr) {
        return valid_at(dem, col + dc, row + dr)
                   ? static_cast<double>(dem.values[dem.index(col + dc, row + dr)])
                   : centre;
    };
    // a b c / d e f / g h i, rows southwards.
    const double a = z(-1, -1), b = z(0, -1), c = z(1, -1);
    const double d = z(-1, 0), f = z(1, 0);
    const double g = z(-1, 1), h = z(0, 1), i = z(1, 1);
    const double dzdx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8 * dem.cell);
    const double dzdy = ((g + 2 * h + i) - (a + 2 * b + c)) / (8 * dem.cell);
    return std::atan(std::hypot(dzdx, dzdy)) * 180.0 / std::numbers::pi;
}

} // namespace allseason::terrain
