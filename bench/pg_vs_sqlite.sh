#!/usr/bin/env bash
# Issue 15's speed targets, measured in one run on a private PostgreSQL 15 + PostGIS cluster
# (started in a temporary folder on a loopback port, stopped at the end):
#  - `cutoff` on a generated SEGMENTS-segment project (default 100,000) in PostgreSQL against
#    the same project in SpatiaLite, both with the network compiled (target ≤ 1.5 ×);
#  - `import` of IMPORT_N road segments (default 1,000,000) into a schema against
#    `ogr2ogr -f PostgreSQL` with PG_USE_COPY=YES into the same server (target ≤ 1.0 ×).
# Best of REPEAT (default 3) wall times, peak memory from /usr/bin/time.
#
#   bench/pg_vs_sqlite.sh BUILD_DIR [SEGMENTS] [IMPORT_N]
# BUILD_DIR holds cli/allseason; the generators (bench_route_tool, bench_import_generate) come
# from ALLSEASON_BENCH_TOOLS (default BUILD_DIR/bench, a -DALLSEASON_BUILD_BENCH=ON build).
set -euo pipefail
build=${1:?usage: pg_vs_sqlite.sh BUILD_DIR [SEGMENTS] [IMPORT_N]}
segments=${2:-100000}
import_n=${3:-1000000}
repeat=${REPEAT:-3}
here="$(cd "$(dirname "$0")/.." && pwd)"
allseason="$build/cli/allseason"
tools=${ALLSEASON_BENCH_TOOLS:-$build/bench}
port=${ALLSEASON_BENCH_PG_PORT:-55472}
work=$(mktemp -d "${TMPDIR:-/tmp}/allseason-pgbench-XXXXXX")
[ "$(id -u)" -eq 0 ] && chmod 755 "$work"
cluster="$work/cluster"
trap 'bash "$here/scripts/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
bash "$here/scripts/pg_cluster.sh" start "$cluster" "$port" >/dev/null
database="postgresql://postgres@127.0.0.1:$port/allseason"
export ALLSEASON_PG_CACHE_DIR="$work/cache"

measure() { # command… → "wall_s peak_MB"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" ||
        { cat "$work/err" >&2; exit 1; }
    awk '{printf "%s %d\n", $1, $2 / 1024}' "$work/time"
}
best() { sort -n | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

project="$work/grid.sqlite"
"$tools/bench_route_tool" generate "$project" "$segments" >/dev/null
"$allseason" copy "$project" "$database?schema=grid" >/dev/null
"$allseason" cutoff "$project" --format json >/dev/null            # compiles
"$allseason" cutoff "$database?schema=grid" --format json >/dev/null # copy made, compiled, pushed
for _ in $(seq "$repeat"); do
    measure "$allseason" cutoff "$project" --format json >>"$work/sqlite.txt"
    measure "$allseason" cutoff "$database?schema=grid" --format json >>"$work/pg.txt"
done
read -r sq_s sq_mb < <(best <"$work/sqlite.txt")
read -r pg_s pg_mb < <(best <"$work/pg.txt")
printf '%-52s %8s %8s\n' what wall_s peak_MB
printf '%-52s %8s %8s\n' "cutoff, $segments segments, SpatiaLite" "$sq_s" "$sq_mb"
printf '%-52s %8s %8s   %s × SpatiaLite\n' "cutoff, $segments segments, PostgreSQL" "$pg_s" "$pg_mb" "$(ratio "$pg_s" "$sq_s")"

gpkg="$work/roads.gpkg"
"$tools/bench_import_generate" "$import_n" "$gpkg" >/dev/null
pg_conn="host=127.0.0.1 port=$port dbname=allseason user=postgres"
for r in $(seq "$repeat"); do
    /usr/bin/psql -X -q -d "$database" -c "DROP SCHEMA IF EXISTS ogr CASCADE; CREATE SCHEMA ogr"
    measure ogr2ogr -f PostgreSQL "PG:$pg_conn" "$gpkg" --config PG_USE_COPY YES \
        -lco SCHEMA=ogr -nln roads >>"$work/ogr.txt"
    "$allseason" init "$database?schema=imp$r" --crs EPSG:3405 >/dev/null
    measure "$allseason" import "$database?schema=imp$r" roads "$gpkg" --field code=ma \
        --field name=ten --field class=cap --field surface=mat --field width_m=rong >>"$work/ours.txt"
done
read -r og_s og_mb < <(best <"$work/ogr.txt")
read -r im_s im_mb < <(best <"$work/ours.txt")
printf '%-52s %8s %8s\n' "ogr2ogr -f PostgreSQL (PG_USE_COPY), $import_n roads" "$og_s" "$og_mb"
printf '%-52s %8s %8s   %s × ogr2ogr\n' "allseason import into a schema, $import_n roads" "$im_s" "$im_mb" "$(ratio "$im_s" "$og_s")"
