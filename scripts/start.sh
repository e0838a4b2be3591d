#!/usr/bin/env bash
# Starts the whole system on this machine: PostgreSQL (installed and started under .data/ when
# ConnectionStrings__Hms is not set), the database and its migrations, N silos and the API.
#   scripts/start.sh              one silo
#   scripts/start.sh --silos 3    three silos (or HMS_SILOS=3)
# Ctrl+C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

silos="${HMS_SILOS:-1}"
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="$2"; shift 2 ;;
    --silos=*) silos="${1#*=}"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "Unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$silos" in ''|*[!0-9]*|0) echo "--silos needs a positive number" >&2; exit 2 ;; esac

api_port="${HMS_API_PORT:-8080}"
silo_http_base="${HMS_SILO_HTTP_PORT:-8081}"
silo_port_base="${HMS_SILO_PORT:-11111}"
gateway_port_base="${HMS_GATEWAY_PORT:-30000}"
mkdir -p .data/logs

pids=()
pg_data=""
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping…"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pg_data" ] && pg_stop "$pg_data"
  exit 0
}
trap cleanup INT TERM EXIT

if [ -z "${ConnectionStrings__Hms:-}" ]; then
  pg_port="${HMS_PG_PORT:-55433}"
  pg_ensure_installed
  pg_data="$(pg_data_dir pg)"
  pg_start "$pg_data" "$pg_port"
  pg_create_db "$pg_port" hms
  export ConnectionStrings__Hms="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=hms"
  echo "PostgreSQL: 127.0.0.1:$pg_port (data in $pg_data)"
fi

# Local secrets, generated once and kept under .data/ (not committed).
secret() { [ -s ".data/$1" ] || head -c 48 /dev/urandom | base64 | tr -d '/+=\n' > ".data/$1"; cat ".data/$1"; }
export Auth__SigningKey="${Auth__SigningKey:-$(secret signing-key)}"
export Auth__DevTokens="${Auth__DevTokens:-true}"
export Dashboard__Password="${Dashboard__Password:-$(secret dashboard-password)}"
export CRON_API_KEY="${CRON_API_KEY:-$(secret cron-api-key)}"
export CRON_SECRET="${CRON_SECRET:-$(secret cron-secret)}"
export SMS_INBOUND_SECRET="${SMS_INBOUND_SECRET:-$(secret sms-inbound-secret)}"
export PatientLinks__BaseUrl="${PatientLinks__BaseUrl:-http://localhost:$api_port}"   # where reminder links point

dotnet build Hms.Orleans.sln -c Release -v quiet -nologo
bin_silo="src/Hms.Silo/bin/Release/net10.0/Hms.Silo.dll"
bin_api="src/Hms.Api/bin/Release/net10.0/Hms.Api.dll"
dotnet "$bin_silo" migrate

wait_ready() {
  local url="$1" name="$2" i
  for i in $(seq 1 120); do
    curl -fs "$url" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "$name did not become ready; see .data/logs/" >&2
  return 1
}

# Locally, mail and SMS without a configured sender are written whole to the silo's log (Debug for those
# two categories only; production logs keep recipients and texts out).
dev_log="--Logging:LogLevel:Hms.Silo.Notifications.LogSender=Debug --Logging:LogLevel:Hms.Silo.KpiAlerts.LogReportMailer=Debug"
for i in $(seq 0 $((silos - 1))); do
  ( cd "$(dirname "$bin_silo")" && \
    Cluster__SiloPort=$((silo_port_base + i)) Cluster__GatewayPort=$((gateway_port_base + i)) \
    ASPNETCORE_URLS="http://127.0.0.1:$((silo_http_base + i))" \
    exec dotnet Hms.Silo.dll $dev_log ) > ".data/logs/silo$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 0 $((silos - 1))); do
  wait_ready "http://127.0.0.1:$((silo_http_base + i))/health/ready" "silo $i"
done

( cd "$(dirname "$bin_api")" && ASPNETCORE_URLS="http://127.0.0.1:$api_port" \
    Console__DashboardUrl="${Console__DashboardUrl:-http://127.0.0.1:$silo_http_base/dashboard}" exec dotnet Hms.Api.dll ) \
  > .data/logs/api.log 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$api_port/health/ready" "API"

cat <<INFO

HMS Orleans is running with $silos silo(s).
  API                 http://127.0.0.1:$api_port
  Console             http://127.0.0.1:$api_port/console   (sign in with a development token: your tenant id, pick roles)
  Interactive docs    http://127.0.0.1:$api_port/docs      (OpenAPI: /openapi/v1.json)
  Orleans dashboard   http://127.0.0.1:$silo_http_base/dashboard   user: operator  password: $Dashboard__Password
  Silo health         http://127.0.0.1:$silo_http_base/health/ready
  Logs                .data/logs/  (no SMTP or SMS webhook set: mail and SMS texts are in silo*.log)
  External trigger    POST http://127.0.0.1:$api_port/api/v1/no-show/external-trigger  (x-cron-api-key: .data/cron-api-key)

Get a token for a role and tenant (local development only):
  scripts/token.sh HOSPITAL_ADMIN h-demo

Press Ctrl+C to stop.
INFO
wait -n "${pids[@]}" || true
echo "A silo or the API exited; see .data/logs/. Stopping the rest." >&2
