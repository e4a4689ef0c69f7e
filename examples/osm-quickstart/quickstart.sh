#!/usr/bin/env bash
# From an OpenStreetMap extract to a first answer in five commands: which places lose
# all-season access to the town hall in the rainy season, with a report (map inside).
#   bash examples/osm-quickstart/quickstart.sh [EXTRACT.osm.pbf] [OUTDIR]
# Default extract: the workplace's Andorra extract (../shared/data/osm/andorra.osm.pbf).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
extract="${1:-$root/../shared/data/osm/andorra.osm.pbf}"
out="${2:-osm-quickstart}"
allseason="${ALLSEASON:-$root/build/release/cli/allseason}"
[ -x "$allseason" ] || allseason="$(command -v allseason)"
if [ ! -f "$extract" ]; then
    echo "quickstart: no OpenStreetMap extract at $extract (give one as the first argument)" >&2
    exit 2
fi
mkdir -p "$out"
project="$out/project.sqlite"

set -x
"$allseason" init "$project" --name "$(basename "$extract" | sed 's/\..*//')" --force
"$allseason" import "$project" all "$extract"
"$allseason" crossings "$project" --add-fords
"$allseason" cutoff "$project"
"$allseason" report "$project" "$out/report.html"
