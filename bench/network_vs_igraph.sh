#!/usr/bin/env bash
# Issue 12's targets, measured side by side in one run on the generated road network (default
# 1,000,000 segments): allseason's commands against python-igraph's and networkx's whole
# process (read the same noded edge list as CSV, build the graph, connected components), each
# with its wall time and peak memory from /usr/bin/time. pgRouting's column comes from
# bench/route_vs_peers.sh (it needs a PostgreSQL cluster of its own).
#
#   bench/network_vs_igraph.sh BUILD_DIR [SEGMENTS]   (BUILD_DIR configured with
#                                                     -DALLSEASON_BUILD_BENCH=ON)
# Installs python3-igraph and python3-networkx when missing (apt, as root). The generated
# project is kept in ALLSEASON_BENCH_DIR (default /tmp/allseason-bench) and reused.
set -euo pipefail
build=${1:?usage: network_vs_igraph.sh BUILD_DIR [SEGMENTS]}
segments=${2:-1000000}
work=${ALLSEASON_BENCH_DIR:-/tmp/allseason-bench}
limit=${ALLSEASON_BENCH_TIMEOUT:-900}
mkdir -p "$work"
ninja -C "$build" allseason bench_route_tool >/dev/null
allseason="$build/cli/allseason"

need=()
/usr/bin/python3 -c 'import igraph' 2>/dev/null || need+=(python3-igraph)
/usr/bin/python3 -c 'import networkx' 2>/dev/null || need+=(python3-networkx)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

project="$work/net-$segments.sqlite"
edges="$work/net-edges-$segments.csv"
if [ ! -s "$project" ]; then
    timeout "$limit" "$build/bench/bench_route_tool" generate "$project" "$segments" >/dev/null
    # 10,000 candidate bridges over fords, for rank.
    sqlite3 "$project" ".load mod_spatialite" "INSERT INTO projects (code, name, kind, ford_code,
        cost_million_vnd, status, geom) SELECT 'P' || fid, 'Cầu ' || code, 'bridge', code,
        400 + (fid % 9) * 100, 'proposed', geom FROM fords ORDER BY fid LIMIT 10000" >/dev/null
fi
timeout "$limit" "$build/bench/bench_route_tool" components "$project" "$edges" >/dev/null

# "wall_s peak_MB" of a command, its output discarded.
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time.txt" timeout "$limit" "$@" >/dev/null 2>"$work/err.txt" ||
        { cat "$work/err.txt" >&2; exit 1; }
    awk '{printf "%s %d\n", $1, $2 / 1024}' "$work/time.txt"
}
stale() { sqlite3 "$project" "UPDATE network_state SET generation = generation + 1"; }

peer() { # library → "wall_s peak_MB"
    measure /usr/bin/python3 - "$edges" "$1" <<'EOF'
import csv, sys
path, lib = sys.argv[1], sys.argv[2]
with open(path) as f:
    rows = list(csv.reader(f))[1:]
if lib == "igraph":
    import igraph
    pairs = [(int(r[1]), int(r[2])) for r in rows]
    n = 1 + max(max(a, b) for a, b in pairs)
    g = igraph.Graph(n=n, edges=pairs)
    print(len(g.connected_components()))
else:
    import networkx as nx
    g = nx.MultiGraph()
    g.add_edges_from((int(r[1]), int(r[2])) for r in rows)
    print(nx.number_connected_components(g))
EOF
}

read -r ig_s ig_mb <<< "$(peer igraph)"
read -r nx_s nx_mb <<< "$(peer networkx)"
depths=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,1.1,1.2,1.3,1.4,1.5
stale
read -r first_s first_mb <<< "$(measure "$allseason" cutoff "$project" --format json)"
read -r cut_s cut_mb <<< "$(measure "$allseason" cutoff "$project" --format json)"
read -r crit_s crit_mb <<< "$(measure "$allseason" critical "$project" --format json)"
read -r sweep_s sweep_mb <<< "$(measure "$allseason" cutoff "$project" --ford-depth "$depths" --format json)"
measure "$allseason" rank "$project" --budget 50000 --format json >/dev/null # compiles its variant
read -r rank_s rank_mb <<< "$(measure "$allseason" rank "$project" --budget 50000 --format json)"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "network: $segments road segments ($(wc -l < "$edges") noded edges in the dry network)"
printf '%-44s %8s %8s %14s %14s\n' what wall_s peak_MB "× igraph time" "× igraph mem"
row() { printf '%-44s %8s %8s %14s %14s\n' "$1" "$2" "$3" "$(ratio "$2" "$ig_s")" "$(ratio "$3" "$ig_mb")"; }
row "python-igraph: read CSV, build, components" "$ig_s" "$ig_mb"
row "networkx: read CSV, build, components" "$nx_s" "$nx_mb"
row "allseason cutoff, first run (compiles)" "$first_s" "$first_mb"
row "allseason cutoff, compiled" "$cut_s" "$cut_mb"
row "allseason critical, compiled" "$crit_s" "$crit_mb"
row "allseason cutoff --ford-depth ×15, compiled" "$sweep_s" "$sweep_mb"
row "allseason rank, 10,000 projects, compiled" "$rank_s" "$rank_mb"
echo "sweep of 15 depths: $(ratio "$sweep_s" "$cut_s") × one compiled cutoff; rank: $(ratio "$rank_s" "$cut_s") × one compiled cutoff"
