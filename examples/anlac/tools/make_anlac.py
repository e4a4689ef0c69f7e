#!/usr/bin/env python3
"""Generate the An Lạc example project's source files (examples/anlac/).

Geometry is invented (there is no public geodata of An Lạc); names and figures come from the
commune's 2026-2030 plan (see ../README.md). The script is deterministic: running it again
writes the same bytes. Standard library only; it calls two command-line tools:
  * `cs2cs EPSG:4326 EPSG:9214` (proj-bin) for the VN-2000 / TM-3 107°00' (Bắc Giang) CSVs,
  * `iconv -t TCVN5712-1` (glibc) for the TCVN3-encoded facilities CSV.

It then answers the example's questions with a small independent implementation of contract
§2/§4 (noding at shared vertices, fords snapped within 25 m, access points within 2,000 m,
rainy closures), computed in VN-2000 metres, and prints them: that is the cross-check for the
C++ engine, and the source of every number in ../README.md.

Usage: python3 examples/anlac/tools/make_anlac.py [--check]   (--check: write nothing, compare)
"""
import json
import math
import os
import random
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

# ---------------------------------------------------------------------------------------------
# The design frame: kilometres east (x) and north (y) of a point south-west of the commune.
# Mapped to WGS 84 by a local equirectangular formula; the GeoJSON lon/lat are the truth.
LON0, LAT0 = 106.776, 21.236
KM_PER_DEG_LAT = 110.75
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(21.30))


# The design is drawn in "design km"; SCALE (set from the outline's area, below) makes the
# commune 134.15 km² on the ground.
SCALE = 1.0


def ll(p):
    x, y = p[0] * SCALE, p[1] * SCALE
    return (round(LON0 + x / KM_PER_DEG_LON, 6), round(LAT0 + y / KM_PER_DEG_LAT, 6))


def nfc(s):
    return unicodedata.normalize("NFC", s)


# ---------------------------------------------------------------------------------------------
# Plane geometry helpers (design km or VN-2000 metres alike)

def dist(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


def ring_area(r):
    s = 0.0
    for i in range(len(r)):
        x1, y1 = r[i]
        x2, y2 = r[(i + 1) % len(r)]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def point_in_ring(p, r):
    x, y = p
    inside = False
    n = len(r)
    for i in range(n):
        x1, y1 = r[i]
        x2, y2 = r[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            xi = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if xi > x:
                inside = not inside
    return inside


def point_in_poly(p, poly):
    """poly: list of rings (shell, holes...)."""
    if not point_in_ring(p, poly[0]):
        return False
    return not any(point_in_ring(p, h) for h in poly[1:])


def seg_project(p, a, b):
    """(distance, t, point) of p onto segment ab."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    l2 = dx * dx + dy * dy
    t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2))
    q = (a[0] + t * dx, a[1] + t * dy)
    return dist(p, q), t, q


def seg_intersection(a, b, c, d):
    """Parameters (t, u) where ab and cd properly intersect, else None."""
    r = (b[0] - a[0], b[1] - a[1])
    s = (d[0] - c[0], d[1] - c[1])
    den = r[0] * s[1] - r[1] * s[0]
    if abs(den) < 1e-15:
        return None
    qp = (c[0] - a[0], c[1] - a[1])
    t = (qp[0] * s[1] - qp[1] * s[0]) / den
    u = (qp[0] * r[1] - qp[1] * r[0]) / den
    if 0.0 <= t <= 1.0 and 0.0 <= u <= 1.0:
        return t, u
    return None


def ring_is_simple(r):
    n = len(r)
    for i in range(n):
        a, b = r[i], r[(i + 1) % n]
        for j in range(i + 1, n):
            if j == i or (j + 1) % n == i or j == (i + 1) % n:
                continue
            c, d = r[j], r[(j + 1) % n]
            hit = seg_intersection(a, b, c, d)
            if hit:
                return False
    return True


def along(a, b, t, off=0.0):
    """Point at fraction t of a->b, shifted `off` to the left (same units)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    l = math.hypot(dx, dy)
    return (a[0] + t * dx - off * dy / l, a[1] + t * dy + off * dx / l)


def blob(c, r, n, seed, wobble=0.25):
    """An irregular closed ring (counter-clockwise) around c."""
    rnd = random.Random(seed)
    pts = []
    for i in range(n):
        a = 2 * math.pi * i / n
        rr = r * (1 + wobble * (rnd.random() - 0.5) * 2)
        pts.append((c[0] + rr * math.cos(a), c[1] + rr * math.sin(a)))
    return pts


# ---------------------------------------------------------------------------------------------
# 1. The commune outline (design km, counter-clockwise) — about 134 km².

OUTLINE = [
    (0.3, 0.9), (1.3, 0.5), (2.1, 0.3), (3.1, 0.55), (4.0, 0.45), (4.8, 0.1), (5.6, -0.1),
    (6.6, 0.2), (7.4, 0.15), (8.3, 0.5), (9.2, 0.8), (10.1, 0.9), (11.0, 0.7), (11.9, 1.05),
    (12.8, 1.3), (13.7, 1.45), (14.5, 1.8), (15.1, 2.6), (15.45, 3.6), (15.5, 4.6),
    (15.2, 5.5), (14.9, 6.4), (14.55, 7.3), (14.5, 8.3), (14.45, 9.3), (14.2, 10.3),
    (13.9, 11.2), (13.4, 11.95), (12.6, 12.25), (11.7, 12.15), (10.9, 11.9), (10.2, 12.2),
    (9.6, 12.75), (8.8, 12.95), (7.9, 13.0), (7.0, 12.95), (6.2, 12.6), (5.4, 12.3),
    (4.6, 12.55), (3.8, 12.9), (2.9, 13.05), (2.0, 13.0), (1.1, 12.85), (0.3, 12.6),
    (-0.2, 12.1), (-0.35, 11.2), (-0.1, 10.3), (-0.3, 9.4), (-0.45, 8.5), (-0.2, 7.6),
    (-0.4, 6.7), (-0.5, 5.8), (-0.25, 4.9), (-0.45, 4.0), (-0.3, 3.1), (-0.1, 2.2),
]
SCALE = math.sqrt(134.15 / ring_area(OUTLINE))

# ---------------------------------------------------------------------------------------------
# 2. Villages: code, name, settlement centre (the Voronoi seed), households, ethnic-minority
#    share weight, poverty weight, especially difficult, culture house (None = none yet),
#    household cluster centre and radius (km).

VILLAGES = [
    # code, name, seed, households, em_w, pov_w, dbkk
    ("RO", "Rõng", (2.0, 3.15), 108, 0.78, 0.8, True),
    ("TT", "Thanh Trà", (3.15, 3.75), 86, 0.86, 1.0, True),
    ("TC", "Tân Chung", (6.75, 3.55), 142, 0.48, 0.5, False),
    ("NP", "Nà Phai", (8.0, 1.35), 66, 0.90, 1.1, True),
    ("LV", "Lê Viễn", (10.1, 3.5), 126, 0.62, 0.6, False),
    ("KB", "Kim Bảng", (13.15, 3.95), 90, 0.88, 1.0, True),
    ("KS", "Khe Sâu", (13.75, 5.35), 62, 0.97, 1.4, True),
    ("DC", "Đồng Cao", (10.95, 5.25), 86, 0.90, 1.1, True),
    ("LA", "Lạnh", (7.2, 5.45), 118, 0.66, 0.6, False),
    ("CS", "Chung Sơn", (5.3, 6.55), 102, 0.88, 1.0, True),
    ("ND", "Nà Đình", (2.25, 7.25), 92, 0.93, 1.1, True),
    ("DD", "Đồng Dương", (8.0, 7.05), 105, 0.80, 0.8, False),
    ("DB", "Đồng Bài", (8.55, 8.45), 96, 0.86, 0.9, True),
    ("DL", "Đầu Làng", (10.15, 8.4), 78, 0.90, 1.0, True),
    ("DK", "Đồng Khao", (13.15, 8.05), 84, 0.93, 1.2, True),
    ("BI", "Biềng", (2.9, 8.8), 75, 0.99, 1.3, True),
    ("KD", "Khe Đin", (2.0, 10.05), 58, 1.00, 1.6, True),
    ("NT", "Nà Trắng", (7.15, 11.45), 124, 0.965, 1.3, True),
    ("TH", "Thác", (10.05, 10.55), 88, 0.96, 1.4, True),
    ("NO", "Nà Ó", (12.9, 11.4), 64, 1.00, 1.6, True),
]
TOTAL_HOUSEHOLDS = 1850
TOTAL_EM = 1531          # 82.74 % (plan)
TOTAL_POOR = 193         # 10.45 % of 1,850 (plan)
TOTAL_NEAR_POOR = 201    # 10.86 % of 1,850 (plan)
VILLAGE_NAME = {v[0]: v[1] for v in VILLAGES}

# ---------------------------------------------------------------------------------------------
# 3. The road network. Named nodes are shared vertices: two roads meet only where they share
#    one (contract §2). Fords and bridges sit on interior vertices where a stream crosses.

N = {
    # QL31, west to east (extends beyond the commune)
    "Q0": (-1.3, 1.95), "Q1": (0.8, 2.15), "JRO": (2.2, 2.3), "JTT": (3.4, 2.36),
    "BQ1": (4.4, 2.36), "A0": (6.0, 2.3), "JNP": (7.8, 2.45), "JLV": (10.0, 2.62),
    "BQ2": (11.8, 2.87), "JKB": (13.0, 3.1), "Q9": (14.3, 3.38), "Q10": (14.9, 3.52),
    "Q11": (15.5, 3.66), "Q12": (16.8, 4.0),
    # commune axis road QL31 -> Tân Chung -> Lạnh -> Đồng Dương -> Đồng Bài -> Thác
    "A1": (6.3, 3.4), "A2": (6.6, 4.5), "A3": (6.9, 5.4), "A4": (7.2, 6.4), "A5": (7.7, 7.2),
    "A6": (8.4, 8.1), "A7": (9.0, 8.8), "FDL": (9.3, 9.3), "A8": (9.8, 10.0),
    "A9": (10.4, 10.6),
    # west
    "R2a": (2.0, 3.1), "R2b": (2.1, 4.6), "R2c": (2.0, 6.0), "ND0": (2.3, 7.2),
    "T1": (3.38, 3.0), "T2": (3.32, 3.9),
    "C0": (5.2, 5.9), "C1": (4.3, 6.35), "FND": (3.62, 6.7), "C2": (2.9, 7.0),
    "CS1": (5.08, 6.6), "CS2": (5.02, 7.1), "CF1": (4.85, 8.0), "CF2": (4.72, 8.85),
    "B1": (2.6, 8.0), "B2": (2.85, 8.8), "B3": (2.55, 9.4), "KD0": (2.12, 9.9),
    # north
    "N1": (7.6, 8.4), "N2": (7.5, 9.5), "FNT": (7.45, 10.3), "N3": (7.3, 10.9),
    "NT0": (7.2, 11.4),
    # east
    "K1": (9.6, 7.7), "K2": (11.0, 7.6), "FDK": (12.3, 7.75), "DK0": (13.0, 7.9),
    "L8a": (9.5, 8.5), "DL0": (10.1, 8.35),
    "O1": (11.2, 10.75), "O2": (11.9, 10.95), "ENO": (12.5, 11.1),
    "L1": (10.05, 3.5), "L2": (10.4, 4.3), "DC0": (10.8, 5.0), "DC1": (10.75, 5.5),
    "DF1": (11.4, 4.78), "DF2": (11.72, 4.66),
    "KB1": (13.1, 3.9), "KS0": (13.35, 4.8), "LX1": (14.4, 5.1), "LX2": (16.3, 5.5),
    "NP1": (7.9, 1.7), "NP0": (8.0, 1.1),
    "TA1": (7.0, 3.62), "TA2": (7.55, 3.95),
}

# code, name, class (Vietnamese word as in the source), surface (Vietnamese), width, condition,
# nodes. Several features share one code (the segments of one road).
CLASS_VI = {"national": "quốc lộ", "inter_commune": "liên xã", "commune_axis": "đường trục xã",
            "village_axis": "trục thôn", "alley": "ngõ xóm", "field": "đường nội đồng"}
SURFACE_VI = {"asphalt": "nhựa", "concrete": "bê tông", "gravel": "cấp phối", "earth": "đất"}

ROADS = [
    ("QL31", "Quốc lộ 31", "national", "asphalt", 9.0, "good",
     ["Q0", "Q1", "JRO", "JTT", "BQ1", "A0"]),
    ("QL31", "Quốc lộ 31", "national", "asphalt", 9.0, "good",
     ["A0", "JNP", "JLV", "BQ2", "JKB"]),
    ("QL31", "Quốc lộ 31", "national", "asphalt", 9.0, "fair",
     ["JKB", "Q9", "Q10", "Q11", "Q12"]),
    ("R01", "Đường trục xã An Lạc", "commune_axis", "concrete", 5.0, "good",
     ["A0", "A1", "A2", "A3"]),
    ("R01", "Đường trục xã An Lạc", "commune_axis", "gravel", 5.0, "fair",
     ["A3", "A4", "A5", "A6"]),
    ("R01", "Đường trục xã An Lạc", "commune_axis", "gravel", 4.5, "poor",
     ["A6", "A7", "FDL", "A8", "A9"]),
    ("R02", "Đường Rõng - Nà Đình", "village_axis", "concrete", 3.5, "good",
     ["JRO", "R2a"]),
    ("R02", "Đường Rõng - Nà Đình", "village_axis", "gravel", 3.5, "fair",
     ["R2a", "R2b", "R2c", "ND0"]),
    ("R03", "Đường Lạnh - Nà Đình", "village_axis", "concrete", 3.5, "good",
     ["A3", "C0"]),
    ("R03", "Đường Lạnh - Nà Đình", "village_axis", "concrete", 3.0, "fair",
     ["C0", "C1", "FND", "C2", "ND0"]),
    ("R04", "Đường vào nhà văn hóa Chung Sơn", "village_axis", "gravel", 3.0, "poor",
     ["C0", "CS1", "CS2"]),
    ("R05", "Đường thôn Thanh Trà", "village_axis", "concrete", 3.0, "good",
     ["JTT", "T1"]),
    ("R05", "Đường thôn Thanh Trà", "village_axis", "gravel", 3.0, "poor",
     ["T1", "T2"]),
    ("R06", "Đường Nà Trắng", "village_axis", "concrete", 3.0, "good",
     ["A5", "N1", "N2"]),
    ("R06", "Đường Nà Trắng", "village_axis", "concrete", 3.0, "fair",
     ["N2", "FNT", "N3", "NT0"]),
    ("R07", "Đường Đồng Khao", "village_axis", "concrete", 3.0, "fair",
     ["A6", "K1", "K2", "FDK", "DK0"]),
    ("R08", "Đường Đầu Làng", "village_axis", "concrete", 3.0, "good",
     ["A7", "L8a", "DL0"]),
    ("R09", "Đường Lê Viễn - Đồng Cao", "village_axis", "concrete", 3.5, "good",
     ["JLV", "L1"]),
    ("R09", "Đường Lê Viễn - Đồng Cao", "village_axis", "gravel", 3.0, "fair",
     ["L1", "L2", "DC0", "DC1"]),
    ("R10", "Đường Kim Bảng", "village_axis", "gravel", 3.0, "poor",
     ["JKB", "KB1", "KS0"]),
    ("R11", "Đường liên xã An Lạc - Vân Sơn", "inter_commune", "gravel", 4.0, "fair",
     ["KS0", "LX1", "LX2"]),
    ("R12", "Đường Nà Phai", "village_axis", "concrete", 3.0, "good",
     ["JNP", "NP1", "NP0"]),
    ("R13", "Đường Nà Đình - Biềng - Khe Đin", "village_axis", "gravel", 3.0, "fair",
     ["ND0", "B1", "B2", "B3", "KD0"]),
    ("R14", "Ngõ xóm Tân Chung", "alley", "concrete", 2.5, "good",
     ["A1", "TA1", "TA2"]),
    ("R15", "Đường Thác - Nà Ó", "village_axis", "earth", 3.0, "bad",
     ["A9", "O1", "O2", "ENO"]),
    ("R16", "Đường sản xuất Chung Sơn", "field", "earth", 2.5, "poor",
     ["CS2", "CF1", "CF2"]),
    ("R17", "Đường nội đồng Đồng Cao", "field", "earth", 2.5, "poor",
     ["DC0", "DF1", "DF2"]),
]

# Fords (ngầm tràn): code, name, node, peak depth (m), flooded days per year
FORDS = [
    ("F01", "Ngầm Nà Trắng", "FNT", 0.8, 24),
    ("F02", "Ngầm Đầu Làng", "FDL", 0.6, 18),
    ("F03", "Ngầm Nà Đình", "FND", 0.5, 12),
    ("F04", "Ngầm Đồng Khao", "FDK", 0.3, 4),   # exactly the threshold: stays open (> not >=)
]

# Waterways: name, kind, points (named nodes or coordinates)
WATERWAYS = [
    ("Khe Đin", "stream",
     [(0.2, 12.2), (0.9, 11.7), (1.6, 11.35), (2.4, 11.1), (3.2, 11.0), (4.0, 10.85),
      (4.8, 10.7), (5.6, 10.55), (6.5, 10.42), "FNT", (8.0, 10.4), (8.5, 10.55),
      (8.8, 11.2), (9.05, 11.9), (9.3, 12.6), (9.5, 13.4)]),
    ("Nước Vàng", "stream",
     [(13.7, 5.4), (13.4, 5.95), (13.05, 6.6), (12.7, 7.15), "FDK", (11.95, 8.2),
      (11.6, 8.7), (11.1, 9.0), (10.5, 9.2), (9.9, 9.28), "FDL", (9.0, 9.55), (8.8, 9.85),
      (8.65, 10.2), (8.5, 10.55)]),
    (None, "stream",
     [(3.35, 9.25), (3.45, 8.6), (3.5, 8.0), (3.55, 7.35), "FND", (3.8, 6.0), (3.95, 5.4),
      (4.1, 4.6), (4.2, 3.9), (4.3, 3.1), "BQ1", (4.45, 1.6), (4.55, 0.8), (4.7, -0.5)]),
    (None, "stream",
     [(12.05, 5.75), (11.95, 5.0), (11.9, 4.3), (11.85, 3.6), "BQ2", (11.75, 2.1),
      (11.7, 1.3), (11.65, 0.3)]),
]

BRIDGES = [
    ("B01", "Cầu Suối Con (QL31)", "BQ1", True),
    ("B02", "Cầu Khe Mạ (QL31)", "BQ2", True),
    ("B03", "Cầu treo Khe Đin", (8.0, 10.4), False),   # footbridge on a footpath, no road
]

# ---------------------------------------------------------------------------------------------
# 4. Facilities, placed beside the roads (offsets in km, left of the segment direction).

def fac_on(a, b, t, off):
    return along(N[a], N[b], t, off)


FACILITIES = [
    # code, name, kind, village_code, standard_level, beds, position
    ("UBND", "UBND xã An Lạc", "commune_centre", "TC", None, None, fac_on("A0", "A1", 0.92, 0.008)),
    ("TYT", "Trạm Y tế xã An Lạc", "health_station", "TC", None, 6, fac_on("A1", "A2", 0.15, -0.008)),
    ("TH-AL", "Trường Tiểu học An Lạc", "primary_school", "TC", 2, None, fac_on("A0", "A1", 0.6, -0.008)),
    ("TH-RO", "Trường Tiểu học An Lạc - điểm trường Rõng", "primary_school", "RO", 0, None,
     fac_on("R2a", "R2b", 0.12, -0.008)),
    ("MN-LV", "Trường Mầm non Lê Viễn", "kindergarten", "LV", 1, None, fac_on("JLV", "L1", 0.8, 0.008)),
    ("THCS-LV", "Trường THCS Lê Viễn", "secondary_school", "LV", 1, None, fac_on("L1", "L2", 0.1, -0.008)),
    ("CHO", "Chợ An Lạc", "market", "TC", None, None, fac_on("A0", "JNP", 0.08, 0.008)),
    ("NS-TC", "Trạm cấp nước sinh hoạt Tân Chung", "water_station", "TC", None, None,
     fac_on("A1", "TA1", 0.5, -0.03)),
    ("NS-DD", "Trạm cấp nước sinh hoạt Đồng Dương", "water_station", "DD", None, None,
     fac_on("A5", "A6", 0.7, 0.04)),
]
# Culture houses (nhà văn hóa): village -> position. Nà Phai, Đồng Cao and Khe Sâu have none yet.
CULTURE_HOUSES = {
    "RO": fac_on("R2a", "R2b", 0.05, 0.06), "TT": along(N["T1"], N["T2"], 1.08, 0.03),
    "TC": fac_on("A1", "TA1", 0.2, 0.05), "LV": fac_on("L1", "L2", 0.02, 0.07),
    "KB": fac_on("JKB", "KB1", 0.9, -0.06), "LA": fac_on("A3", "A4", 0.04, -0.09),
    "CS": along(N["CS1"], N["CS2"], 0.9, -0.05), "ND": fac_on("C2", "ND0", 0.85, -0.08),
    "DD": fac_on("A5", "A6", 0.05, -0.08), "DB": fac_on("A6", "A7", 0.08, 0.1),
    "DL": along(N["L8a"], N["DL0"], 1.1, 0.03), "DK": along(N["FDK"], N["DK0"], 1.15, 0.05),
    "BI": fac_on("B1", "B2", 0.95, 0.07), "KD": along(N["B3"], N["KD0"], 1.12, 0.02),
    "NT": along(N["N3"], N["NT0"], 1.15, 0.02), "TH": (10.2, 10.62),
    "NO": (12.66, 11.27),
}

# Where each village's households live (centre, radius km). The design keeps every household
# on the same side of every closure as its village's culture house (checked below).
CLUSTERS = {
    "RO": ((1.85, 3.35), 0.45), "TT": ((3.15, 3.55), 0.35), "TC": ((6.8, 3.45), 0.4),
    "NP": ((8.05, 1.3), 0.35), "LV": ((10.2, 3.45), 0.4), "KB": ((13.25, 3.9), 0.3),
    "KS": ((13.6, 5.05), 0.3), "DC": ((10.75, 5.2), 0.3), "LA": ((7.2, 5.45), 0.35),
    "CS": ((5.25, 6.5), 0.3), "ND": ((2.35, 7.3), 0.4), "DD": ((8.0, 7.0), 0.3),
    "DB": ((8.45, 8.35), 0.28), "DL": ((10.15, 8.35), 0.3), "DK": ((13.2, 8.05), 0.3),
    "BI": ((2.95, 8.8), 0.35), "KD": ((2.15, 10.1), 0.28), "NT": ((7.1, 11.45), 0.35),
    "TH": ((10.0, 10.45), 0.3), "NO": ((12.9, 11.42), 0.22),
}
KHE_DIN_CORE = ((0.6, 12.0), 0.12, 7)   # 7 households inside the Khe Rồ core zone

# ---------------------------------------------------------------------------------------------
# 5. Candidate projects (plan 2026-2030). Costs in million VND.

PROJECTS = [
    # code, name, kind, ford_code, road_code, cost, funding, status, progress, year, geometry
    ("P01", "Cầu dân sinh Nà Trắng (thay ngầm)", "bridge", "F01", None, 6800, "DTTS",
     "proposed", 0, 2027, "FNT"),
    ("P02", "Cầu dân sinh Đầu Làng (thay ngầm suối Nước Vàng)", "bridge", "F02", None, 5400,
     "DTTS", "proposed", 0, 2027, "FDL"),
    ("P03", "Cầu dân sinh Nà Đình (thay ngầm)", "bridge", "F03", None, 4500, "NTM",
     "approved", 0, 2026, "FND"),
    ("P04", "Đường bê tông Nà Ó - Thác", "road_new", None, None, 4200, "DTTS", "proposed", 0,
     2027, ["A9", (10.95, 10.35), (11.6, 10.45), (12.1, 10.7), "ENO"]),
    ("P05", "Đường bê tông nội thôn Thác", "road_new", None, None, 2100, "NTM", "proposed", 0,
     2028, ["A8", (10.25, 9.75), (10.75, 9.8), (11.15, 9.95)]),
    ("P06", "Đường bê tông nội thôn Đồng Khao", "road_new", None, None, 2700, "NTM",
     "proposed", 0, 2028, ["DK0", (13.45, 8.5), (13.7, 9.1), (13.8, 9.6)]),
    ("P07", "Đường bê tông Nà Trắng - xã Thái Bình (Lạng Sơn)", "road_new", None, None, 6900,
     "GNBV", "proposed", 0, 2029, ["NT0", (7.1, 11.9), (7.0, 12.4), (6.95, 13.3)]),
    ("P08", "Nâng cấp đường vào nhà văn hóa thôn Chung Sơn", "road_upgrade", None, "R04", 1300,
     "Ngân sách xã", "building", 40, 2026, None),
    ("P09", "Nâng cấp đường thôn Kim Bảng", "road_upgrade", None, "R10", 3200, "GNBV",
     "proposed", 0, 2027, None),
    ("P10", "Nâng cấp, cứng hóa đường trục xã (Lạnh - Thác)", "road_upgrade", None, "R01",
     8500, "NTM", "proposed", 0, 2028, None),
    ("P11", "Nâng cấp đường Thanh Trà (cổng làng - nhà văn hóa)", "road_upgrade", None, "R05",
     1100, "Ngân sách xã", "approved", 0, 2026, None),
]
BUDGET = 10000

# ---------------------------------------------------------------------------------------------
# 6. Zones

RESERVE_CORE = [(-1.6, 10.9), (-0.4, 10.5), (0.7, 10.75), (1.45, 11.3), (1.6, 12.1),
                (1.35, 12.9), (0.6, 13.6), (-0.6, 13.8), (-1.7, 13.1), (-2.0, 11.9)]
RESERVE_BUFFER = [(-2.6, 10.2), (-0.8, 9.55), (0.8, 9.7), (1.55, 10.45), (2.3, 11.2),
                  (2.6, 12.2), (2.2, 13.4), (1.2, 14.3), (-0.6, 14.6), (-2.4, 14.0),
                  (-3.0, 12.5)]
HAZARDS = [  # kind, scenario, centre, radius, seed
    ("landslide", "rainy", (15.05, 3.58), 0.28, 11),   # over QL31 near the eastern border
    ("landslide", "rainy", (11.5, 4.9), 0.22, 12),     # over the Đồng Cao field road (earth)
    ("landslide", "rainy", (3.9, 11.75), 0.35, 13),    # hillside above Khe Đin, no road
]

FOREST = [  # code, owner, use, species, certificate, fsc, parts [(centre, radius, seed)]
    ("LR-01", "Hộ ông Hoàng Văn Thắng", "production", "Keo (Acacia mangium)", True, False,
     [((0.7, 4.3), 0.45, 21)]),
    ("LR-02", "Hộ bà Lý Thị Mai", "production", "Keo (Acacia mangium)", True, False,
     [((0.8, 6.0), 0.5, 22)]),
    ("LR-03", "Công ty TNHH MTV Lâm nghiệp Sơn Động", "production",
     "Bạch đàn (Eucalyptus urophylla)", True, True, [((4.2, 9.7), 0.7, 23)]),
    ("LR-04", "Cộng đồng thôn Chung Sơn", "production", "Keo (Acacia mangium)", False, False,
     [((5.9, 8.3), 0.5, 24)]),
    ("LR-05", "Ban quản lý rừng phòng hộ Sơn Động", "protection", "Rừng tự nhiên", True, False,
     [((5.6, 11.6), 0.6, 25)]),
    ("LR-06", "UBND xã An Lạc", "protection", "Rừng tự nhiên", False, False,
     [((11.9, 12.7), 0.55, 26)]),
    ("LR-07", "Hộ ông Nông Văn Hải", "production", "Bạch đàn (Eucalyptus urophylla)", False,
     False, [((12.2, 4.1), 0.4, 27)]),
    ("LR-08", "Hộ ông La Văn Sơn", "production", "Keo (Acacia mangium)", True, False,
     [((14.3, 6.6), 0.4, 28)]),
    ("LR-09", "Ban quản lý Khu bảo tồn thiên nhiên Tây Yên Tử", "special_use",
     "Rừng tự nhiên", True, False, [((0.4, 11.0), 0.4, 29)]),
    ("LR-10", "Hộ bà Triệu Thị Hoa", "production", "Keo (Acacia mangium)", False, False,
     [((9.2, 6.0), 0.5, 30)]),
    ("LR-11", "Hợp tác xã Lâm nghiệp An Lạc", "production", "Keo, bạch đàn", True, True,
     [((8.4, 12.1), 0.35, 31), ((9.9, 12.0), 0.25, 32)]),
    ("LR-12", "Cộng đồng thôn Thác", "protection", "Rừng tự nhiên", False, False,
     [((11.4, 11.45), 0.3, 33)]),
]


# =============================================================================================
# Building the geometry
# =============================================================================================

def pt(x):
    return N[x] if isinstance(x, str) else x


def clip_halfplane(poly, a, b):
    """Keep the part of poly closer to a than to b (Sutherland-Hodgman on one half-plane)."""
    m = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    d = (b[0] - a[0], b[1] - a[1])

    def side(p):
        return (p[0] - m[0]) * d[0] + (p[1] - m[1]) * d[1]

    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0 < sq) or (sq < 0 < sp):
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def village_cells():
    """Voronoi cells of the settlement centres clipped to the outline, with shared vertices,
    and the shared edges given a deterministic wiggle so boundaries look drawn, not computed."""
    seeds = [v[2] for v in VILLAGES]
    cells = []
    for i, s in enumerate(seeds):
        poly = list(OUTLINE)
        for j, o in enumerate(seeds):
            if i != j:
                poly = clip_halfplane(poly, s, o)
        cells.append(poly)
    # canonical vertices: identical coordinates for a vertex shared by several cells
    canon = []

    def cid(p):
        for k, c in enumerate(canon):
            if dist(c, p) < 1e-7:
                return k
        canon.append(p)
        return len(canon) - 1

    id_cells = []
    for poly in cells:
        ids = []
        for p in poly:
            k = cid(p)
            if not ids or ids[-1] != k:
                ids.append(k)
        if ids[0] == ids[-1]:
            ids.pop()
        id_cells.append(ids)
    edges = set()
    for ids in id_cells:
        for i in range(len(ids)):
            edges.add((ids[i], ids[(i + 1) % len(ids)]))
    rings = []
    for ids in id_cells:
        ring = []
        for i in range(len(ids)):
            a, b = ids[i], ids[(i + 1) % len(ids)]
            ring.append(canon[a])
            if (b, a) in edges:   # an internal edge: wiggle it, the same for both cells
                lo, hi = min(a, b), max(a, b)
                rnd = random.Random(lo * 7919 + hi)
                pa, pb = canon[lo], canon[hi]
                L = dist(pa, pb)
                k = max(1, min(4, int(L / 0.6)))
                pts = []
                for j in range(1, k + 1):
                    t = j / (k + 1)
                    pts.append(along(pa, pb, t, (rnd.random() - 0.5) * 0.16 * L / k))
                if a != lo:
                    pts.reverse()
                ring.extend(pts)
        rings.append(ring)
    return rings


def allocate(total, weights, caps):
    """Largest-remainder apportionment of `total` by weights, each within caps."""
    wsum = sum(weights)
    raw = [total * w / wsum for w in weights]
    out = [min(int(r), c) for r, c in zip(raw, caps)]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    while sum(out) < total:
        progressed = False
        for i in order:
            if sum(out) < total and out[i] < caps[i]:
                out[i] += 1
                progressed = True
        if not progressed:
            raise SystemExit("allocation impossible")
    return out


def village_figures():
    hh = [v[3] for v in VILLAGES]
    assert sum(hh) == TOTAL_HOUSEHOLDS, sum(hh)
    em = allocate(TOTAL_EM, [v[3] * v[4] for v in VILLAGES], hh)
    # Nà Trắng: 118 of 124 ethnic-minority households (the contract's example)
    poor = allocate(TOTAL_POOR, [v[3] * v[5] for v in VILLAGES], hh)
    near = allocate(TOTAL_NEAR_POOR, [v[3] * (0.6 + 0.4 * v[5]) for v in VILLAGES],
                    [h - p for h, p in zip(hh, poor)])
    return em, poor, near


def nearest_on_lines(p, lines):
    """(distance, line index, segment index, t, point) of the nearest point on lines."""
    best = None
    for li, line in enumerate(lines):
        for si in range(len(line) - 1):
            d, t, q = seg_project(p, line[si], line[si + 1])
            if best is None or d < best[0]:
                best = (d, li, si, t, q)
    return best


def make_households(cells, em, poor, near):
    """Household points: village clusters, plus the 7 Khe Đin households in the reserve core.
    Returned as dicts with design coordinates; acceptance keeps each household inside its
    village and on its village's side of every closure (verified again by the analysis)."""
    base_lines = [[N[n] for n in r[6]] for r in ROADS]
    base_codes = [r[0] for r in ROADS]
    earth = {r[0] for r in ROADS if r[3] == "earth"}
    out = []
    for vi, v in enumerate(VILLAGES):
        code, hh = v[0], v[3]
        rnd = random.Random(1000 + vi)
        (cx, cy), rad = CLUSTERS[code]
        n_core = KHE_DIN_CORE[2] if code == "KD" else 0
        pts = []
        if n_core:
            (kx, ky), kr, _ = KHE_DIN_CORE
            while len(pts) < n_core:
                p = (kx + (rnd.random() * 2 - 1) * kr, ky + (rnd.random() * 2 - 1) * kr)
                if point_in_ring(p, RESERVE_CORE) and point_in_ring(p, cells[vi]):
                    pts.append(p)
        tries = 0
        while len(pts) < hh:
            tries += 1
            if tries > 200000:
                raise SystemExit(f"cannot place households of {code}")
            a = rnd.random() * 2 * math.pi
            r = rad * math.sqrt(rnd.random())
            p = (cx + r * math.cos(a), cy + r * math.sin(a))
            if not point_in_ring(p, cells[vi]) or point_in_ring(p, RESERVE_CORE):
                continue
            d, li, si, t, q = nearest_on_lines(p, base_lines)
            c = base_codes[li]
            if code == "NO":
                if dist(q, N["ENO"]) > 1e-9:
                    continue
            elif c in earth:
                continue
            if code == "TH" and c != "R01":
                continue
            if code == "NT" and (c != "R06" or q[1] < N["FNT"][1] + 0.15):
                continue
            if code == "DL" and c == "R01" and si >= 2:
                continue
            pts.append(p)
        order = list(range(hh))
        rnd.shuffle(order)
        em_set = set(order[:em[vi]])
        rnd.shuffle(order)
        poor_set = set(order[:poor[vi]])
        near_set = set(order[poor[vi]:poor[vi] + near[vi]])
        for k, p in enumerate(pts):
            m = [2, 3, 3, 4, 4, 4, 5, 5, 6, 7][int(rnd.random() * 10)]
            out.append({"village": code, "p": p, "members": m, "em": k in em_set,
                        "poverty": "poor" if k in poor_set else
                        ("near_poor" if k in near_set else "none"),
                        "core": k < n_core})
    return out


# =============================================================================================
# Coordinates: WGS 84 (rounded, the truth) and VN-2000 / TM-3 107°00' through cs2cs
# =============================================================================================

class VN2000:
    """Batch transform lon/lat -> VN-2000 (EPSG:9214) with one cs2cs call."""

    def __init__(self):
        self.pending = []
        self.cache = {}

    def want(self, lonlat):
        if lonlat not in self.cache:
            self.cache[lonlat] = None
            self.pending.append(lonlat)

    def run(self):
        text = "".join(f"{lat:.6f} {lon:.6f}\n" for lon, lat in self.pending)
        res = subprocess.run(["cs2cs", "-f", "%.4f", "EPSG:4326", "EPSG:9214"], input=text,
                             capture_output=True, text=True, check=True,
                             env=dict(os.environ, PROJ_NETWORK="OFF"))
        lines = res.stdout.strip().split("\n")
        assert len(lines) == len(self.pending)
        for ll_, line in zip(self.pending, lines):
            e, n = line.split()[:2]
            self.cache[ll_] = (float(e), float(n))
        self.pending = []

    def __call__(self, lonlat):
        return self.cache[lonlat]


# =============================================================================================
# Writers
# =============================================================================================

def fmt_num(x):
    return f"{x:.6f}".rstrip("0").rstrip(".")


def geojson(path, features):
    """One feature per line: small diffs, readable in any editor."""
    lines = ['{"type": "FeatureCollection", "features": [']
    for i, (props, geom) in enumerate(features):
        f = json.dumps({"type": "Feature", "properties": props, "geometry": geom},
                       ensure_ascii=False, separators=(", ", ": "))
        lines.append(f + ("," if i + 1 < len(features) else ""))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def gj_point(p):
    return {"type": "Point", "coordinates": list(ll(p))}


def gj_line(pts):
    return {"type": "LineString", "coordinates": [list(ll(p)) for p in pts]}


def gj_polygon(rings):
    out = []
    for i, r in enumerate(rings):
        r = list(r)
        ccw = ring_area(r) > 0
        if (i == 0) != ccw:   # shell counter-clockwise, holes clockwise (RFC 7946)
            r.reverse()
        c = [list(ll(p)) for p in r]
        out.append(c + [c[0]])
    return {"type": "Polygon", "coordinates": out}


def wkt_ring(coords):
    cs = list(coords) + [coords[0]]
    return "(" + ", ".join(f"{x:.3f} {y:.3f}" for x, y in cs) + ")"


def csv_line(values):
    out = []
    for v in values:
        s = "" if v is None else str(v)
        if any(c in s for c in ',"\n'):
            s = '"' + s.replace('"', '""') + '"'
        out.append(s)
    return ",".join(out)


def tcvn3(text):
    """UTF-8 (NFC) -> TCVN3 bytes with glibc iconv, checked by the round trip."""
    text = nfc(text)
    enc = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(),
                         capture_output=True, check=True).stdout
    back = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=enc,
                          capture_output=True, check=True).stdout.decode()
    assert nfc(back) == text, "TCVN3 round trip failed"
    bad = sorted({b for b in enc if b < 0x20 and b not in (0x0A,)})
    assert not bad, f"TCVN3 output holds control bytes {bad}: avoid those capitals"
    return enc


# =============================================================================================
# The cross-check: contract §2 and §4 on our own data, in VN-2000 metres
# =============================================================================================

SNAP_M, CROSSING_M, ACCESS_M, FORD_DEPTH_M = 1.0, 25.0, 2000.0, 0.3
SPEED = {"asphalt": 40.0, "concrete": 30.0, "gravel": 20.0, "earth": 15.0}
WALK = 4.0


def point_on_surface(rings):
    """GEOS InteriorPointArea (3.8+) for one polygon: the midpoint of the widest section of the
    horizontal scan line that avoids every vertex's y."""
    ys = [p[1] for r in rings for p in r]
    lo, hi = min(ys), max(ys)
    centre = (lo + hi) / 2
    for y in ys:
        if y <= centre:
            if y > lo:
                lo = y
        elif y < hi:
            hi = y
    sy = (lo + hi) / 2
    xs = []
    for r in rings:
        for i in range(len(r)):
            (x1, y1), (x2, y2) = r[i], r[(i + 1) % len(r)]
            if (y1 > sy) != (y2 > sy):
                xs.append(x1 + (sy - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    best, bx = -1.0, None
    for i in range(0, len(xs), 2):
        w = xs[i + 1] - xs[i]
        if w > best:
            best, bx = w, (xs[i] + xs[i + 1]) / 2
    return (bx, sy)


def key(p):
    return (round(p[0], 3), round(p[1], 3))


class Network:
    """Roads noded at shared vertices and at road ends lying on another road; fords, bridges
    and join points (access points, households, facilities) split the nearest road."""

    def __init__(self, roads, fords, bridges, hazards, joins):
        # roads: [{code, surface, cls, pts}], fords: [(code, xy, depth)], bridges:
        # [(code, xy, vehicles)], hazards: [rings], joins: [(id, xy)]
        self.roads = roads
        lines = [r["pts"] for r in roads]
        inserts = [dict() for _ in roads]   # road -> seg -> [t]

        def insert(li, si, t):
            line = lines[li]
            if t <= 1e-12:
                return key(line[si])
            if t >= 1 - 1e-12:
                return key(line[si + 1])
            a, b = line[si], line[si + 1]
            q = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
            inserts[li].setdefault(si, []).append((t, q))
            return key(q)

        # T-junctions digitised without a vertex
        self.t_junctions = []
        for li, line in enumerate(lines):
            for end in (line[0], line[-1]):
                for lj, other in enumerate(lines):
                    for sj in range(len(other) - 1):
                        d, t, q = seg_project(end, other[sj], other[sj + 1])
                        if d <= SNAP_M and 1e-9 < t < 1 - 1e-9:
                            self.t_junctions.append((roads[li]["code"], roads[lj]["code"]))
                            insert(lj, sj, t)
        self.ford_node = {}
        self.far_fords = []
        for code, xy, depth in fords:
            d, li, si, t, q = nearest_on_lines(xy, lines)
            if d <= CROSSING_M:
                self.ford_node[code] = (insert(li, si, t), depth, d)
            else:
                self.far_fords.append((code, d))
        self.bridge_node = {}
        for code, xy, vehicles in bridges:
            d, li, si, t, q = nearest_on_lines(xy, lines)
            if d <= CROSSING_M:
                self.bridge_node[code] = (insert(li, si, t), vehicles, d)
        self.join = {}
        for jid, xy in joins:
            d, li, si, t, q = nearest_on_lines(xy, lines)
            if d <= ACCESS_M:
                self.join[jid] = (insert(li, si, t), d, roads[li]["code"])
            else:
                self.join[jid] = (None, d, None)
        # hazard polygon edges split roads
        for li, line in enumerate(lines):
            for si in range(len(line) - 1):
                for ring in hazards:
                    for k in range(len(ring)):
                        hit = seg_intersection(line[si], line[si + 1], ring[k],
                                               ring[(k + 1) % len(ring)])
                        if hit:
                            insert(li, si, hit[0])
        # edges
        self.adj = {}
        self.edges = []
        self.road_length = {}
        for li, line in enumerate(lines):
            r = roads[li]
            seq = []
            for si in range(len(line) - 1):
                seq.append(line[si])
                for t, q in sorted(inserts[li].get(si, [])):
                    seq.append(q)
            seq.append(line[-1])
            for a, b in zip(seq, seq[1:]):
                ka, kb = key(a), key(b)
                if ka == kb:
                    continue
                length = dist(a, b)
                mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                hz = any(point_in_ring(mid, ring) for ring in hazards)
                e = len(self.edges)
                self.edges.append({"a": ka, "b": kb, "len": length, "surface": r["surface"],
                                   "code": r["code"], "cls": r["cls"], "hazard": hz})
                self.adj.setdefault(ka, []).append((kb, e))
                self.adj.setdefault(kb, []).append((ka, e))
        # distinct road vertices closer than snap_m would be an accidental near-junction
        ks = sorted({key(p) for line in lines for p in line})
        self.near_misses = []
        for i, a in enumerate(ks):
            for b in ks[i + 1:]:
                if b[0] - a[0] > SNAP_M:
                    break
                if 0 < dist(a, b) <= SNAP_M:
                    self.near_misses.append((a, b))

    # -- scenarios -----------------------------------------------------------------------
    def closures(self, scenario, upgraded=(), bridged=()):
        """(closed edges, closed nodes -> ford code)."""
        if scenario == "dry":
            return set(), {}
        ce = set()
        for i, e in enumerate(self.edges):
            surface = "concrete" if e["code"] in upgraded else e["surface"]
            if surface == "earth" or e["hazard"]:
                ce.add(i)
        cn = {}
        for code, (node, depth, _) in self.ford_node.items():
            if depth > FORD_DEPTH_M and code not in bridged:
                cn[node] = code
        for code, (node, vehicles, _) in self.bridge_node.items():
            if vehicles:
                cn.pop(node, None)
        return ce, cn

    def times(self, sources, closed_edges, closed_nodes, upgraded=()):
        """Multi-source Dijkstra in minutes: sources = {node: start minutes}."""
        import heapq
        best = {}
        heap = [(t, n) for n, t in sources.items() if n not in closed_nodes]
        heapq.heapify(heap)
        while heap:
            t, n = heapq.heappop(heap)
            if n in best:
                continue
            best[n] = t
            for m, e in self.adj.get(n, []):
                if e in closed_edges or m in closed_nodes or m in best:
                    continue
                ed = self.edges[e]
                surface = "concrete" if ed["code"] in upgraded else ed["surface"]
                heapq.heappush(heap, (t + ed["len"] / 1000 / SPEED[surface] * 60, m))
        return best

    def blocked_by(self, sources, start, closed_edges, closed_nodes):
        """Fewest closed elements (a road's closed parts count once), ties by length, from
        `start` to any source node; returns the sorted element list."""
        import heapq
        ford_at = closed_nodes
        counter = 0
        heap = [((1 if start in ford_at else 0), 0.0, counter, start, None, None)]
        seen = {}
        while heap:
            c, l, _, n, last, path = heapq.heappop(heap)
            if (n, last) in seen:
                continue
            seen[(n, last)] = True
            if n in sources:
                els = set()
                p = path
                while p is not None:
                    els.add(p[0])
                    p = p[1]
                if start in ford_at:
                    els.add(("fords", ford_at[start]))
                return sorted(els)
            for m, e in self.adj.get(n, []):
                ed = self.edges[e]
                c2, last2, p2 = c, None, path
                if e in closed_edges:
                    last2 = ed["code"]
                    if last != ed["code"]:
                        c2 += 1
                        p2 = (("roads", ed["code"]), p2)
                if m in ford_at:
                    c2 += 1
                    p2 = (("fords", ford_at[m]), p2)
                counter += 1
                heapq.heappush(heap, (c2, l + ed["len"], counter, m, last2, p2))
        return None


# =============================================================================================
# Main: build, write, analyse
# =============================================================================================

def project_line(p):
    """Design-coordinate line of a project (None for bridges)."""
    code, kind, road_code, geom = p[0], p[2], p[4], p[10]
    if kind == "road_new":
        return [pt(x) for x in geom]
    if kind == "road_upgrade":
        feats = [r for r in ROADS if r[0] == road_code]
        upgraded = [r for r in feats if r[3] not in ("asphalt", "concrete")] or feats
        line = []
        for r in upgraded:
            seg = [N[n] for n in r[6]]
            line.extend(seg if not line else seg[1:])
        return line
    return None


def build(vn, cells, em, poor, near, hhs):
    files = {}
    # --- villages (Vietnamese field names, mapped in the manifest)
    feats = []
    pop = {}
    for h in hhs:
        pop[h["village"]] = pop.get(h["village"], 0) + h["members"]
    for vi, v in enumerate(VILLAGES):
        props = {"ma_thon": v[0], "ten": v[1], "so_ho": v[3], "so_khau": pop[v[0]],
                 "ho_dtts": em[vi], "ho_ngheo": poor[vi], "ho_can_ngheo": near[vi],
                 "dbkk": v[6]}
        feats.append((props, gj_polygon([cells[vi]])))
    files["villages.geojson"] = geojson("villages", feats)
    # --- roads (Vietnamese field names and vocabulary)
    feats = []
    for code, name, cls, surface, width, cond, nodes in ROADS:
        props = {"ma_duong": code, "ten_duong": name, "cap_duong": CLASS_VI[cls],
                 "ket_cau": SURFACE_VI[surface], "be_rong_m": width, "tinh_trang": cond}
        feats.append((props, gj_line([N[n] for n in nodes])))
    files["roads.geojson"] = geojson("roads", feats)
    # --- fords, bridges, waterways, zones
    files["fords.geojson"] = geojson("fords", [
        ({"code": c, "name": n, "flood_depth_m": d, "flooded_days_per_year": days},
         gj_point(N[node])) for c, n, node, d, days in FORDS])
    files["bridges.geojson"] = geojson("bridges", [
        ({"code": c, "name": n, "vehicles": veh}, gj_point(pt(node)))
        for c, n, node, veh in BRIDGES])
    files["waterways.geojson"] = geojson("waterways", [
        ({"name": n, "kind": k}, gj_line([pt(x) for x in pts])) for n, k, pts in WATERWAYS])
    files["reserve_zones.geojson"] = geojson("reserve_zones", [
        ({"name": "Khu bảo tồn Khe Rồ - vùng lõi", "zone": "core"}, gj_polygon([RESERVE_CORE])),
        ({"name": "Khu bảo tồn Khe Rồ - vùng đệm", "zone": "buffer"},
         gj_polygon([RESERVE_BUFFER, RESERVE_CORE]))])
    hz_rings = [blob(c, r, 18, seed) for _, _, c, r, seed in HAZARDS]
    files["hazard_zones.geojson"] = geojson("hazard_zones", [
        ({"kind": k, "scenario": s}, gj_polygon([ring]))
        for (k, s, _, _, _), ring in zip(HAZARDS, hz_rings)])
    # --- projects
    feats = []
    for p in PROJECTS:
        code, name, kind, ford, road, cost, fund, status, prog, year, geom = p
        props = {"code": code, "name": name, "kind": kind, "ford_code": ford,
                 "road_code": road, "cost_million_vnd": cost, "funding": fund,
                 "status": status, "progress_pct": prog, "year": year}
        g = gj_point(N[geom]) if kind == "bridge" else gj_line(project_line(p))
        feats.append((props, g))
    files["projects.geojson"] = geojson("projects", feats)

    # --- VN-2000 for everything the CSVs and the analysis need
    fac_rows = list(FACILITIES) + [
        (f"NVH-{vc}", f"Nhà văn hóa thôn {VILLAGE_NAME[vc]}", "culture_house", vc, None, None,
         CULTURE_HOUSES[vc]) for vc in [v[0] for v in VILLAGES] if vc in CULTURE_HOUSES]
    forest_rings = [[blob(c, r, 12, seed, 0.2) for c, r, seed in f[6]] for f in FOREST]
    for row in fac_rows:
        vn.want(ll(row[6]))
    for parts in forest_rings:
        for ring in parts:
            for q in ring:
                vn.want(ll(q))
    for r in ROADS:
        for n in r[6]:
            vn.want(ll(N[n]))
    for p in PROJECTS:
        for q in (project_line(p) or [N[p[10]]]):
            vn.want(ll(q))
    for c, *_ in FORDS:
        pass
    for ring in cells + hz_rings + [RESERVE_CORE]:
        for q in ring:
            vn.want(ll(q))
    for _, _, node, _ in BRIDGES:
        vn.want(ll(pt(node)))
    for _, _, pts in WATERWAYS:
        for x in pts:
            vn.want(ll(pt(x)))
    for h in hhs:
        vn.want(ll(h["p"]))
    vn.run()

    def vn3(q):
        e, n = vn(ll(q))
        return (round(e, 3), round(n, 3))

    # --- facilities: VN-2000 WKT, names in TCVN3 bytes
    lines = [csv_line(["code", "name", "kind", "village_code", "standard_level", "beds", "WKT"])]
    fac_vn = []
    for code, name, kind, vc, lvl, beds, pos in fac_rows:
        x, y = vn3(pos)
        fac_vn.append((code, name, kind, vc, lvl, beds, (x, y)))
        lines.append(csv_line([code, name, kind, vc, lvl, beds, f"POINT ({x:.3f} {y:.3f})"]))
    files["facilities_tcvn3.csv"] = tcvn3("\n".join(lines) + "\n")
    files["facilities_tcvn3.csvt"] = '"String","String","String","String","Integer","Integer","WKT"\n'
    # --- forest parcels: VN-2000 WKT, Vietnamese field names
    lines = [csv_line(["ma_lo", "chu_rung", "muc_dich", "loai_cay", "so_do", "fsc", "WKT"])]
    forest_vn = []
    for f, parts in zip(FOREST, forest_rings):
        vparts = [[vn3(q) for q in ring] for ring in parts]
        forest_vn.append((f, vparts))
        if len(vparts) == 1:
            w = "POLYGON (" + wkt_ring(vparts[0]) + ")"
        else:
            w = "MULTIPOLYGON (" + ", ".join("(" + wkt_ring(r) + ")" for r in vparts) + ")"
        lines.append(csv_line([f[0], f[1], f[2], f[3], int(f[4]), int(f[5]), w]))
    files["forest_parcels_vn2000.csv"] = "\n".join(lines) + "\n"
    files["forest_parcels_vn2000.csvt"] = '"String","String","String","String","Integer(Boolean)","Integer(Boolean)","WKT"\n'
    # --- households: WGS 84 WKT (lon lat)
    lines = [csv_line(["village_code", "members", "ethnic_minority", "poverty", "WKT"])]
    for h in hhs:
        lon, lat = ll(h["p"])
        lines.append(csv_line([h["village"], h["members"], int(h["em"]), h["poverty"],
                               f"POINT ({fmt_num(lon)} {fmt_num(lat)})"]))
    files["households.csv"] = "\n".join(lines) + "\n"
    files["households.csvt"] = '"String","Integer","Integer(Boolean)","String","WKT"\n'

    geo = {
        "roads": [{"code": r[0], "surface": r[3], "cls": r[2],
                   "pts": [vn(ll(N[n])) for n in r[6]]} for r in ROADS],
        "fords": [(c, vn(ll(N[node])), d) for c, _, node, d, _ in FORDS],
        "bridges": [(c, vn(ll(pt(node))), veh) for c, _, node, veh in BRIDGES],
        "hazards": [[vn(ll(q)) for q in ring] for ring in hz_rings],
        "cells": [[vn(ll(q)) for q in ring] for ring in cells],
        "core": [vn(ll(q)) for q in RESERVE_CORE],
        "waterways": [[vn(ll(pt(x))) for x in pts] for _, _, pts in WATERWAYS],
        "facilities": fac_vn,
        "forest": forest_vn,
        "households": [dict(h, xy=vn(ll(h["p"]))) for h in hhs],
        "new_roads": {p[0]: [vn(ll(q)) for q in project_line(p)]
                      for p in PROJECTS if p[2] == "road_new"},
    }
    return files, geo


def analyse(geo):
    """Every answer of the README, from the generated data by contract §2/§4."""
    import itertools
    A = {}
    hh_of = {v[0]: v[3] for v in VILLAGES}
    fac = geo["facilities"]
    access = {}
    for vi, v in enumerate(VILLAGES):
        ch = [f for f in fac if f[2] == "culture_house" and f[3] == v[0]]
        access[v[0]] = ch[0][6] if ch else point_on_surface([geo["cells"][vi]])
    hhs = geo["households"]
    joins = [(("fac", f[0]), f[6]) for f in fac]
    joins += [(("vil", c), xy) for c, xy in access.items()]
    joins += [(("hh", i), h["xy"]) for i, h in enumerate(hhs)]
    cache = {}

    def network(new_codes=frozenset()):
        if new_codes not in cache:
            roads = list(geo["roads"]) + [
                {"code": c, "surface": "concrete", "cls": "village_axis",
                 "pts": geo["new_roads"][c]} for c in sorted(new_codes)]
            cache[new_codes] = Network(roads, geo["fords"], geo["bridges"], geo["hazards"],
                                       joins)
        return cache[new_codes]

    def dest_sources(net, kind="commune_centre"):
        src = {}
        for f in fac:
            if f[2] == kind:
                node, d, _ = net.join[("fac", f[0])]
                src[node] = min(src.get(node, 1e9), d / 1000 / WALK * 60)
        return src

    def reach(net, scenario, upgraded=(), bridged=()):
        ce, cn = net.closures(scenario, upgraded, bridged)
        best = net.times(dest_sources(net), ce, cn, upgraded)
        vil = {}
        for c in access:
            node, d, _ = net.join[("vil", c)]
            vil[c] = (best[node] + d / 1000 / WALK * 60) if node in best else None
        hh = []
        for i in range(len(hhs)):
            node, d, _ = net.join[("hh", i)]
            hh.append(node is not None and node in best)
        return vil, hh

    def set_value(sel):
        """Households that reach the centre in rainy with the projects `sel` built:
        (by village access points, by household points)."""
        ps = [p for p in PROJECTS if p[0] in sel]
        net = network(frozenset(p[0] for p in ps if p[2] == "road_new"))
        vil, hh = reach(net, "rainy", upgraded={p[4] for p in ps if p[2] == "road_upgrade"},
                        bridged={p[3] for p in ps if p[2] == "bridge"})
        return vil, hh

    base = network()
    A["t_junctions"] = base.t_junctions
    A["near_misses"] = base.near_misses
    A["far_fords"] = base.far_fords
    A["ford_snap_m"] = {c: round(v[2], 3) for c, v in base.ford_node.items()}
    A["bridges_on_roads"] = sorted(base.bridge_node)
    vil_dry, hh_dry = reach(base, "dry")
    vil_rain, hh_rain = reach(base, "rainy")
    ce, cn = base.closures("rainy")
    dry_src = dest_sources(base)
    villages = []
    for v in VILLAGES:
        c = v[0]
        node, d, rc = base.join[("vil", c)]
        row = {"code": c, "name": v[1], "households": v[3],
               "access_point": [round(access[c][0], 3), round(access[c][1], 3)],
               "access_m": round(d, 1),
               "access_road": rc, "culture_house": any(f[2] == "culture_house" and f[3] == c
                                                        for f in fac),
               "travel_min_dry": vil_dry[c], "travel_min": vil_rain[c]}
        if vil_dry[c] is not None and vil_rain[c] is None:
            row["blocked_by"] = base.blocked_by(dry_src, node, ce, cn)
        villages.append(row)
    A["villages"] = villages
    # household points must agree with their village (except those without road access)
    no_road = [i for i in range(len(hhs)) if base.join[("hh", i)][0] is None]
    A["households_without_road"] = len(no_road)
    A["households_without_road_villages"] = sorted({hhs[i]["village"] for i in no_road})
    A["households_without_road_min_distance_m"] = round(
        min(base.join[("hh", i)][1] for i in no_road), 1) if no_road else None
    mismatches = []
    for i, h in enumerate(hhs):
        if i in no_road:
            assert h["core"], f"household {i} of {h['village']} has no road"
            continue
        c = h["village"]
        if hh_dry[i] != (vil_dry[c] is not None) or hh_rain[i] != (vil_rain[c] is not None):
            mismatches.append((c, i, hh_dry[i], hh_rain[i], base.join[("hh", i)][2]))
    if mismatches:
        for v in villages:
            print(v, file=sys.stderr)
        raise SystemExit(f"households disagree with their village: {mismatches[:20]}")
    for h in hhs:
        if h["core"]:
            assert point_in_ring(h["xy"], geo["core"])
    A["households_in_core"] = sum(point_in_ring(h["xy"], geo["core"]) for h in hhs)

    # --- projects, one at a time and as portfolios
    base_vil, base_hh = set_value(())
    base_reached_v = {c for c, t in base_vil.items() if t is not None}
    base_reached_h = {i for i, ok in enumerate(base_hh) if ok}

    def gain(sel):
        vil, hh = set_value(sel)
        gv = sorted(c for c, t in vil.items() if t is not None and c not in base_reached_v)
        by_v = sum(hh_of[c] for c in gv)
        by_h = sum(1 for i, ok in enumerate(hh) if ok and i not in base_reached_h)
        lost = [c for c in base_reached_v if vil[c] is None]
        assert not lost, (sel, lost)
        return by_v, by_h, gv

    open_projects = [p for p in PROJECTS if p[7] != "done"]
    ranking = []
    for p in open_projects:
        by_v, by_h, gv = gain((p[0],))
        assert by_v == by_h, (p[0], by_v, by_h)
        ranking.append({"code": p[0], "name": p[1], "kind": p[2], "cost": p[5],
                        "households_unflooded": by_h, "villages_unflooded": gv,
                        "per_billion": round(by_h / (p[5] / 1000), 2)})
    ranking.sort(key=lambda r: (-r["households_unflooded"], r["cost"], r["code"]))
    A["ranking"] = ranking
    best = None
    sets = []
    for k in range(len(open_projects) + 1):
        for combo in itertools.combinations(open_projects, k):
            cost = sum(p[5] for p in combo)
            if cost > BUDGET:
                continue
            sets.append((cost, tuple(sorted(p[0] for p in combo))))
    # only sets of projects that can matter need the network: a set's value can only come
    # from bridges and new/upgraded roads; evaluate every set (a few hundred), cached networks
    values = {}
    for cost, sel in sets:
        by_v, by_h, gv = gain(sel)
        assert by_v == by_h, (sel, by_v, by_h)
        values[sel] = (by_h, cost, gv)
        if best is None or (by_h, -cost) > (best[0], -best[1]):
            best = (by_h, cost, sel, gv)
    A["portfolio"] = {"budget": BUDGET, "projects": list(best[2]), "cost": best[1],
                      "households_unflooded": best[0], "villages": best[3],
                      "sets_evaluated": len(sets)}
    pair = ("P02", "P04")
    A["pair"] = {"projects": pair, "households_unflooded": gain(pair)[1],
                 "villages": gain(pair)[2]}
    allp = tuple(sorted(p[0] for p in open_projects))
    A["all_projects"] = {"households_unflooded": gain(allp)[1], "villages": gain(allp)[2],
                         "cost": sum(p[5] for p in open_projects)}

    # --- data checks (what `check` should find: nothing serious)
    ends = {}
    for r in geo["roads"]:
        for e in (r["pts"][0], r["pts"][-1]):
            ends[key(e)] = ends.get(key(e), 0) + 1
    degree = {n: len(a) for n, a in base.adj.items()}
    dead_ends = []
    for r in geo["roads"]:
        for e in (r["pts"][0], r["pts"][-1]):
            if degree.get(key(e), 0) == 1:
                others = [x["pts"] for x in geo["roads"] if x is not r]
                d = nearest_on_lines(e, others)[0]
                dead_ends.append((r["code"], round(d, 1)))
    A["dead_ends"] = dead_ends
    # roads must not cross without a shared vertex (no accidental overpasses), new roads
    # included; streams must cross roads only at a ford or bridge
    lines = [(r["code"], r["pts"]) for r in geo["roads"]] + sorted(geo["new_roads"].items())
    crossings = []
    for i, (ca, la) in enumerate(lines):
        for cb, lb in lines[i + 1:]:
            for a, b in zip(la, la[1:]):
                for c, d in zip(lb, lb[1:]):
                    hit = seg_intersection(a, b, c, d)
                    if hit and 1e-9 < hit[0] < 1 - 1e-9 and 1e-9 < hit[1] < 1 - 1e-9:
                        crossings.append((ca, cb))
    assert not crossings, f"roads cross without a junction: {crossings}"
    crossing_nodes = {key(xy) for _, xy, _ in geo["fords"]} | {
        key(xy) for _, xy, _ in geo["bridges"]}
    stream_hits = []
    for w in geo["waterways"]:
        for code, line in lines:
            for a, b in zip(w, w[1:]):
                for c, d in zip(line, line[1:]):
                    hit = seg_intersection(a, b, c, d)
                    if hit:
                        q = (a[0] + hit[0] * (b[0] - a[0]), a[1] + hit[0] * (b[1] - a[1]))
                        if not any(dist(q, n) < 0.01 for n in crossing_nodes):
                            stream_hits.append((code, [round(q[0]), round(q[1])]))
    assert not stream_hits, f"streams cross roads without a ford or bridge: {stream_hits}"
    # connected components of the dry network
    comp, seen = 0, set()
    for n in base.adj:
        if n in seen:
            continue
        comp += 1
        stack = [n]
        seen.add(n)
        while stack:
            x = stack.pop()
            for y, _ in base.adj[x]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
    A["components"] = comp
    # hazard zones: which roads they close
    A["hazard_roads"] = sorted({e["code"] for e in base.edges if e["hazard"]})
    A["hazard_length_m"] = round(sum(e["len"] for e in base.edges if e["hazard"]), 1)

    # --- indicators
    length = {}
    for r in geo["roads"]:
        L = sum(dist(a, b) for a, b in zip(r["pts"], r["pts"][1:]))
        length[(r["cls"], r["surface"])] = length.get((r["cls"], r["surface"]), 0) + L
    A["length_km"] = {f"{c}/{s}": round(v / 1000, 3) for (c, s), v in sorted(length.items())}

    def hardened(classes):
        tot = sum(v for (c, s), v in length.items() if c in classes)
        hard = sum(v for (c, s), v in length.items() if c in classes and
                   s in ("asphalt", "concrete"))
        return round(hard / 1000, 3), round(tot / 1000, 3), round(100 * hard / tot, 1)

    ind = {}
    ind["axis_inter_commune_hardened"] = hardened({"commune_axis", "inter_commune"})
    ind["village_axis_hardened"] = hardened({"village_axis"})
    reach_h = sum(1 for ok in hh_rain if ok)
    ind["households_all_season_access"] = (reach_h, len(hhs), round(100 * reach_h / len(hhs), 1))
    allseason = [r["pts"] for r in geo["roads"] if r["surface"] != "earth"]
    pop_tot = sum(h["members"] for h in hhs)
    pop_in = sum(h["members"] for h in hhs if nearest_on_lines(h["xy"], allseason)[0] <= ACCESS_M)
    ind["rural_access_index"] = (pop_in, pop_tot, round(100 * pop_in / pop_tot, 1))
    nch = sum(1 for v in villages if v["culture_house"])
    ind["villages_with_culture_house"] = (nch, len(villages), round(100 * nch / len(villages), 1))
    schools = [f for f in fac if f[2] in ("kindergarten", "primary_school", "secondary_school")]
    l1 = sum(1 for f in schools if (f[4] or 0) >= 1)
    l2 = sum(1 for f in schools if (f[4] or 0) >= 2)
    ind["schools_level_1"] = (l1, len(schools), round(100 * l1 / len(schools), 1))
    ind["schools_level_2"] = (l2, len(schools))
    ind["households_in_reserve_core"] = A["households_in_core"]
    cert = sum(1 for f, _ in geo["forest"] if f[4])
    ind["forest_parcels_certified"] = (cert, len(geo["forest"]),
                                       round(100 * cert / len(geo["forest"]), 1))
    area = {}
    for f, parts in geo["forest"]:
        a = sum(abs(ring_area(r)) for r in parts) / 10000
        area[f[4]] = area.get(f[4], 0) + a
    ind["forest_area_certified_ha"] = (round(area.get(True, 0), 1),
                                       round(sum(area.values()), 1))
    poor = sum(1 for h in hhs if h["poverty"] == "poor")
    near = sum(1 for h in hhs if h["poverty"] == "near_poor")
    ind["poor_near_poor"] = (poor, near, len(hhs), round(100 * (poor + near) / len(hhs), 2))
    ind["health_station_beds"] = sum(f[5] or 0 for f in fac if f[2] == "health_station")
    A["indicators"] = ind
    A["commune_area_km2"] = round(sum(abs(ring_area(c)) for c in geo["cells"]) / 1e6, 2)
    A["cells_simple"] = all(ring_is_simple(c) for c in geo["cells"])
    return A


WHY = {
    "NT": "Nà Trắng's only way out is its concrete road R06, which crosses the Khe Đin stream "
          "at Ngầm Nà Trắng (F01, 0.8 m deep in the rains).",
    "TH": "Thác lies at the end of the commune axis road R01, beyond Ngầm Đầu Làng (F02, "
          "0.6 m), where R01 fords the Nước Vàng stream.",
    "NO": "Nà Ó's only road is the earth road R15 from Thác (closed when wet), and Thác itself "
          "is beyond F02: two closures in series.",
}


def fmt_min(t):
    return "–" if t is None else f"{t:.1f}"


def answers_markdown(A):
    """The README's answer tables, generated so they cannot drift from the data."""
    L = []
    vs = {v["code"]: v for v in A["villages"]}
    cut = [v for v in A["villages"] if v["travel_min_dry"] is not None and
           v["travel_min"] is None]
    em = {v[0]: None for v in VILLAGES}
    L.append("### Cut off in `rainy` (destination `commune_centre`)\n")
    L.append("| village | code | households | dry travel (min) | blocked_by | why |")
    L.append("|---|---|---:|---:|---|---|")
    for v in sorted(cut, key=lambda v: v["name"]):
        bb = ", ".join(f"{layer} {code}" for layer, code in v["blocked_by"])
        L.append(f"| {v['name']} | {v['code']} | {v['households']} | "
                 f"{fmt_min(v['travel_min_dry'])} | {bb} | {WHY[v['code']]} |")
    hh_cut = sum(v["households"] for v in cut)
    L.append("")
    L.append(f"Summary: {len(A['villages'])} villages, {len(cut)} cut off, "
             f"{TOTAL_HOUSEHOLDS} households, {hh_cut} households cut off, "
             f"{A['households_without_road']} households without road (with the household "
             "points; 0 without them).\n")
    slower = [v for v in A["villages"] if v["travel_min"] is not None and
              v["travel_min"] - v["travel_min_dry"] > 0.05]
    L.append("Still reachable in `rainy` but by a longer way (Ngầm Nà Đình F03, 0.5 m, is "
             "closed; the way round is the Rõng road R02 and QL31):\n")
    L.append("| village | code | dry (min) | rainy (min) |")
    L.append("|---|---|---:|---:|")
    for v in slower:
        L.append(f"| {v['name']} | {v['code']} | {fmt_min(v['travel_min_dry'])} | "
                 f"{fmt_min(v['travel_min'])} |")
    L.append("")
    L.append("### Projects, one at a time (`rank`, scenario `rainy`)\n")
    L.append("| rank | code | project | kind | cost (million VND) | households_unflooded | "
             "villages | households per billion VND |")
    L.append("|---:|---|---|---|---:|---:|---|---:|")
    for i, r in enumerate(A["ranking"], 1):
        L.append(f"| {i} | {r['code']} | {r['name']} | {r['kind']} | {r['cost']:,} | "
                 f"{r['households_unflooded']} | {', '.join(r['villages_unflooded']) or '–'} | "
                 f"{r['per_billion']:.2f} |")
    p = A["portfolio"]
    L.append("")
    L.append(f"Portfolio with `budget_million_vnd = {p['budget']:,}`: **{', '.join(p['projects'])}"
             f"** (cost {p['cost']:,}, {p['households_unflooded']} households unflooded: "
             f"{', '.join(VILLAGE_NAME[c] for c in p['villages'])}), proven optimal over all "
             f"{p['sets_evaluated']} affordable sets. P04 alone unfloods nobody and P02 alone "
             "88, but together they reopen Thác and Nà Ó (88 + 64 = 152), which beats the best "
             "single project P01 (124) — and P01 + P02 (12,200) does not fit. All eleven projects "
             f"together (cost {A['all_projects']['cost']:,}) unflood "
             f"{A['all_projects']['households_unflooded']} households.\n")
    ind = A["indicators"]
    L.append("### Indicators\n")
    L.append("| indicator | value | target |")
    L.append("|---|---|---|")
    h, t, pc = ind["axis_inter_commune_hardened"]
    L.append(f"| commune-axis + inter-commune road hardened (asphalt/concrete) | {h:.1f} of {t:.1f} km"
             f" = {pc:.1f}% | 100% |")
    h, t, pc = ind["village_axis_hardened"]
    L.append(f"| village-axis road hardened | {h:.1f} of {t:.1f} km = {pc:.1f}% | > 90% |")
    a, b, pc = ind["households_all_season_access"]
    L.append(f"| households with all-season access to the commune centre | {a:,} of {b:,} = {pc:.1f}%"
             " | 100% |")
    a, b, pc = ind["rural_access_index"]
    L.append(f"| Rural Access Index (people within 2 km of a non-earth road) | {a:,} of {b:,} = "
             f"{pc:.1f}% | – |")
    a, b, pc = ind["villages_with_culture_house"]
    L.append(f"| villages with a culture house | {a} of {b} = {pc:.0f}% | 100% |")
    a, b, pc = ind["schools_level_1"]
    L.append(f"| schools at standard level ≥ 1 (kindergarten, primary incl. the Rõng campus, "
             f"lower-secondary) | {a} of {b} = {pc:.0f}% | 100% |")
    a, b = ind["schools_level_2"]
    L.append(f"| schools at standard level 2 | {a} of {b} | ≥ 1 in 6 |")
    L.append(f"| households inside the Khe Rồ reserve core | {ind['households_in_reserve_core']} "
             "(Khe Đin) | 0 |")
    a, b, pc = ind["forest_parcels_certified"]
    ca, ta = ind["forest_area_certified_ha"]
    L.append(f"| forest parcels with a land-use certificate | {a} of {b} = {pc:.1f}% "
             f"({ca:.0f} of {ta:.0f} ha) | 100% |")
    po, ne, t, pc = ind["poor_near_poor"]
    L.append(f"| poor + near-poor households | {po} + {ne} of {t:,} = {pc:.2f}% | < 10% |")
    L.append(f"| health-station beds | {ind['health_station_beds']} | 10 |")
    L.append("")
    L.append("Road length by class and surface (km): " + ", ".join(
        f"{k} {v:.2f}" for k, v in A["length_km"].items()) + ".\n")
    L.append("### Every village\n")
    L.append("| code | village | households | ethnic-minority | poor | near-poor | especially "
             "difficult | culture house | joins road | walk (m) | dry (min) | rainy (min) |")
    L.append("|---|---|---:|---:|---:|---:|---|---|---|---:|---:|---:|")
    fig = dict(zip([v[0] for v in VILLAGES], zip(*village_figures())))
    for vi, v in enumerate(VILLAGES):
        r = vs[v[0]]
        e, p_, n_ = fig[v[0]]
        L.append(f"| {v[0]} | {v[1]} | {v[3]} | {e} | {p_} | {n_} | {'yes' if v[6] else 'no'} | "
                 f"{'yes' if r['culture_house'] else 'no (PointOnSurface)'} | {r['access_road']} | "
                 f"{r['access_m']:.0f} | {fmt_min(r['travel_min_dry'])} | {fmt_min(r['travel_min'])} |")
    L.append(f"| | total | {TOTAL_HOUSEHOLDS:,} | {TOTAL_EM:,} | {TOTAL_POOR} | "
             f"{TOTAL_NEAR_POOR} | {sum(v[6] for v in VILLAGES)} | "
             f"{sum(1 for v in A['villages'] if v['culture_house'])} | | | | |")
    return "\n".join(L) + "\n"


README_BEGIN = "<!-- BEGIN ANSWERS (generated by tools/make_anlac.py) -->"
README_END = "<!-- END ANSWERS -->"


def main():
    check_only = "--check" in sys.argv
    cells = village_cells()
    em, poor, near = village_figures()
    hhs = make_households(cells, em, poor, near)
    vn = VN2000()
    files, geo = build(vn, cells, em, poor, near, hhs)
    A = analyse(geo)
    files["tools/expected.json"] = json.dumps(A, ensure_ascii=False, indent=1,
                                              default=list) + "\n"
    md = answers_markdown(A)
    readme_path = os.path.join(OUT, "README.md")
    if os.path.exists(readme_path):
        text = open(readme_path, encoding="utf-8").read()
        i, j = text.find(README_BEGIN), text.find(README_END)
        if i >= 0 and j > i:
            files["README.md"] = text[:i + len(README_BEGIN)] + "\n" + md + text[j:]
    print(md)
    changed = []
    for rel, content in sorted(files.items()):
        data = content if isinstance(content, bytes) else content.encode()
        path = os.path.join(OUT, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            changed.append(rel)
            if not check_only:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
    total = sum(len(c if isinstance(c, bytes) else c.encode()) for c in files.values())
    print(f"{len(files)} files, {total / 1024:.0f} KiB; "
          f"{'differ' if check_only else 'written'}: {', '.join(changed) or 'none'}",
          file=sys.stderr)
    return 1 if (check_only and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
