#!/bin/bash
# A private Dovecot POP3 server on 127.0.0.1 for benchmarks and manual tests; the C++
# tests use tests/support/dovecot_server.hpp, which sets Dovecot up the same way.
#
# Usage: tests/scripts/dovecot.sh start DIR PORT_POP3 PORT_POP3S [USER...]
#        tests/scripts/dovecot.sh stop DIR
# USER is NAME:PASSWORD[:COUNT[:SIZE]]: COUNT generated mails (default 0) of about SIZE
# bytes (default 1000) with LF line ends. Default users: alice:alicepw:3 bob:bobpw
# tok:oauth-token-1 (a token for OAUTHBEARER/XOAUTH2 is checked like a password).
# PORT_POP3S 0: no pop3s listener (STLS on the POP3 port still works).
# $MPOP_DOVECOT_EXTRA, if set, is appended to dovecot.conf (e.g. "login_greeting = hi").
#
# Must run as root: the master runs as root, login processes and mail access as nobody.
# DIR (created, mode 755) and its parents must be traversable by nobody. Everything lives
# in DIR: dovecot.conf, users, run/ (master.pid), state/, dovecot.log, certs/ (from
# mkcerts.sh: ca.crt, client.crt/.key for EXTERNAL), mail/USER/. /etc/dovecot is not read.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

usage() {
  echo "usage: $0 start DIR PORT_POP3 PORT_POP3S [NAME:PASSWORD[:COUNT[:SIZE]]...] | stop DIR" >&2
  exit 2
}

# make_mails MAILDIR COUNT SIZE: COUNT mails into MAILDIR/new, in POP3 message order.
make_mails() {
  awk -v dir="$1/new" -v count="$2" -v size="$3" 'BEGIN {
    line = "the quick brown fox jumps over the lazy dog 0123456789"
    for (i = 1; i <= count; i++) {
      # names sort in delivery order, as Dovecot assigns UIDs
      file = sprintf("%s/%u.M%06uP1.mpoptest", dir, 1000000000 + i, i)
      mail = sprintf("From: sender%d@example.org\nTo: alice@example.org\n" \
                     "Subject: test mail %d\nMessage-ID: <%d@mpop.test>\n\n", i, i, i)
      while (length(mail) + length(line) + 1 <= size) mail = mail line "\n"
      printf "%s", mail > file
      close(file)
    }
  }'
}

write_conf() {
  local dir=$1 p3=$2 p3s=$3
  cat <<CONF
# private test instance written by tests/scripts/dovecot.sh
instance_name = mpop-test-$(basename "$dir")
protocols = pop3
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
# root may run everything but the login processes ("must not be run as root") and mail
# access ("userdb returned 0 as uid"): those use nobody/nogroup
default_internal_user = root
default_internal_group = root
default_login_user = nobody
mail_location = maildir:$dir/mail/%u
disable_plaintext_auth = no
auth_mechanisms = plain login cram-md5 digest-md5 scram-sha-1 scram-sha-256 apop external oauthbearer xoauth2
auth_verbose = yes
auth_failure_delay = 0
pop3_uidl_format = %08Xu%08Xv
ssl = yes
ssl_cert = <$dir/certs/server.crt
ssl_key = <$dir/certs/server.key
ssl_ca = <$dir/certs/ca.crt
ssl_min_protocol = TLSv1.2
ssl_verify_client_cert = yes
# the test CA has no CRL; without this no client certificate counts as valid
ssl_require_crl = no
auth_ssl_username_from_cert = yes
# EXTERNAL: the certificate's CN is the user, there is no password to compare
passdb {
  driver = static
  args = nopassword=y
  mechanisms = external
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/users
  default_fields = uid=nobody gid=nogroup
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $p3
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = $p3s
    ssl = yes
  }
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = 0
  }
}
${MPOP_DOVECOT_EXTRA:-}
CONF
}

start() {
  [ $# -ge 3 ] || usage
  local dir p3=$2 p3s=$3
  mkdir -p "$1"
  dir=$(cd "$1" && pwd)
  shift 3
  [ $# -gt 0 ] || set -- alice:alicepw:3 bob:bobpw tok:oauth-token-1
  [ "$(id -u)" -eq 0 ] || { echo "$0: must run as root" >&2; exit 1; }
  [ -x /usr/sbin/dovecot ] || { echo "$0: /usr/sbin/dovecot not installed" >&2; exit 1; }

  chmod 755 "$dir"
  local parent=$dir perms
  while [ "$parent" != / ]; do
    parent=$(dirname "$parent")
    perms=$(stat -c %A "$parent")
    case ${perms:9:1} in
      x | t) ;;
      *) echo "$0: $parent is not traversable by nobody" >&2; exit 1 ;;
    esac
  done
  mkdir -p "$dir/run" "$dir/state" "$dir/mail" "$dir/home"
  "$here/mkcerts.sh" "$dir/certs"
  : > "$dir/users"
  local spec name password count size
  for spec in "$@"; do
    IFS=: read -r name password count size <<< "$spec"
    echo "$name:{PLAIN}$password::::$dir/home/$name::" >> "$dir/users"
    mkdir -p "$dir/mail/$name/new" "$dir/mail/$name/cur" "$dir/mail/$name/tmp" \
      "$dir/home/$name"
    make_mails "$dir/mail/$name" "${count:-0}" "${size:-1000}"
    chown -R nobody:nogroup "$dir/mail/$name" "$dir/home/$name"
  done
  write_conf "$dir" "$p3" "$p3s" > "$dir/dovecot.conf"

  # Detached stdio: a daemon holding a caller's $(...) pipe makes that caller hang.
  if ! /usr/sbin/dovecot -c "$dir/dovecot.conf" < /dev/null >> "$dir/dovecot.log" 2>&1; then
    echo "$0: dovecot failed to start:" >&2
    cat "$dir/dovecot.log" >&2
    exit 1
  fi
  for _ in $(seq 100); do
    if (exec 3<> "/dev/tcp/127.0.0.1/$p3") 2> /dev/null; then
      echo "dovecot: pop3 127.0.0.1:$p3, pop3s 127.0.0.1:$p3s, dir $dir"
      exit 0
    fi
    sleep 0.05
  done
  echo "$0: dovecot does not answer on port $p3:" >&2
  cat "$dir/dovecot.log" >&2
  stop "$dir"
  exit 1
}

# live_in_group PGID: true while a process of the group runs. Zombies do not count: the
# daemon's orphans wait for init to reap them, which can take a second.
live_in_group() {
  local stat_file line fields
  for stat_file in /proc/[0-9]*/stat; do
    read -r line < "$stat_file" 2> /dev/null || continue
    read -r -a fields <<< "${line##*) }"  # state ppid pgrp ...
    [ "${fields[2]}" = "$1" ] && [ "${fields[0]}" != Z ] && return 0
  done
  return 1
}

# SIGTERM to the master's process group (the master alone waits a second for its
# children), SIGKILL after 2 s.
stop() {
  local dir=$1 pid
  [ -f "$dir/run/master.pid" ] || return 0
  pid=$(cat "$dir/run/master.pid")
  kill -TERM -- "-$pid" 2> /dev/null || return 0
  for _ in $(seq 200); do
    live_in_group "$pid" || return 0
    sleep 0.01
  done
  kill -KILL -- "-$pid" 2> /dev/null || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) [ $# -eq 2 ] || usage; stop "$(cd "$2" && pwd)" ;;
  *) usage ;;
esac
