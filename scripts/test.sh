#!/usr/bin/env bash
# Builds the solution and runs every test (unit, grain, API, PostgreSQL and real-silo durability
# tests) against a private PostgreSQL it installs and starts itself. Extra arguments go to
# `dotnet test` (e.g. --filter "Category!=Durability"). The last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

port="${HMS_TEST_PG_PORT:-$(pg_free_port 55432)}"
results=".data/test-results"
rm -rf "$results"; mkdir -p "$results"

summary() { echo "$1 passed, $2 failed"; }

pg_ensure_installed || { summary 0 1; exit 1; }
# The README walk-through test runs scripts/try-it.sh, which needs curl and jq.
# The console's browser tests drive Debian's chromium (Playwright cannot download its own browser here).
# The separate-hosts test builds network namespaces with `ip` (iproute2).
missing=()
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
command -v ip >/dev/null || missing+=(iproute2)
[ -n "${HMS_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi
data="$(pg_data_dir pg-test)"
# Test data needs no crash safety; skipping fsync keeps the suite quick.
HMS_PG_FSYNC=off pg_start "$data" "$port" || { echo "PostgreSQL did not start" >&2; summary 0 1; exit 1; }
trap 'pg_stop "$data"' EXIT
export HMS_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres"

if ! dotnet build Hms.Orleans.sln -c Release; then
  echo "Build failed" >&2
  summary 0 1
  exit 1
fi

dotnet test tests/Hms.Tests -c Release --no-build --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

# Counts come from the TRX report: every test that ran, passed or failed.
trx="$results/results.trx"
if [ -f "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
  summary "${passed:-0}" "${failed:-0}"
else
  summary 0 1
  status=1
fi
exit "$status"
