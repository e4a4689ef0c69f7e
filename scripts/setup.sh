#!/usr/bin/env bash
# Installs the Debian 12 packages allseason needs (only those missing), then configures and
# builds the given CMake preset (default: release). Idempotent; root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

preset="${1:-release}"

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libboost-graph-dev libsqlite3-dev libspatialite-dev libsqlite3-mod-spatialite sqlite3
  spatialite-bin catch2 nlohmann-json3-dev libcli11-dev libfmt-dev libtoml11-dev
  libcairo2-dev libpango1.0-dev libglib2.0-dev fonts-noto-core poppler-utils
  zlib1g-dev libbz2-dev gzip bzip2 python3 libxxhash-dev libzstd-dev
  libcpp-httplib-dev libssl-dev libbrotli-dev libsodium-dev libqrencode-dev libjs-leaflet
  postgresql-15 postgresql-15-postgis-3 libpq-dev
)
if [ -n "${ALLSEASON_EXTRA_PACKAGES:-}" ]; then
  read -r -a extra <<< "$ALLSEASON_EXTRA_PACKAGES"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${#missing[@]} missing Debian packages: ${missing[*]}" >&2
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install packages" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# "none": install packages only (CI installs the test clients this way).
[ "$preset" = none ] && exit 0

# Paths relative to the checkout let ccache reuse objects across clones of it.
export CCACHE_BASEDIR="$PWD"
jobs="$(nproc 2>/dev/null || echo 2)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$jobs"
