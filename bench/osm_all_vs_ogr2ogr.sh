#!/bin/sh
# Times `allseason import PROJECT all FILE.osm.pbf` against `ogr2ogr -f SQLite -dsco
# SPATIALITE=YES out.sqlite FILE.osm.pbf lines` (copying only the lines layer) on a generated
# OpenStreetMap file of N ways (issue 11, point 8), with peak memory from /usr/bin/time -v.
# Target: ours ≤ 1.5 × ogr2ogr's time at 1,000,000 ways. Each size runs REPEAT times
# (default 3), the tools alternating; the best wall time of each is compared.
#
#   bench/osm_all_vs_ogr2ogr.sh BUILD_DIR [N ...]      (default N: 1000000)
# BUILD_DIR must hold cli/allseason. Needs python3 and osmium-tool (installed with apt-get
# when missing) to turn the generated XML into PBF.
set -eu
build=${1:?usage: osm_all_vs_ogr2ogr.sh BUILD_DIR [N ...]}
shift
sizes=${*:-1000000}
repeat=${REPEAT:-3}
here=$(cd "$(dirname "$0")" && pwd)
allseason="$build/cli/allseason"
work=$(mktemp -d "${TMPDIR:-/tmp}/allseason-osm-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! command -v osmium >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends osmium-tool >/dev/null
fi

measure() { # command... → "wall_seconds user_seconds peak_MB"
    /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; exit 1; }
    awk -F': ' '
        /Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; wall = s}
        /User time/ {user = $2}
        /Maximum resident set size/ {peak = int($2 / 1024)}
        END {print wall, user, peak}' "$work/time"
}

best() { # file → "min_wall min_user max_peak"
    sort -n "$1" | awk 'NR == 1 {w = $1} {if (u == "" || $2 < u) u = $2; if ($3 > p) p = $3}
                        END {print w, u, p}'
}

printf '%-10s %-10s %10s %10s %10s\n' ways tool best_s user_s peak_MB
for n in $sizes; do
    python3 "$here/osm_generate.py" "$n" "$work/gen.osm"
    osmium cat --overwrite -o "$work/gen.osm.pbf" "$work/gen.osm"
    rm -f "$work/gen.osm"
    : >"$work/ogr.txt"
    : >"$work/ours.txt"
    r=0
    while [ "$r" -lt "$repeat" ]; do
        rm -f "$work/ogr.sqlite" "$work/p.sqlite"
        measure ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/ogr.sqlite" "$work/gen.osm.pbf" \
            lines >>"$work/ogr.txt"
        "$allseason" init "$work/p.sqlite" --crs EPSG:32648 >/dev/null
        measure "$allseason" import "$work/p.sqlite" all "$work/gen.osm.pbf" >>"$work/ours.txt"
        r=$((r + 1))
    done
    cat "$work/out"
    set -- $(best "$work/ogr.txt")
    ogr_s=$1
    printf '%-10s %-10s %10s %10s %10s\n' "$n" ogr2ogr "$1" "$2" "$3"
    set -- $(best "$work/ours.txt")
    printf '%-10s %-10s %10s %10s %10s   ratio %s\n' "$n" allseason "$1" "$2" "$3" \
        "$(awk -v a="$1" -v b="$ogr_s" 'BEGIN {printf "%.2f", a / b}')"
    rm -f "$work/gen.osm.pbf" "$work/ogr.sqlite" "$work/p.sqlite"
done
