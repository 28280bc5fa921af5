#!/bin/sh
# Static checks that CI runs (scripts/test.sh); each fails on any finding:
#   1. clang-tidy over src/ with the checks in .clang-tidy (all warnings are errors),
#   2. clang-format: every file in src/, tests/ and bench/ is formatted as .clang-format says.
# Uses build/<preset>/compile_commands.json (configured here if missing).
# Usage: scripts/lint.sh [tidy|format]      (LINT_PRESET=debug to use another build)
set -eu
cd "$(dirname "$0")/.."
what=${1:-all}
preset=${LINT_PRESET:-clang}
jobs=$(nproc 2>/dev/null || echo 2)
top=$(pwd)
status=0

if [ "$what" = all ] || [ "$what" = tidy ]; then
  echo "== clang-tidy over src/"
  [ -f "build/$preset/compile_commands.json" ] || cmake --preset "$preset" >/dev/null
  runner=$(command -v run-clang-tidy-14 || command -v run-clang-tidy || true)
  if [ -z "$runner" ]; then
    echo "run-clang-tidy not found (Debian package clang-tidy)" >&2
    exit 1
  fi
  # Only the translation units and headers of src/; tests and fuzz targets are not linted.
  "$runner" -quiet -j "$jobs" -p "build/$preset" -header-filter="^$top/src/" "^$top/src/" \
    >build/clang-tidy.log 2>&1 || status=1
  if [ "$status" -ne 0 ] || grep -q 'warning:\|error:' build/clang-tidy.log; then
    grep -A3 'warning:\|error:' build/clang-tidy.log | grep -v '^clang-tidy-14 \|^[0-9]* warnings generated' || true
    echo "clang-tidy: findings above (full log: build/clang-tidy.log)" >&2
    status=1
  fi
fi

if [ "$what" = all ] || [ "$what" = format ]; then
  echo "== clang-format check over src/ tests/ bench/"
  # One process per batch of files: xargs keeps it fast; --dry-run changes nothing.
  if ! git ls-files -z 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' \
      'bench/*.hpp' | xargs -0 -r -P "$jobs" -n 50 clang-format --dry-run -Werror; then
    echo "clang-format: run 'git ls-files src tests bench | grep -E \"\\.(c|h)pp\$\" | xargs clang-format -i'" >&2
    status=1
  fi
fi

exit "$status"
