#!/bin/sh
# Times `allseason import` against `ogr2ogr -f SQLite -dsco SPATIALITE=YES` on the same
# generated GeoPackages of road segments (issue 3, item 9), with peak memory from
# /usr/bin/time -v. Target: ours ≤ 1.2 × ogr2ogr's time, < 300 MB peak at 1,000,000 segments.
#
#   bench/import_vs_ogr2ogr.sh BUILD_DIR [N ...]      (default N: 100000 1000000)
# BUILD_DIR must hold cli/allseason and bench/bench_import_generate
# (cmake -DALLSEASON_BUILD_BENCH=ON).
set -eu
build=${1:?usage: import_vs_ogr2ogr.sh BUILD_DIR [N ...]}
shift
sizes=${*:-100000 1000000}
allseason="$build/cli/allseason"
generate="$build/bench/bench_import_generate"
work=$(mktemp -d "${TMPDIR:-/tmp}/allseason-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

measure() { # label, command... → "label seconds peak_MB"
    label=$1
    shift
    /usr/bin/time -v "$@" >"$work/out" 2>"$work/time" || { cat "$work/out" "$work/time"; exit 1; }
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    echo "$label $secs $((kb / 1024))"
}

printf '%-10s %-10s %10s %10s\n' segments tool seconds peak_MB
for n in $sizes; do
    gpkg="$work/roads_$n.gpkg"
    "$generate" "$n" "$gpkg"
    rm -f "$work/ogr.sqlite" "$work/p.sqlite"
    set -- $(measure ogr2ogr ogr2ogr -f SQLite -dsco SPATIALITE=YES "$work/ogr.sqlite" "$gpkg")
    ogr_s=$2
    printf '%-10s %-10s %10s %10s\n' "$n" ogr2ogr "$2" "$3"
    "$allseason" init "$work/p.sqlite" --crs EPSG:3405 >/dev/null
    set -- $(measure allseason "$allseason" import "$work/p.sqlite" roads "$gpkg" \
        --field code=ma --field name=ten --field class=cap --field surface=mat --field width_m=rong)
    printf '%-10s %-10s %10s %10s   ratio %s\n' "$n" allseason "$2" "$3" \
        "$(awk -v a="$2" -v b="$ogr_s" 'BEGIN {printf "%.2f", a / b}')"
    rm -f "$gpkg" "$work/ogr.sqlite" "$work/p.sqlite"
done
