#!/bin/sh
# Installs every Debian 12 package that building and testing mpop needs.
# Idempotent; run as root (or through sudo). Usage: scripts/setup.sh [--build-only]
set -eu

build_packages="g++ clang cmake make pkg-config libgnutls28-dev nettle-dev libgsasl-dev libsecret-1-dev
libidn2-dev libfmt-dev gettext googletest libgtest-dev libgmock-dev libclang-rt-14-dev clang-tidy
clang-format"
# OAuth2 (issue 18): HTTP through libcurl's GnuTLS flavour, JSON, QR codes in the terminal.
build_packages="$build_packages libcurl4-gnutls-dev nlohmann-json3-dev libqrencode-dev"
# mpop --poll as a Type=notify systemd service (issue 19): sd_notify.
build_packages="$build_packages libsystemd-dev"
test_packages="gnutls-bin openssl ca-certificates dovecot-core dovecot-pop3d mpop fetchmail
getmail6 curl microsocks dante-server dnsmasq-base bind9-dnsutils procmail maildrop msmtp
python3 dbus gnome-keyring libsecret-tools iproute2 util-linux mandoc zsh softhsm2 groff-base
bash-completion vim dpkg-dev binutils systemd man-db mount
rsyslog prometheus python3-jsonschema jq locales"
# The OAuth2 test server, tests/oauth2_server/ (oidc-provider on Node.js): Debian's nodejs
# and npm, unless a Node.js with its own npm (which conflicts with Debian's) is there.
command -v npm >/dev/null 2>&1 || test_packages="$test_packages nodejs npm"

packages=$build_packages
[ "${1:-}" = "--build-only" ] || packages="$packages $test_packages"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# The OAuth2 test server's npm packages, as pinned by its package-lock.json: installed
# once, so a run without the network keeps the node_modules/ that is there.
oauth2_server_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/oauth2_server"
install_oauth2_server() {
  [ "${1:-}" = "--build-only" ] && return 0
  [ -d "$oauth2_server_dir/node_modules/oidc-provider" ] && return 0
  (cd "$oauth2_server_dir" && npm ci --no-audit --no-fund --loglevel=error)
}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# The translations' tests (tests/integration/nls_test.cpp) run mpop in these locales, and
# tests/unit/pop3/capabilities_locale_test.cpp shows Turkish case rules change nothing.
generate_locales() {
  [ "${1:-}" = "--build-only" ] && return 0
  for l in de_DE fr_FR es_ES tr_TR; do
    locale -a 2>/dev/null | grep -qx "$l.utf8" || $sudo localedef -i "$l" -f UTF-8 "$l.UTF-8"
  done
}
[ -z "$missing" ] && { install_oauth2_server "${1:-}"; generate_locales "${1:-}"; exit 0; }

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing
# The Debian dovecot and prometheus packages start system instances (prometheus listens on
# every address); the tests run their own private Dovecots and need only promtool.
for service in dovecot prometheus; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    $sudo systemctl stop "$service" || true
  fi
done
install_oauth2_server "${1:-}"
generate_locales "${1:-}"
