#!/usr/bin/env bash
# A private PostgreSQL for local runs and tests: installed from Debian packages when missing,
# data under the project's .data/ folder, listening on 127.0.0.1 only, trust auth (never for production).
# Source this file, then: pg_ensure_installed; data=$(pg_data_dir <name>); pg_start "$data" <port>; pg_stop "$data".
# A test's server on a private network (tests/Hms.Tests/Infrastructure/TestNetwork.cs) sets HMS_PG_LISTEN to its
# address there and HMS_PG_ALLOW_NETWORK to that network (CIDR): pg_hba then trusts that network and nothing wider.

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

pg_ensure_installed() {
  if pg_bin_dir >/dev/null; then return 0; fi
  echo "PostgreSQL not found: installing it with apt-get" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
  pg_bin_dir >/dev/null || { echo "PostgreSQL install failed" >&2; return 1; }
}

# Where a cluster's data lives: .data/<name> in the project, unless the server's own user cannot
# reach that folder (a checkout under /root, say): then a folder of its own under /var/tmp.
pg_data_dir() {
  local name="$1" project
  project="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  mkdir -p "$project/.data"
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$project/.data" 2>/dev/null; then
    echo "$project/.data/$name"
  else
    echo "/var/tmp/hms-orleans-$(echo "$project" | md5sum | cut -c1-8)/$name"
  fi
}

# Runs a PostgreSQL server binary as a non-root user: the server refuses to run as root.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  local data="$1" port="$2" bin
  bin="$(pg_bin_dir)" || return 1
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then chmod 755 "$(dirname "$data")"; chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null || return 1
  fi
  if [ -n "${HMS_PG_ALLOW_NETWORK:-}" ]; then pg_allow_network "$data" "$HMS_PG_ALLOW_NETWORK"; fi
  if pg_as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    return 0
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=${HMS_PG_LISTEN:-127.0.0.1} -k /tmp -c max_connections=400 -c fsync=${HMS_PG_FSYNC:-on} ${HMS_PG_OPTS:-}" start >/dev/null || {
      cat "$data/server.log" >&2; return 1; }
}

# Trusts clients from one network (CIDR, e.g. 10.231.7.0/24) besides loopback; once, however often it is called.
pg_allow_network() {
  local data="$1" network="$2" line
  line="host all all $network trust"
  grep -qxF "$line" "$data/pg_hba.conf" || echo "$line" >> "$data/pg_hba.conf"
}

pg_restart() {
  local data="$1" bin
  bin="$(pg_bin_dir)" || return 1
  pg_as_owner "$bin/pg_ctl" -D "$data" -w -t 60 restart -m fast >/dev/null
}

pg_stop() {
  local data="$1" bin
  bin="$(pg_bin_dir)" || return 1
  [ -f "$data/PG_VERSION" ] || return 0
  pg_as_owner "$bin/pg_ctl" -D "$data" -w -t 60 stop -m fast >/dev/null 2>&1 || true
}

# Creates a database when it does not exist yet.
pg_create_db() {
  local port="$1" db="$2" bin
  bin="$(pg_bin_dir)" || return 1
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
  fi
}

# The first port from $1 upwards that nothing listens on (for throw-away test servers).
pg_free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}
