#!/usr/bin/env python3
"""Writes an OpenStreetMap XML file of N ways for the `import all` benchmark (issue 11, point 8).

A grid of nodes around 105°E 20°N (about 10 m apart); each way runs along a grid row over
2 segments. Tags cycle through the contract's highway classes and surfaces, with bridges,
fords, tunnels, streams, canals and footways mixed in, plus place and amenity nodes with
Vietnamese names, so that every layer of `import all` gets rows. Deterministic for a given N.

    osm_generate.py N OUT.osm
"""
import sys

HIGHWAYS = ["residential", "track", "unclassified", "service", "tertiary", "footway",
            "secondary", "path", "primary", "living_street"]
SURFACES = [None, "asphalt", "concrete", "gravel", "dirt", "unpaved", "compacted"]
PLACES = ["village", "hamlet", "isolated_dwelling", "neighbourhood"]
AMENITIES = [("townhall", "UBND xã Phú Lương"), ("clinic", "Trạm y tế xã"),
             ("school", "Trường THCS Nà Ó"), ("school", "Trường Tiểu học Kim Đồng"),
             ("marketplace", "Chợ Nà Ó"), ("community_centre", "Nhà văn hóa thôn")]


def main():
    n = int(sys.argv[1])
    out = open(sys.argv[2], "w", encoding="utf-8", buffering=1 << 20)
    per_row = 500  # ways per grid row
    cols = 2 * per_row + 1
    rows = (n + per_row - 1) // per_row
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="osm_generate">\n')
    meta = 'version="1" timestamp="2024-01-01T00:00:00Z"'
    seed = 12345
    for r in range(rows):
        for c in range(cols):
            nid = r * cols + c + 1
            # Jitter of up to ~3 m, as surveyed data has: a perfectly regular grid compresses
            # so well that GDAL's PBF reader refuses the blocks as a possible zip bomb.
            seed = (seed * 1103515245 + 12345) % 2147483648
            lon = 105.0 + c * 0.0001 + (seed % 1000) * 3e-8
            lat = 20.0 + r * 0.0001 + (seed // 1000 % 1000) * 3e-8
            k = nid % 997
            if k == 1:
                w(f'<node id="{nid}" {meta} lat="{lat:.7f}" lon="{lon:.7f}">'
                  f'<tag k="ford" v="yes"/></node>\n')
            elif k == 2:
                place = PLACES[(nid // 997) % len(PLACES)]
                w(f'<node id="{nid}" {meta} lat="{lat:.7f}" lon="{lon:.7f}">'
                  f'<tag k="place" v="{place}"/><tag k="name" v="Bản Nà {nid}"/></node>\n')
            elif k == 3:
                amenity, name = AMENITIES[(nid // 997) % len(AMENITIES)]
                w(f'<node id="{nid}" {meta} lat="{lat:.7f}" lon="{lon:.7f}">'
                  f'<tag k="amenity" v="{amenity}"/><tag k="name" v="{name}"/></node>\n')
            else:
                w(f'<node id="{nid}" {meta} lat="{lat:.7f}" lon="{lon:.7f}"/>\n')
    for i in range(n):
        r, j = divmod(i, per_row)
        first = r * cols + 2 * j + 1
        w(f'<way id="{i + 1}" {meta}><nd ref="{first}"/><nd ref="{first + 1}"/>'
          f'<nd ref="{first + 2}"/>')
        if i % 53 == 7:
            w('<tag k="waterway" v="stream"/>' if i % 2 else '<tag k="waterway" v="canal"/>')
        else:
            w(f'<tag k="highway" v="{HIGHWAYS[i % len(HIGHWAYS)]}"/>')
            surface = SURFACES[i % len(SURFACES)]
            if surface:
                w(f'<tag k="surface" v="{surface}"/>')
            if i % 41 == 3:
                w('<tag k="bridge" v="yes"/>')
            elif i % 89 == 5:
                w('<tag k="tunnel" v="yes"/>')
            elif i % 97 == 11:
                w('<tag k="ford" v="yes"/>')
            w(f'<tag k="name" v="Đường thôn {(i * 7919) % 100003}"/>')
        w('</way>\n')
    w('</osm>\n')
    out.close()


if __name__ == "__main__":
    main()
