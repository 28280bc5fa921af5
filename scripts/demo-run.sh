#!/bin/sh
# Runs the demonstration with the binaries in BUILD_DIR (see scripts/demo.sh).
set -eu
build=${1:-build/release}
here=$(cd "$(dirname "$0")/.." && pwd)
demo_home=$(mktemp -d)
trap 'rm -rf "$demo_home"' EXIT
cp "$here/examples/mpoprc" "$demo_home/.mpoprc"
chmod 600 "$demo_home/.mpoprc"
echo "\$ mpop --version"
HOME="$demo_home" "$here/$build/mpop" --version
echo
echo "\$ mpop --pretend --all-accounts   (examples/mpoprc)"
HOME="$demo_home" "$here/$build/mpop" --pretend --all-accounts
