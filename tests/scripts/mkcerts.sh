#!/bin/sh
# Test certificates for the integration tests and benchmarks.
# Usage: tests/scripts/mkcerts.sh DIR
# Writes into DIR (created if missing), all EC P-256, valid for 2 days:
#   ca.crt ca.key            throw-away CA ("mpop test CA")
#   server.crt server.key    CN=localhost, subjectAltName DNS:localhost, IP:127.0.0.1
#   client.crt client.key    CN=alice, for SASL EXTERNAL
# EC keys take milliseconds; RSA keys would dominate a test's start-up time.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077

ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"
# shellcheck disable=SC2086
openssl req -x509 $ec -days 2 -subj "/CN=mpop test CA" -keyout ca.key -out ca.crt \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# issue NAME SUBJECT EXTENSIONS: a key and a certificate signed by the test CA
issue() {
  # shellcheck disable=SC2086
  openssl req $ec -subj "$2" -keyout "$1.key" -out "$1.csr" 2>/dev/null
  printf '%b' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue server "/CN=localhost" \
  'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'
issue client "/CN=alice" 'extendedKeyUsage=clientAuth\n'
rm -f ca.srl
chmod 644 ./*.crt
chmod 600 ./*.key
