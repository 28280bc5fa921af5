#!/bin/sh
# Points every citation of the project plan's design documents inside the repository:
#   COMPAT.md / spec/COMPAT.md -> doc/COMPAT.md (same section numbers)
#   DESIGN.md                  -> doc/ARCHITECTURE.md (same section names)
# Run once from the top of the tree after merging; it is idempotent.
set -eu
cd "$(dirname "$0")/.."
files=$(git grep -l -e 'COMPAT\.md' -e 'DESIGN\.md' -- . \
  ':!doc/COMPAT.md' ':!doc/ARCHITECTURE.md' ':!CONTRIBUTING.md' ':!scripts/fix-citations.sh' || true)
[ -n "$files" ] || exit 0
# shellcheck disable=SC2086
perl -pi -e 's{(?<![\w/])(?:spec/)?COMPAT\.md}{doc/COMPAT.md}g;
             s{(?<![\w/])DESIGN\.md( of the project plan)?}{doc/ARCHITECTURE.md}g' $files
git grep -n -e 'spec/COMPAT\.md' -e '[^/]DESIGN\.md' -e '[^/]COMPAT\.md' -- . \
  ':!doc/COMPAT.md' ':!doc/ARCHITECTURE.md' ':!CONTRIBUTING.md' ':!scripts/fix-citations.sh' \
  && { echo "citations left outside doc/" >&2; exit 1; }
exit 0
