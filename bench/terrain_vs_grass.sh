#!/usr/bin/env bash
# The whole `terrain` command against GRASS r.watershed -s (accumulation and drainage only) on
# the SRTM tile N42E001 (Andorra, 1201 × 1201 cells) and on the same tile resampled to 4 × 4 as
# many cells (4804 × 4804, gdalwarp -ts), in the same run (issue 14 targets: ≤ 2.0 × GRASS,
# peak memory < 2 GB). GRASS gets the very grid `terrain` computes on (the tile warped to the
# project CRS at the cell size `terrain` reports), imported before the clock starts. Wall time
# and peak memory by /usr/bin/time -v.
#
#   bench/terrain_vs_grass.sh [BUILD_DIR]          (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build=${1:-$root/build/release}
allseason="$build/cli/allseason"
tile="$root/../shared/data/dem/N42E001.hgt.zip"
osm="$root/../shared/data/osm/andorra.osm.pbf"
work=${ALLSEASON_BENCH_DIR:-/tmp/allseason-bench-terrain}
mkdir -p "$work"
command -v grass >/dev/null || { echo "terrain_vs_grass: grass (grass-core) is missing" >&2; exit 2; }

# wall seconds and peak MB of a /usr/bin/time -v report
measure() {
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0
                    for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
                /Maximum resident set size/ { mb = $2 / 1024 }
                END { printf "%.2f %.0f", wall, mb }' "$1"
}

"$allseason" init "$work/base.sqlite" --crs EPSG:32631 --name andorra --force >/dev/null
"$allseason" import "$work/base.sqlite" all "$osm" >/dev/null
gdal_translate -q "/vsizip/$tile/N42E001.hgt" "$work/x1.tif"
gdalwarp -q -overwrite -ts 4804 4804 -r bilinear "/vsizip/$tile/N42E001.hgt" "$work/x16.tif"

printf '%-22s %12s %10s %10s %12s %10s %8s\n' grid cells terrain_s terrain_MB watershed_s \
    watershed_MB ratio
for dem in x1 x16; do
    cp "$work/base.sqlite" "$work/run.sqlite"
    /usr/bin/time -v "$allseason" terrain "$work/run.sqlite" "$work/$dem.tif" --format json \
        > "$work/$dem.json" 2> "$work/$dem.terrain.time"
    read -r t_wall t_mb <<< "$(measure "$work/$dem.terrain.time")"
    cell=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resolution_m"])' \
        "$work/$dem.json")
    size=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cells"]; print(c["width"], c["height"], c["width"]*c["height"])' \
        "$work/$dem.json")
    read -r width height cells <<< "$size"
    gdalwarp -q -overwrite -t_srs EPSG:32631 -tr "$cell" "$cell" -r bilinear -ot Float32 \
        -dstnodata -32768 "$work/$dem.tif" "$work/$dem.utm.tif"
    grass --tmp-location "$work/$dem.utm.tif" --exec bash -c "
        r.in.gdal --q input=$work/$dem.utm.tif output=dem && g.region raster=dem &&
        /usr/bin/time -v -o $work/$dem.grass.time \
            r.watershed -s --q elevation=dem accumulation=acc drainage=dir" >/dev/null 2>&1
    read -r g_wall g_mb <<< "$(measure "$work/$dem.grass.time")"
    ratio=$(python3 -c "print(f'{$t_wall / $g_wall:.2f}')")
    printf '%-22s %12s %10s %10s %12s %10s %8s\n' "$dem ${width}x${height}" "$cells" "$t_wall" \
        "$t_mb" "$g_wall" "$g_mb" "$ratio"
done
