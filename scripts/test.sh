#!/usr/bin/env bash
# Every test on a fresh Debian 12 machine: install what is missing, build, run CTest.
# With a preset argument (e.g. asan) the same tests run in that build.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/setup.sh "$preset"
ctest --preset "$preset" -j "$(nproc 2>/dev/null || echo 2)"
