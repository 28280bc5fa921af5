#!/bin/sh
# Installs the build dependencies, builds mpop in release mode and runs a demonstration.
# Usage: scripts/demo.sh
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh --build-only
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target mpop mpopd
exec scripts/demo-run.sh build/release
