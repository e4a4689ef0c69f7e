// The hydrology steps on synthetic DEMs whose answers are known by hand (issue 14): a tilted
// plane, a V-shaped valley (stream and HAND), a closed pit, a flat behind a rim with one gap,
// and nodata holes. Each answer is also checked against conservation: every valid cell's water
// leaves through exactly one outlet.
#include "terrain/dem_files.hpp"
#include "terrain/hydrology.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace allseason;
using namespace allseason::terrain;

namespace {

struct flow {
    std::vector<float> filled;
    std::vector<std::uint8_t> dir;
    accumulation acc;
};

flow run(const geo::float_grid& g) {
    flow f;
    f.filled = fill_depressions(g);
    f.dir = d8_directions(g, f.filled);
    f.acc = accumulate(g, f.dir);
    return f;
}

std::uint32_t acc_at(const geo::float_grid& g, const flow& f, int col, int row) {
    return f.acc.cells[g.index(col, row)];
}

// Water is conserved: the outlets together receive every valid cell once, and the order holds
// every valid cell once, each before the cell it drains to.
void check_conservation(const geo::float_grid& g, const flow& f) {
    std::uint64_t valid = 0, at_outlets = 0;
    std::vector<std::size_t> position(g.size(), 0);
    for (std::size_t k = 0; k < f.acc.order.size(); ++k)
        position[f.acc.order[k]] = k;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (geo::float_grid::is_nodata(g.values[i])) {
            CHECK(f.dir[i] == no_cell);
            continue;
        }
        ++valid;
        if (f.dir[i] == drains_out)
            at_outlets += f.acc.cells[i];
        else
            REQUIRE(position[i] < position[downstream(g, i, f.dir[i])]);
        CHECK(f.filled[i] >= g.values[i]);
    }
    CHECK(f.acc.order.size() == valid);
    CHECK(at_outlets == valid);
}

} // namespace

TEST_CASE("a plane tilted down to the west drains straight west", "[terrain]") {
    const int w = 12, h = 9;
    const auto g = test::make_grid(w, h, 30, 0, 0, [](int col, int) { return 100 + 2.0 * col; });
    const auto f = run(g);
    check_conservation(g, f);
    CHECK(f.filled == g.values); // nothing to fill
    for (int row = 1; row < h - 1; ++row) {
        for (int col = 1; col < w - 1; ++col) {
            CHECK(f.dir[g.index(col, row)] == 4); // west
            // The cells east of it up to the outlet column (the east edge drains out).
            CHECK(acc_at(g, f, col, row) == static_cast<std::uint32_t>(w - 1 - col));
        }
        CHECK(acc_at(g, f, 0, row) == static_cast<std::uint32_t>(w - 1));
    }
    // Horn's slope of a plane rising 2 m per 30 m.
    CHECK(horn_slope_deg(g, 5, 4) == Approx(std::atan(2.0 / 30) * 180 / M_PI));
}

TEST_CASE("a V-shaped valley: the stream runs down its axis, HAND is the height above it",
          "[terrain]") {
    const int w = 21, h = 30, mid = 10;
    const double side = 5.0, fall = 0.5; // per cell: across the valley, along it (north)
    const auto g = test::make_grid(w, h, 30, 0, 0, [&](int col, int row) {
        return 200 + side * std::abs(col - mid) + fall * row;
    });
    const auto f = run(g);
    check_conservation(g, f);
    // Every inner row sends its w − 2 inner cells to the axis, which carries them north.
    for (int row = 1; row < h - 1; ++row)
        CHECK(acc_at(g, f, mid, row) == static_cast<std::uint32_t>((h - 1 - row) * (w - 2)));
    // Streams: the axis where it drains at least 10 rows of cells.
    const std::uint32_t threshold = 10 * (w - 2);
    std::vector<std::uint8_t> stream(g.size(), 0);
    for (std::size_t i = 0; i < g.size(); ++i)
        stream[i] = f.dir[i] != no_cell && f.acc.cells[i] >= threshold;
    for (int row = 1; row < h - 1; ++row)
        CHECK(stream[g.index(mid, row)] == (row <= h - 11));
    const auto ref = drainage_stream(g, f.dir, f.acc, stream);
    for (int row = 1; row <= h - 11; ++row) {
        for (int col = 1; col < w - 1; ++col) {
            const auto s = ref[g.index(col, row)];
            REQUIRE(s == g.index(mid, row)); // across to the axis, same row
            const double hand = f.filled[g.index(col, row)] - f.filled[s];
            CHECK(hand == Approx(side * std::abs(col - mid)));
        }
    }
    // Upstream of the stream's head the cells drain to the head, 10 rows down the axis.
    CHECK(ref[g.index(mid, h - 5)] == g.index(mid, h - 11));
    // The valley's sides: atan(5 / 30) by Horn, less the along-valley fall.
    CHECK(horn_slope_deg(g, 4, 10) == Approx(std::atan(std::hypot(side, fall) / 30) * 180 / M_PI));
}

TEST_CASE("a closed pit fills to its spill point and drains through it", "[terrain]") {
    const int w = 11, h = 11;
    // A plane down to the west with a 3 × 3 hole 20 m deep in the middle.
    auto g = test::make_grid(w, h, 30, 0, 0, [](int col, int row) {
        const bool pit = std::abs(col - 5) <= 1 && std::abs(row - 5) <= 1;
        return 100 + 1.0 * col - (pit ? 20 : 0);
    });
    const auto f = run(g);
    check_conservation(g, f);
    // Filled to just above the spill point: the west rim cell (3, row) at 103 m.
    for (int row = 4; row <= 6; ++row) {
        for (int col = 4; col <= 6; ++col) {
            const float z = f.filled[g.index(col, row)];
            CHECK(z > 103.0f);
            CHECK(z < 103.01f);
            CHECK(f.dir[g.index(col, row)] < 8);
        }
    }
    // Everything east of column 3 in the pit's rows still reaches the west edge.
    std::uint32_t west_edge = 0;
    for (int row = 0; row < h; ++row)
        west_edge += acc_at(g, f, 0, row);
    CHECK(west_edge == static_cast<std::uint32_t>((h - 2) * (w - 1) + 2)); // + the two corners
    // The cells of the plane outside the pit are untouched.
    CHECK(f.filled[g.index(8, 2)] == g.values[g.index(8, 2)]);
}

TEST_CASE("a flat behind a rim drains through its one gap", "[terrain]") {
    const int w = 9, h = 7, gap_row = 3;
    const auto g = test::make_grid(w, h, 30, 0, 0, [&](int col, int row) {
        const bool edge = col == 0 || row == 0 || col == w - 1 || row == h - 1;
        if (col == 0 && row == gap_row)
            return 5.0;
        return edge ? 20.0 : 10.0;
    });
    const auto f = run(g);
    check_conservation(g, f);
    for (int row = 1; row < h - 1; ++row)
        for (int col = 1; col < w - 1; ++col)
            CHECK(f.dir[g.index(col, row)] < 8); // no inner cell is left without a way out
    // The whole flat, and the gap itself, leave through the gap.
    CHECK(acc_at(g, f, 0, gap_row) == static_cast<std::uint32_t>((w - 2) * (h - 2) + 1));
}

TEST_CASE("nodata holes are outlets: water reaching them leaves", "[terrain]") {
    const int w = 16, h = 11;
    const int hole_col0 = 7, hole_col1 = 8, hole_row0 = 4, hole_row1 = 6;
    const auto g = test::make_grid(w, h, 30, 0, 0, [&](int col, int row) {
        if (col >= hole_col0 && col <= hole_col1 && row >= hole_row0 && row <= hole_row1)
            return std::nan("");
        return 100 + 2.0 * col;
    });
    const auto f = run(g);
    check_conservation(g, f);
    for (int row = 1; row < h - 1; ++row) {
        const bool beside_hole = row >= hole_row0 - 1 && row <= hole_row1 + 1;
        for (int col = 1; col < hole_col0 - 1; ++col) {
            // West of the hole only the cells up to the hole's border contribute.
            const int upstream_end = beside_hole ? hole_col0 - 1 : w - 1;
            CHECK(acc_at(g, f, col, row) == static_cast<std::uint32_t>(upstream_end - col));
        }
    }
    // The cells bordering the hole drain out (into it).
    CHECK(f.dir[g.index(hole_col1 + 1, hole_row0)] == drains_out);
    CHECK(f.dir[g.index(hole_col0 - 1, hole_row0 - 1)] == drains_out);
    CHECK(std::isnan(horn_slope_deg(g, hole_col0, hole_row0)));
}
