#!/bin/sh
# Builds the release binaries and runs the retrieval benchmark (needs root for the
# private Dovecot, and Debian's mpop package for the side-by-side comparison).
# Usage: bench/run.sh [ROUNDS] [S1 S2 S3 S4]
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target retrieval_bench mpop
exec build/release/bench/retrieval_bench "$@"
