#pragma once
// Generated grid-like road networks for the routing benchmarks: `segments` two-point road
// segments on a square grid with 100 m spacing (UTM 48N), fords on ~5% of them, earth on ~10%,
// one village per ~100 segments and a commune centre in the middle. Written as a real project.
#include <cstdint>
#include <filesystem>

namespace allseason::bench {

struct route_instance_stats {
    std::uint64_t roads = 0;
    std::uint64_t fords = 0;
    std::uint64_t villages = 0;
};

// Writes the project unless it already exists with the same size (a cache between runs).
route_instance_stats make_route_instance(const std::filesystem::path& path, std::uint64_t segments);

} // namespace allseason::bench
