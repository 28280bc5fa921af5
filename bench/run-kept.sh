#!/bin/sh
# Builds the release binaries and runs the kept-mailbox benchmark (issue 17; needs root for
# the private Dovecot, and Debian's mpop package for the side-by-side comparison).
# Usage: bench/run-kept.sh [ROUNDS] [K1 K2 K3 K4]
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target kept_bench mpop
exec build/release/bench/kept_bench "$@"
