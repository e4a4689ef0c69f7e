#!/usr/bin/env bash
# The same connectivity question — the connected components of the dry network — answered by
# allseason, networkx and pgRouting (pgr_connectedComponents) on exactly the noded edges that
# allseason builds, at 10k, 100k and 1M road segments; also `allseason cutoff` end to end with
# its peak memory. Installs what it needs (python3-networkx, postgresql-15-pgrouting); runs a
# private PostgreSQL cluster on a loopback port and removes it afterwards. Each step is bounded
# by `timeout`.
#
#   bench/route_vs_peers.sh BUILD_DIR [SIZES...]      (BUILD_DIR configured with
#                                                      -DALLSEASON_BUILD_BENCH=ON)
set -euo pipefail
build=${1:?usage: route_vs_peers.sh BUILD_DIR [SIZES...]}
shift || true
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<< "${sizes[*]}"
work=${ALLSEASON_BENCH_DIR:-/tmp/allseason-bench}
limit=${ALLSEASON_BENCH_TIMEOUT:-600}
mkdir -p "$work"

ninja -C "$build" allseason bench_route_tool >/dev/null

need_apt=()
/usr/bin/python3 -c 'import networkx' 2>/dev/null || need_apt+=(python3-networkx)
ls /usr/lib/postgresql/15/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql-15 postgresql-15-pgrouting)
[ -e /usr/share/postgresql/15/extension/pgrouting.control ] || need_apt+=(postgresql-15-pgrouting)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# A private cluster on loopback, owned by an unprivileged user when we are root.
pg=/usr/lib/postgresql/15/bin
pgdata="$work/pgdata"
port=${ALLSEASON_BENCH_PGPORT:-55432}
as_user=()
[ "$(id -u)" = 0 ] && as_user=(runuser -u postgres --)
as_pg() { "${as_user[@]}" "$@"; }
rm -rf "$pgdata"
mkdir -p "$pgdata"
[ "$(id -u)" = 0 ] && chown postgres "$pgdata" "$work"
as_pg "$pg/initdb" -D "$pgdata" -A trust -U bench >/dev/null
as_pg "$pg/pg_ctl" -D "$pgdata" -o "-p $port -k $pgdata -c listen_addresses=127.0.0.1" -w start >/dev/null
trap 'as_pg "$pg/pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pgdata"' EXIT
psql_cmd=("${as_user[@]}" "$pg/psql" -h 127.0.0.1 -p "$port" -U bench -d postgres -qAt)
psql() { "${psql_cmd[@]}" "$@"; }
psql -c "CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE;" >/dev/null

printf '%-9s %8s %9s %6s | %8s %8s %8s %8s | %8s %8s | %9s %8s\n' segments nodes edges comps \
    build_s ours_s nx_s pgr_s nx/ours pgr/ours cutoff_s peak_MB
for n in "${sizes[@]}"; do
    project="$work/grid-$n.sqlite"
    edges="$work/edges-$n.csv"
    timeout "$limit" "$build/bench/bench_route_tool" generate "$project" "$n" >/dev/null
    ours=$(timeout "$limit" "$build/bench/bench_route_tool" components "$project" "$edges")
    read -r nodes nedges comps build_s comp_s < <(/usr/bin/python3 -c '
import json, sys; j = json.loads(sys.argv[1])
print(j["nodes"], j["edges"], j["components"], j["build_s"], j["components_s"])' "$ours")

    nx=$(timeout "$limit" /usr/bin/python3 - "$edges" <<'EOF'
import csv, sys, time, networkx as nx
rows = list(csv.reader(open(sys.argv[1])))[1:]
t = time.perf_counter()
g = nx.MultiGraph()
g.add_edges_from((int(r[1]), int(r[2])) for r in rows)
count = nx.number_connected_components(g)
print(count, round(time.perf_counter() - t, 3))
EOF
)
    read -r nx_comps nx_s <<< "$nx"

    [ "$(id -u)" = 0 ] && chmod a+r "$edges"
    psql -c "DROP TABLE IF EXISTS edges; CREATE TABLE edges (id bigint, source bigint, target bigint, cost float8 DEFAULT 1, reverse_cost float8 DEFAULT 1);" >/dev/null
    psql -c "\\copy edges (id, source, target) FROM '$edges' CSV HEADER" >/dev/null
    pgr=$(timeout "$limit" "${psql_cmd[@]}" -c '\timing on' -c 'SELECT count(DISTINCT component)
        FROM pgr_connectedComponents($$SELECT id, source, target, cost, reverse_cost FROM edges$$);' \
        | tr '\n' ' ')
    pgr_comps=$(awk '{print $1}' <<< "$pgr")
    pgr_s=$(grep -oE 'Time: [0-9.]+' <<< "$pgr" | awk '{printf "%.3f", $2 / 1000}')

    cutoff=$( { /usr/bin/time -f "%e %M" timeout "$limit" "$build/cli/allseason" cutoff "$project" \
        --format json >/dev/null; } 2>&1 | tail -1)
    read -r cutoff_s peak_kb <<< "$cutoff"

    if [ "$comps" != "$nx_comps" ] || [ "$comps" != "$pgr_comps" ]; then
        echo "DISAGREEMENT at $n segments: allseason $comps, networkx $nx_comps, pgRouting $pgr_comps" >&2
        exit 1
    fi
    printf '%-9s %8s %9s %6s | %8s %8s %8s %8s | %8.1f %8.1f | %9s %8d\n' "$n" "$nodes" "$nedges" \
        "$comps" "$build_s" "$comp_s" "$nx_s" "$pgr_s" \
        "$(awk -v a="$nx_s" -v b="$comp_s" 'BEGIN{print (b > 0 ? a / b : 0)}')" \
        "$(awk -v a="$pgr_s" -v b="$comp_s" 'BEGIN{print (b > 0 ? a / b : 0)}')" \
        "$cutoff_s" "$((peak_kb / 1024))"
done
