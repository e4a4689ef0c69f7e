#!/bin/sh
# Times `allseason import` against `ogr2ogr -f SQLite -dsco SPATIALITE=YES` on the same
# generated GeoPackages of road segments (issue 3, item 9; issue 12, item 6), with peak memory
# from /usr/bin/time -v. Target: ours ≤ 0.6 × ogr2ogr's time at 1,000,000 segments, peak memory
# flat in the number of rows.
# Each size runs REPEAT times (default 3), the tools alternating, and the best wall time of
# each is compared: on a shared machine the minimum is the least disturbed run.
#
#   bench/import_vs_ogr2ogr.sh BUILD_DIR [N ...]      (default N: 100000 1000000)
# BUILD_DIR must hold cli/allseason and bench/bench_import_generate
# (cmake -DALLSEASON_BUILD_BENCH=ON).
set -eu
build=${1:?usage: import_vs_ogr2ogr.sh BUILD_DIR [N ...]}
shift
sizes=${*:-100000 1000000}
repeat=${REPEAT:-3}
allseason="$build/cli/allseason"
generate="$build/bench/bench_import_generate"
work=$(mktemp -d "${TMPDIR:-/tmp}/allseason-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

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

printf '%-10s %-10s %10s %10s %10s\n' segments tool best_s user_s peak_MB
for n in $sizes; do
    gpkg="$work/roads_$n.gpkg"
    "$generate" "$n" "$gpkg"
    : >"$work/ogr.txt"
    : >"$work/ours.txt"
    r=0
    while [ "$r" -lt "$repeat" ]; do
        rm -f "$work/ogr.sqlite" "$work/p.sqlite"
        measure ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/ogr.sqlite" "$gpkg" >>"$work/ogr.txt"
        "$allseason" init "$work/p.sqlite" --crs EPSG:3405 >/dev/null
        measure "$allseason" import "$work/p.sqlite" roads "$gpkg" --field code=ma \
            --field name=ten --field class=cap --field surface=mat --field width_m=rong \
            >>"$work/ours.txt"
        r=$((r + 1))
    done
    set -- $(best "$work/ogr.txt")
    ogr_s=$1
    printf '%-10s %-10s %10s %10s %10s\n' "$n" ogr2ogr "$1" "$2" "$3"
    set -- $(best "$work/ours.txt")
    printf '%-10s %-10s %10s %10s %10s   ratio %s\n' "$n" allseason "$1" "$2" "$3" \
        "$(awk -v a="$1" -v b="$ogr_s" 'BEGIN {printf "%.2f", a / b}')"
    rm -f "$gpkg" "$work/ogr.sqlite" "$work/p.sqlite"
done
