#!/usr/bin/env bash
# `serve` under load (issue 16 targets): 50 concurrent clients for 30 s asking /api/cutoff at
# random depths, on the An Lạc example (p95 ≤ 100 ms, no error) and on a generated project of
# SEGMENTS road segments (default 100,000: p95 ≤ 1 s), the server's RSS sampled over each run.
# Loopback only; each step bounded by `timeout`. Each run: one warm-up request (the network is
# loaded on the first question), then the load.
#
#   bench/serve_load.sh BUILD_DIR [SEGMENTS] [CLIENTS] [SECONDS]
# The grid generator is bench_route_tool (a -DALLSEASON_BUILD_BENCH=ON build; or name one with
# ALLSEASON_BENCH_TOOL).
set -euo pipefail
build=${1:?usage: serve_load.sh BUILD_DIR [SEGMENTS] [CLIENTS] [SECONDS]}
segments=${2:-100000}
clients=${3:-50}
seconds=${4:-30}
work=${ALLSEASON_BENCH_DIR:-/tmp/allseason-bench}
limit=${ALLSEASON_BENCH_TIMEOUT:-900}
here="$(cd "$(dirname "$0")" && pwd)"
a="$build/cli/allseason"
tool=${ALLSEASON_BENCH_TOOL:-$build/bench/bench_route_tool}
mkdir -p "$work"

load() { # label, project
    local label=$1 project=$2 out pid url
    out="$work/serve-$label.out"
    "$a" serve "$project" --port 0 > "$out" 2> "$work/serve-$label.err" &
    pid=$!
    for _ in $(seq 100); do
        url=$(grep -o 'http://[^ ]*' "$out" || true)
        [ -n "$url" ] && break
        sleep 0.1
    done
    curl -sf -o /dev/null "${url}api/cutoff" # warm-up: loads the network
    printf '%-10s ' "$label"
    timeout "$limit" python3 "$here/serve_load.py" "$url" "$pid" "$clients" "$seconds" || true
    kill "$pid"
    wait "$pid" || true
}

anlac="$work/anlac"
rm -rf "$anlac"
timeout "$limit" "$a" build "$here/../examples/anlac/allseason.toml" "$anlac" > /dev/null
load anlac "$anlac/anlac.sqlite"

grid="$work/grid-$segments.sqlite"
[ -f "$grid" ] || timeout "$limit" "$tool" generate "$grid" "$segments" > /dev/null
cp "$grid" "$work/serve-grid.sqlite"
load "grid-$segments" "$work/serve-grid.sqlite"
