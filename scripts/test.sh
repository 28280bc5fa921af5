#!/bin/sh
# Installs what the tests need, builds, and runs every test:
#   1. the debug build (warnings are errors) with all unit and integration tests,
#   2. the clang build (warnings are errors) under AddressSanitizer +
#      UndefinedBehaviorSanitizer, with the unit tests run again in it,
#   3. scripts/lint.sh: clang-tidy over src/ (with the clang build's compile commands) and
#      the clang-format check,
#   4. each libFuzzer target for a short time (clang).
# Usage: scripts/test.sh        (FUZZ_SECONDS=N to change the fuzzing time per target)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

scripts/setup.sh

echo "== debug build and all tests"
cmake --preset debug
cmake --build --preset debug -j "$jobs"
ctest --preset debug -j "$jobs" --timeout 600

echo "== clang build with address and undefined-behaviour sanitizers, unit tests again"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs" --timeout 600

echo "== lint"
LINT_PRESET=asan scripts/lint.sh

echo "== fuzzing"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
echo "== all tests passed"
