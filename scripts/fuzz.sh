#!/bin/sh
# Builds the libFuzzer targets (clang) and runs each for SECONDS seconds on a copy of its
# seed corpus. Any crash or sanitizer report fails the script.
# Usage: scripts/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-20}
cmake --preset fuzz >/dev/null
targets=$(ls tests/fuzz/*_fuzzer.cpp 2>/dev/null | xargs -n1 basename 2>/dev/null | sed 's/\.cpp$//')
[ -n "$targets" ] || { echo "no fuzz targets"; exit 0; }
# shellcheck disable=SC2086
cmake --build --preset fuzz -j "$(nproc 2>/dev/null || echo 2)" --target $targets
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
  mkdir -p "$work/$t"
  cp -r "tests/fuzz/corpus/$t/." "$work/$t/" 2>/dev/null || true
  dict=""
  [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
  echo "-- $t for ${seconds}s"
  # shellcheck disable=SC2086
  "build/fuzz/tests/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -artifact_prefix="$work/" $dict "$work/$t" 2>"$work/$t.log" \
    || { tail -50 "$work/$t.log"; echo "fuzzer $t failed"; exit 1; }
  grep -E '^(#[0-9]+|Done)' "$work/$t.log" | tail -1
done
