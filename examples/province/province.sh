#!/usr/bin/env bash
# A province on PostgreSQL/PostGIS (issue 15): starts a private PostgreSQL 15 + PostGIS cluster
# in a temporary folder, loads the An Lạc example and two communes generated from it into three
# schemas of one database, and prints the province's communes, ranking and portfolio.
#
#   examples/province/province.sh [ALLSEASON] [BUDGET_MILLION_VND]
#
# The two generated communes are An Lạc's network with other households, ford depths and
# costs (changed on the server with SQL, as a planner's QGIS edits would be), so that the
# province has something to choose between. The cluster is stopped and removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
allseason="${1:-$here/build/release/cli/allseason}"
budget="${2:-20000}"
port="${ALLSEASON_EXAMPLE_PG_PORT:-55461}"
work="$(mktemp -d)"
[ "$(id -u)" -eq 0 ] && chmod 755 "$work"
cluster="$work/cluster"
cleanup() { bash "$here/scripts/pg_cluster.sh" stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

bash "$here/scripts/pg_cluster.sh" start "$cluster" "$port" >/dev/null
database="postgresql://postgres@127.0.0.1:$port/allseason"
export ALLSEASON_PG_CACHE_DIR="$work/cache"
psql() { /usr/bin/psql -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"; }

"$allseason" build "$here/examples/anlac/allseason.toml" "$work/anlac" >"$work/build.log" 2>&1
for schema in an_lac tan_son phuc_hoa; do
  "$allseason" copy "$work/anlac/anlac.sqlite" "$database?schema=$schema" >/dev/null
done
# Tân Sơn: a third fewer households, deeper fords, dearer works. Phúc Hòa: fords a little
# shallower, cheaper works (its household points are An Lạc's, so they decide its counts).
psql <<'SQL'
UPDATE tan_son.allseason_metadata SET value = 'Xã Tân Sơn (sinh từ An Lạc)' WHERE key = 'name';
UPDATE tan_son.villages SET households = round(households * 0.6) WHERE households IS NOT NULL;
DELETE FROM tan_son.households WHERE fid % 3 = 0;
UPDATE tan_son.fords SET flood_depth_m = flood_depth_m + 0.2 WHERE flood_depth_m IS NOT NULL;
UPDATE tan_son.projects SET cost_million_vnd = round(cost_million_vnd * 1.3);
UPDATE phuc_hoa.allseason_metadata SET value = 'Xã Phúc Hòa (sinh từ An Lạc)' WHERE key = 'name';
UPDATE phuc_hoa.villages SET households = round(households * 1.4) WHERE households IS NOT NULL;
UPDATE phuc_hoa.fords SET flood_depth_m = greatest(flood_depth_m - 0.1, 0) WHERE flood_depth_m IS NOT NULL;
UPDATE phuc_hoa.projects SET cost_million_vnd = round(cost_million_vnd * 0.8);
SQL

"$allseason" province "$database" --budget "$budget"
