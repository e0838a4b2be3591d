#!/usr/bin/env bash
# Runs one benchmark workload against a private PostgreSQL (installed when missing, fsync on) and
# real silo and API processes built in Release. Figures are printed and appended to bench/results/.
#   bench/run.sh burst   [--silos 1|2|3] [--count 10000]   deadlines due in the same second
#   bench/run.sh booking [--silos 1|2] [--count 20000]   HTTP bookings, 32 clients, a conflict storm; then bench/Hms.BookingPeer
#   bench/run.sh steady  [--count 100000]                pending deadlines + 10,000 over 10 minutes
#   bench/run.sh peers   [--count 10000] [--only sweep]  Hangfire, Quartz.NET and the 5-minute sweep (--only: a comma list)
#   bench/run.sh px      [--silos 1|2] [--count 10000]   PX cases whose SLA breaches in the same second
#   bench/run.sh kpi     [--silos 1|2] [--count 10000]   scheduled KPI reports due in the same minute
#   bench/run.sh pms     [--silos 1|2] [--count 10000]   hotel reservations whose no-show cut-off is the same second
#   bench/run.sh idle    [--silos 1|2] [--count 10000]   reminder rows read per idle minute with N deadlines weeks away
#                                                        (idle-unwindowed: the same with 0004's every-row range reads)
# --pool N sets the silos' Npgsql Maximum Pool Size (default: Npgsql's 100).
# HMS_BENCH_PG_OPTS adds server settings, e.g. HMS_BENCH_PG_OPTS="-c commit_delay=500 -c commit_siblings=5".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
[ $# -ge 1 ] || { sed -n '2,15p' "$0"; exit 2; }

pg_ensure_installed
port="${HMS_BENCH_PG_PORT:-$(pg_free_port 55440)}"
data="$(pg_data_dir pg-bench)"
# pg_stat_statements lets a run show which statements the database spent its time on.
HMS_PG_FSYNC=on HMS_PG_OPTS="-c shared_preload_libraries=pg_stat_statements ${HMS_BENCH_PG_OPTS:-}" pg_start "$data" "$port"
trap 'pg_stop "$data"' EXIT

dotnet build Hms.Orleans.sln -c Release -v quiet -nologo
mkdir -p bench/results
dotnet bench/Hms.Bench/bin/Release/net10.0/Hms.Bench.dll "$@" --pg "Host=127.0.0.1;Port=$port;Username=postgres" \
  | tee -a "bench/results/$1.md"
