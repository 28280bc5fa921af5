#!/bin/sh
# Builds the release binaries and runs the server benchmark: mpopd beside a private Dovecot,
# both serving the same mails to our mpop (needs root for Dovecot and the cgroups).
# Usage: bench/run-server.sh [ROUNDS] [M1 M2]
set -eu
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc 2>/dev/null || echo 2)" --target server_bench mpop mpopd
exec build/release/bench/server_bench "$@"
