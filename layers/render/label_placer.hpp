#pragma once
// Greedy label placement: each label offers candidate boxes in order of preference and takes
// the first that stays inside the map and overlaps no label already placed and no obstacle
// (symbols, the legend). Labels are offered in priority order, so what matters most is placed
// first and what cannot fit is dropped rather than drawn over another. Simple and predictable,
// which is what a commune map with tens of labels needs.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace allseason::render {

struct rect {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0; // page units, y down; x0 <= x1, y0 <= y1

    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
    bool intersects(const rect& o) const {
        return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }
    bool contains(const rect& o) const {
        return x0 <= o.x0 && o.x1 <= x1 && y0 <= o.y0 && o.y1 <= y1;
    }
    rect inflated(double d) const { return {x0 - d, y0 - d, x1 + d, y1 + d}; }
    static rect centred(double cx, double cy, double w, double h) {
        return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
    }
};

class label_placer {
public:
    // Labels must lie wholly inside `bounds`.
    explicit label_placer(rect bounds) : m_bounds(bounds) {}

    // Something labels must not cover (a symbol, the legend box).
    void add_obstacle(const rect& r) { m_obstacles.push_back(r); }
    // A line labels had better not cover (a road): candidates clear of every such segment
    // are preferred; when none is, a label may lie over a road (its halo keeps it legible).
    void add_soft_segment(double x0, double y0, double x1, double y1);
    // The first candidate that fits, as an index into `candidates`; nullopt when none does.
    // The chosen box is reserved for later labels.
    std::optional<std::size_t> place(std::span<const rect> candidates);
    bool fits(const rect& r, bool avoid_soft = false) const;
    // Reserves a box whatever it overlaps (something that must be drawn anyway).
    void reserve(const rect& r) { m_placed.push_back(r); }

    const std::vector<rect>& placed() const { return m_placed; }

private:
    rect m_bounds;
    struct segment {
        double x0, y0, x1, y1;
    };
    std::vector<rect> m_obstacles;
    std::vector<segment> m_soft;
    std::vector<rect> m_placed;
};

// Whether the segment from (x0, y0) to (x1, y1) meets the rectangle.
bool segment_intersects(const rect& r, double x0, double y0, double x1, double y1);

// Candidate boxes for a w×h label around an anchor point: centred on it (when `centre_first`),
// then right, left, above, below and the four diagonals at `gap`, then the same ring farther
// out, so a crowded label moves a little before it moves a lot.
std::vector<rect> candidates_around(double x, double y, double w, double h, double gap,
                                    bool centre_first);

} // namespace allseason::render
