#!/usr/bin/env bash
# `risk` and `rank --by household_days` against `cutoff` on the same generated project, in the
# same run (issue 13 scale targets: risk ≤ 1.5 × cutoff on 1,000,000 segments; rank by
# household-days with 10,000 projects ≤ 2 × that cutoff). The generated grid project of
# bench_route_tool gets flooded_days_per_year on its fords (LEVELS distinct values, default 4:
# 7, 15, 30, 60 days; with its earth roads' 120 days that makes 5 levels of closure days) and
# PROJECTS bridge projects over its fords. Each step is bounded by `timeout`.
#
#   bench/risk_vs_cutoff.sh BUILD_DIR [SEGMENTS] [PROJECTS] [LEVELS]
#                                            (BUILD_DIR configured with -DALLSEASON_BUILD_BENCH=ON)
set -euo pipefail
build=${1:?usage: risk_vs_cutoff.sh BUILD_DIR [SEGMENTS] [PROJECTS] [LEVELS]}
segments=${2:-1000000}
projects=${3:-10000}
levels=${4:-4}
work=${ALLSEASON_BENCH_DIR:-/tmp/allseason-bench}
limit=${ALLSEASON_BENCH_TIMEOUT:-900}
mkdir -p "$work"

# The generator may come from another build (ALLSEASON_BENCH_TOOL); the program is BUILD_DIR's.
tool=${ALLSEASON_BENCH_TOOL:-$build/bench/bench_route_tool}
if [ -z "${ALLSEASON_BENCH_TOOL:-}" ]; then
    ninja -C "$build" allseason bench_route_tool >/dev/null
fi

base="$work/grid-$segments.sqlite"
timeout "$limit" "$tool" generate "$base" "$segments" >/dev/null
project="$work/risk-$segments-$projects-$levels.sqlite"
cp "$base" "$project"
# Days: LEVELS values spread over 7..60 (level i of n: 7 + 53 * i / (n - 1)), by ford fid.
sqlite3 -cmd ".load mod_spatialite" "$project" <<SQL
UPDATE fords SET flooded_days_per_year =
  CASE WHEN $levels <= 1 THEN 15
       ELSE 7 + (53 * (fid % $levels)) / ($levels - 1) END;
DELETE FROM projects;
INSERT INTO projects (code, name, kind, ford_code, cost_million_vnd, status, geom)
  SELECT 'P' || fid, 'Cầu ' || code, 'bridge', code, 500 + (fid * 7919) % 4500, 'proposed', geom
  FROM fords ORDER BY fid LIMIT $projects;
SQL

run() { # label, then the command; prints "label seconds peak_MB"
    local label=$1
    shift
    local out
    out=$( { /usr/bin/time -f "%e %M" timeout "$limit" "$@" >/dev/null; } 2>&1 | tail -1)
    read -r secs kb <<< "$out"
    printf '%-28s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
    echo "$secs" > "$work/last_secs"
}

a="$build/cli/allseason"
echo "project: $segments segments, $(sqlite3 "$project" 'SELECT count(*) FROM fords') fords," \
     "$(sqlite3 "$project" 'SELECT count(*) FROM projects') projects," \
     "$(sqlite3 "$project" 'SELECT count(DISTINCT flooded_days_per_year) FROM fords') ford day values"
run "cutoff" "$a" cutoff "$project" --format json
cutoff_s=$(cat "$work/last_secs")
run "risk" "$a" risk "$project" --format json
risk_s=$(cat "$work/last_secs")
run "rank (households)" "$a" rank "$project" --budget 50000 --format json
run "rank --by household_days" "$a" rank "$project" --by household_days --budget 50000 --format json
rank_s=$(cat "$work/last_secs")
awk -v r="$risk_s" -v k="$rank_s" -v c="$cutoff_s" 'BEGIN {
    printf "risk / cutoff = %.2f (target <= 1.5); rank --by household_days / cutoff = %.2f (target <= 2)\n",
        r / c, k / c }'
