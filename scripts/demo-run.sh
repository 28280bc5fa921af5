#!/bin/bash
# The demonstration, with the binaries in BUILD_DIR (see scripts/demo.sh): mpopd serves a
# sample maildir on 127.0.0.1, mpop fetches it into another maildir (logging in with
# SCRAM-SHA-256, chosen automatically: no cleartext password without TLS), a second run
# finds nothing new, and --serverinfo shows what mpopd offers.
set -eu
build=$(cd "${1:-build/release}" && pwd)
demo=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$demo"
}
trap cleanup EXIT INT TERM

# A sample mailbox with three mails for mpopd to serve.
mkdir -p "$demo/served/new" "$demo/served/cur" "$demo/served/tmp" \
         "$demo/inbox/new" "$demo/inbox/cur" "$demo/inbox/tmp" "$demo/home"
for i in 1 2 3; do
  cat > "$demo/served/new/100000000$i.demo$i.localhost" <<MAIL
From: Alice <alice@example.org>
To: Bob <bob@example.org>
Subject: demo mail $i
Message-ID: <demo$i@example.org>

Hello Bob, this is demo mail number $i.
.. a line starting with a dot survives the trip
MAIL
done

# mpopd on a random free port of 127.0.0.1 (another try if the port is taken).
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 20000))
  "$build/mpopd" --interface=127.0.0.1 --port="$port" --auth="bob,echo demo-password" \
    --maildir="$demo/served" &
  server_pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break 2
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
done

cat > "$demo/home/.mpoprc" <<CONF
account default
host 127.0.0.1
port $port
user bob
passwordeval echo demo-password
delivery maildir $demo/inbox
CONF
chmod 600 "$demo/home/.mpoprc"

echo "\$ mpopd --port=$port --auth=bob,... --maildir=served &    (serving 3 mails)"
echo "\$ mpop --serverinfo"
HOME="$demo/home" "$build/mpop" --serverinfo
echo
echo "\$ mpop"
HOME="$demo/home" "$build/mpop"
echo
echo "\$ mpop                  (again: nothing new, nothing fetched twice)"
HOME="$demo/home" "$build/mpop"
echo
echo "\$ ls inbox/new"
ls "$demo/inbox/new"
echo
echo "\$ cat inbox/new/<first mail>"
cat "$demo/inbox/new/$(ls "$demo/inbox/new" | head -1)"
