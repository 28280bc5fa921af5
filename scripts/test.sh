#!/bin/sh
# Installs what the tests need, builds, and runs every test:
#   1. the debug build (warnings are errors) with all unit and integration tests,
#   2. the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer,
#   3. the clang build (warnings are errors; unit tests run once, with gcc, above),
#   4. scripts/lint.sh: clang-tidy over src/ and the clang-format check,
#   5. each libFuzzer target for a short time (clang).
# Usage: scripts/test.sh        (FUZZ_SECONDS=N to change the fuzzing time per target)
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

scripts/setup.sh

echo "== debug build and all tests"
cmake --preset debug
cmake --build --preset debug -j "$jobs"
ctest --preset debug -j "$jobs" --timeout 600

echo "== unit tests under address and undefined-behaviour sanitizers"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan -j "$jobs" --timeout 600

echo "== clang build (warnings are errors)"
cmake --preset clang
cmake --build --preset clang -j "$jobs"

echo "== lint"
scripts/lint.sh

echo "== fuzzing"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"
echo "== all tests passed"
