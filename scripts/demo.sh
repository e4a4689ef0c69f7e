#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install what is missing, build, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh release
exec build/release/cli/allseason demo "${1:-anlac-demo}"
