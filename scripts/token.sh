#!/usr/bin/env bash
# Prints a development bearer token from the running API (scripts/start.sh enables the route).
#   scripts/token.sh ROLE[,ROLE…] TENANT_ID [SUBJECT]
#   TOKEN=$(scripts/token.sh HOSPITAL_ADMIN h-demo); curl -H "Authorization: Bearer $TOKEN" …
set -euo pipefail
roles="${1:?usage: scripts/token.sh ROLE[,ROLE…] TENANT_ID [SUBJECT]}"
tenant="${2:?usage: scripts/token.sh ROLE[,ROLE…] TENANT_ID [SUBJECT]}"
subject="${3:-dev-$(echo "$roles" | tr 'A-Z,' 'a-z-')}"
roles_json=$(printf '"%s",' ${roles//,/ }); roles_json="[${roles_json%,}]"
curl -fsS -X POST "http://127.0.0.1:${HMS_API_PORT:-8080}/api/dev/token" -H 'content-type: application/json' \
  -d "{\"sub\":\"$subject\",\"roles\":$roles_json,\"tenantId\":\"$tenant\"}" \
  | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
