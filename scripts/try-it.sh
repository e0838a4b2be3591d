#!/usr/bin/env bash
# A walk through HMS Orleans against a running system (scripts/start.sh), any day, at any hour:
# a fresh hospital whose doctor works around the clock in 1-minute slots, a NO_SHOW within two
# minutes, a NO_VITALS stage alert, a reminder confirmed from its link, a patient-experience case
# escalated at its due time, and a KPI report you can open. Needs bash, curl and jq; works with GNU (Linux) and BSD (macOS) date.
#   scripts/try-it.sh                  # HMS_ZONE=Asia/Kolkata scripts/try-it.sh for another zone
# Each step prints what it did; the README's "Try it" section walks through the same requests.
set -euo pipefail

API="http://127.0.0.1:${HMS_API_PORT:-8080}"
ZONE="${HMS_ZONE:-Europe/Berlin}"
TENANT="${HMS_TENANT:-try-$(date +%s)}"            # a new hospital (tenant) every run
WAIT="${HMS_WAIT_SECONDS:-240}"                     # the longest any step waits for its deadline
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "try-it needs jq (apt-get install jq / brew install jq)" >&2; exit 2; }

TOKEN=$(scripts/token.sh HOSPITAL_ADMIN,RECEPTIONIST,NURSE,SUPERVISOR,MANAGER "$TENANT" try-admin)
api() { curl -sS --fail-with-body -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }
# An instant (epoch seconds) formatted in a zone, with GNU or BSD date.
at() { TZ="$2" date -d "@$1" "+$3" 2>/dev/null || TZ="$2" date -r "$1" "+$3"; }
# Polls "$@" (a command printing a value) until it prints something other than "" or "null".
until_set() {
  local what=$1; shift
  for _ in $(seq "$WAIT"); do
    local value; value=$("$@")
    if [ -n "$value" ] && [ "$value" != "null" ]; then echo "$value"; return; fi
    sleep 1
  done
  echo "timed out waiting for $what" >&2; exit 1
}

echo "== hospital $TENANT in $ZONE (NO_VITALS right at slot end; reminders 2 minutes ahead, no quiet hours)"
api -X POST "$API/api/v1/hospitals" -d "{\"name\":\"Try General\",\"timeZone\":\"$ZONE\",\"settings\":{\"vitalsAlertBufferMinutes\":0,
  \"reminders\":{\"offsetsMinutes\":[2],\"quietHoursStart\":\"00:00\",\"quietHoursEnd\":\"00:00\",\"channels\":[\"SMS\",\"IN_APP\"]}}}" >/dev/null
DOCTOR=$(api -X POST "$API/api/v1/doctors" -d "{\"firstName\":\"Anagha\",\"lastName\":\"Vijay\",\"slotDuration\":1,\"schedules\":[$(
  for day in MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY; do
    printf '{"dayOfWeek":"%s","startTime":"00:00","endTime":"23:59"},' "$day"; done | sed 's/,$//')]}" | jq -r .id)
ROY=$(api -X POST "$API/api/v1/patients" -d "{\"firstName\":\"Roy\",\"lastName\":\"Anindya\",\"mrn\":\"TRY-$RANDOM$RANDOM\"}" | jq -r .id)
ASHA=$(api -X POST "$API/api/v1/patients" -d "{\"firstName\":\"Asha\",\"lastName\":\"Rao\",\"mrn\":\"TRY-$RANDOM$RANDOM\"}" | jq -r .id)
MARA=$(api -X POST "$API/api/v1/patients" -d "{\"firstName\":\"Mara\",\"lastName\":\"Okafor\",\"mrn\":\"TRY-$RANDOM$RANDOM\",\"userId\":\"try-mara\"}" | jq -r .id)
echo "doctor $DOCTOR, patients $ROY, $ASHA and $MARA"

# The next whole minute at least 20 s away, in the hospital's zone: Roy's slot; Asha's is the one after.
NOW=$(date +%s); START=$(( (NOW / 60 + 1) * 60 )); [ $((START - NOW)) -ge 20 ] || START=$((START + 60))
DAY=$(at "$START" "$ZONE" %F); ROY_AT=$(at "$START" "$ZONE" %H:%M); ASHA_AT=$(at $((START + 60)) "$ZONE" %H:%M)
echo "== the doctor's first bookable slots of $DAY (every list answers { data, total, limit, offset })"
api "$API/api/v1/slots/doctor/$DOCTOR/range?from=$DAY&to=$DAY&available=true&limit=3" | jq -c '{total, first: [.data[] | .startTime]}'

echo "== Roy books $ROY_AT and never comes: NO_SHOW when the 1-minute slot ends"
ROY_VISIT=$(api -X POST "$API/api/v1/appointments" -d "{\"patientId\":\"$ROY\",\"doctorId\":\"$DOCTOR\",\"appointmentDate\":\"$DAY\",\"startTime\":\"$ROY_AT\"}" | jq -r .id)
echo "== Asha books $ASHA_AT, checks in, and waits without vitals: NO_VITALS when her slot ends"
ASHA_VISIT=$(api -X POST "$API/api/v1/appointments" -d "{\"patientId\":\"$ASHA\",\"doctorId\":\"$DOCTOR\",\"appointmentDate\":\"$DAY\",\"startTime\":\"$ASHA_AT\"}" | jq -r .id)
api -X POST "$API/api/v1/appointments/$ASHA_VISIT/check-in" | jq -c '{id, status}'
MARA_DAY=$(at $((START + 180)) "$ZONE" %F); MARA_AT=$(at $((START + 180)) "$ZONE" %H:%M)
echo "== Mara books $MARA_AT: her reminder goes out 2 minutes before, with links to confirm or cancel"
MARA_VISIT=$(api -X POST "$API/api/v1/appointments" -d "{\"patientId\":\"$MARA\",\"doctorId\":\"$DOCTOR\",\"appointmentDate\":\"$MARA_DAY\",\"startTime\":\"$MARA_AT\"}" | jq -r .id)

echo "== a patient-experience case due in 90 s: AT_RISK warning at 80%, ESCALATED at its due time"
api -X PUT "$API/api/v1/staff/nurse-a" -d '{"firstName":"Asha","lastName":"Nair","roles":["NURSE"],"email":"nurse-a@example.org"}' >/dev/null
api -X PUT "$API/api/patient-experience/departments/CATERING" -d '{"name":"Catering","memberIds":["nurse-a"]}' >/dev/null
DUE=$(at $(( $(date +%s) + 90 )) UTC %Y-%m-%dT%H:%M:%SZ)
CASE=$(api -X POST "$API/api/patient-experience/cases" -d "{\"title\":\"Cold food on ward 3\",\"department\":\"CATERING\",\"priority\":\"HIGH\",\"dueAt\":\"$DUE\"}" | jq -r .id)
echo "case $CASE due $DUE"

echo "== a KPI alert with an hourly PDF report; a test send renders it now"
api -X POST "$API/api/v1/kpis/er.waiting/values" -d '{"value":25}' >/dev/null
KPI=$(api -X POST "$API/api/v1/kpi-alerts" -d "{\"name\":\"ER waiting\",\"dashboardId\":\"d1\",\"graphId\":\"g1\",\"metric\":\"er.waiting\",
  \"recipients\":[\"ops@example.org\"],\"type\":\"schedule\",\"schedule\":{\"frequency\":\"HOURLY\",\"minute\":0,\"timeZone\":\"$ZONE\",\"attachmentType\":\"PDF\"}}" | jq -r .id)
RUN=$(api -X POST "$API/api/v1/kpi-alerts/$KPI/run" | jq -r .id)
REPORT="${TMPDIR:-/tmp}/hms-kpi-report-$RUN.pdf"
api -o "$REPORT" "$API/api/v1/kpi-alerts/$KPI/runs/$RUN/attachment"
echo "report: $REPORT ($(wc -c < "$REPORT" | tr -d ' ') bytes; open it)"

echo "== waiting for the deadlines (each fires by its own reminder; nothing polls)"
until_set "Roy's NO_SHOW" sh -c "curl -sS -H 'Authorization: Bearer $TOKEN' '$API/api/v1/appointments/$ROY_VISIT' | jq -r 'select(.status == \"NO_SHOW\") | .status'" >/dev/null
api "$API/api/v1/no-show/logs" | jq -c --arg id "$ROY_VISIT" '[.data[] | select(.appointmentId == $id) | {appointmentId, reason, slotTime, triggeredAt}][0]'
echo "NO_SHOW: Roy"
until_set "Asha's NO_VITALS alert" sh -c "curl -sS -H 'Authorization: Bearer $TOKEN' '$API/api/v1/no-show/alerts?type=NO_VITALS' | jq -c '.data[0] // empty | {alertType, status, message}'"
echo "NO_VITALS: Asha (also pushed to GET /api/v1/no-show/alerts/stream)"
MARA_TOKEN=$(scripts/token.sh PATIENT "$TENANT" try-mara)
CONFIRM=$(until_set "Mara's reminder" sh -c "curl -sS -H 'Authorization: Bearer $MARA_TOKEN' '$API/api/v1/notifications' | jq -r '[.data[] | select(.type == \"APPOINTMENT_REMINDER\")][0].metadata.confirmUrl // empty'")
echo "Mara's reminder (her in-app notifications; the same text goes by SMS): confirm at $CONFIRM"
LINK="$API/api/v1/appointment-links/${CONFIRM##*/}"                      # the link as sent (PatientLinks__BaseUrl), on this API
curl -sS "$LINK" | jq -c '{action, done, message}'                       # a GET only asks (a browser sees a page with a button)
curl -sS -X POST "$LINK" | jq -c '{action, done, status, message}'       # the button: CONFIRMED, once
echo "CONFIRMED: Mara, from her reminder's link (a second POST answers 410 link_used)"
until_set "the case's escalation" sh -c "curl -sS -H 'Authorization: Bearer $TOKEN' '$API/api/patient-experience/cases/$CASE' | jq -c 'select(.status == \"ESCALATED\") | {status, escalationLevel, dueAt}'"
api "$API/api/patient-experience/cases/$CASE/audits" | jq -c '[.data[] | .action]'
echo "ESCALATED: case $CASE"

echo "== where the messages went"
echo "Notifications: GET $API/api/v1/notifications (in-app). E-mail and SMS go to SMTP / the SMS webhook when"
echo "Notifications__Smtp__Host / Notifications__Sms__WebhookUrl are set; otherwise scripts/start.sh writes them"
echo "to .data/logs/silo0.log (grep LogSender). KPI reports are mailed the same way; the PDF above is that report."
echo "done: hospital $TENANT"
