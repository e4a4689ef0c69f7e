#include "geo/wkb.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace allseason::geo {

namespace {

class wkb_reader {
public:
    explicit wkb_reader(std::span<const unsigned char> bytes) : m_bytes(bytes) {}

    // One geometry (and its parts); false when the bytes end early or the type is unknown.
    bool geometry(int depth = 0) {
        if (depth > 32 || !need(5)) {
            return false;
        }
        const bool little = m_bytes[m_at] == 1;
        ++m_at;
        const std::uint32_t raw = u32(little);
        std::uint32_t type = raw & 0x0fffffffu; // without the EWKB flags
        int dims = 2 + ((raw & 0x80000000u) ? 1 : 0) + ((raw & 0x40000000u) ? 1 : 0);
        if (raw & 0x20000000u) { // EWKB SRID
            if (!need(4)) {
                return false;
            }
            m_at += 4;
        }
        if (type >= 1000) { // ISO: 1000 Z, 2000 M, 3000 ZM
            dims = 2 + (type / 1000 == 1 || type / 1000 == 3 ? 1 : 0) +
                   (type / 1000 == 2 || type / 1000 == 3 ? 1 : 0);
            type %= 1000;
        }
        switch (type) {
        case 1:
            return points(1, dims, little);
        case 2:
            return need(4) && points(u32(little), dims, little);
        case 3: {
            if (!need(4)) {
                return false;
            }
            for (std::uint32_t rings = u32(little); rings > 0; --rings) {
                if (!need(4) || !points(u32(little), dims, little)) {
                    return false;
                }
            }
            return true;
        }
        case 4:
        case 5:
        case 6:
        case 7: {
            if (!need(4)) {
                return false;
            }
            for (std::uint32_t parts = u32(little); parts > 0; --parts) {
                if (!geometry(depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        default:
            return false;
        }
    }

    std::optional<std::array<double, 4>> bounds() const {
        if (m_min_x > m_max_x) {
            return std::nullopt;
        }
        return std::array{m_min_x, m_max_x, m_min_y, m_max_y};
    }

private:
    bool need(std::size_t n) const { return m_bytes.size() - m_at >= n; }

    std::uint32_t u32(bool little) {
        std::uint32_t v = 0;
        std::memcpy(&v, m_bytes.data() + m_at, 4);
        m_at += 4;
        return little == (std::endian::native == std::endian::little) ? v : __builtin_bswap32(v);
    }

    double f64(bool little) {
        std::uint64_t v = 0;
        std::memcpy(&v, m_bytes.data() + m_at, 8);
        m_at += 8;
        if (little != (std::endian::native == std::endian::little)) {
            v = __builtin_bswap64(v);
        }
        return std::bit_cast<double>(v);
    }

    bool points(std::uint32_t n, int dims, bool little) {
        const std::size_t point_bytes = 8 * static_cast<std::size_t>(dims);
        if (n > (m_bytes.size() - m_at) / point_bytes) {
            return false;
        }
        for (std::uint32_t i = 0; i < n; ++i) {
            const std::size_t next = m_at + point_bytes;
            const double x = f64(little);
            const double y = f64(little);
            m_at = next;
            if (std::isnan(x) || std::isnan(y)) { // POINT EMPTY
                continue;
            }
            m_min_x = std::min(m_min_x, x);
            m_max_x = std::max(m_max_x, x);
            m_min_y = std::min(m_min_y, y);
            m_max_y = std::max(m_max_y, y);
        }
        return true;
    }

    std::span<const unsigned char> m_bytes;
    std::size_t m_at = 0;
    double m_min_x = std::numeric_limits<double>::infinity();
    double m_max_x = -std::numeric_limits<double>::infinity();
    double m_min_y = std::numeric_limits<double>::infinity();
    double m_max_y = -std::numeric_limits<double>::infinity();
};

} // namespace

std::optional<std::array<double, 4>> wkb_bounds(std::span<const unsigned char> wkb) {
    wkb_reader reader(wkb);
    if (!reader.geometry()) {
        return std::nullopt;
    }
    return reader.bounds();
}

} // namespace allseason::geo
