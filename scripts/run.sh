#!/usr/bin/env bash
# Start the web server, the background worker and the scheduler together; Ctrl-C stops them together.
set -euo pipefail
port="${1:-8000}"
py=.venv/bin/python
# The local demo lets staff in without an authenticator app; production requires one
# (MFA_REQUIRED_FOR_STAFF defaults to on in the settings). Set it to 1 here to try the real flow.
export MFA_REQUIRED_FOR_STAFF="${MFA_REQUIRED_FOR_STAFF:-0}"
# Links in mails and calendar addresses point at this server's port unless SITE_URL says otherwise.
export SITE_URL="${SITE_URL:-http://127.0.0.1:${port}}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo
echo "  Rådgivningsfunktionen på hjemløshedsområdet: http://127.0.0.1:${port}"
echo
$py manage.py demo_logins
echo
echo "  Stop med Ctrl-C."
echo

$py manage.py db_worker --queue-name "*" &
pids+=($!)
$py manage.py run_scheduler &
pids+=($!)
$py manage.py runserver "127.0.0.1:${port}" &
pids+=($!)
wait -n "${pids[@]}"
