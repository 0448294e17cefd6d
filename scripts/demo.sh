#!/usr/bin/env bash
# `make demo`, after migrate and laad_demo: the web server with a real Celery worker and beat beside it, as
# in production, on embedded parts: SQLite (var/portaal.sqlite3) and kombu's filesystem transport
# (var/broker/), unless DATABASE_URL / CELERY_BROKER_URL point elsewhere. PORT (default 8000) is where it
# serves; PORTAAL_URL (links in e-mails) follows it (hoofdzaak/settings.py). Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-8000}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-filesystem://}"
if [[ "$CELERY_BROKER_URL" == filesystem://* ]]; then
	export CELERY_BROKER_FOLDER="${CELERY_BROKER_FOLDER:-$PWD/var/broker}"
	mkdir -p "$CELERY_BROKER_FOLDER"
fi
logmap="${DEMO_LOGMAP:-var/log}"
mkdir -p "$logmap"

processen=()
stop() {
	for pid in "${processen[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' INT TERM

# One build at a time (solo pool): SQLite has one writer anyway, and the demo needs no more.
.venv/bin/celery -A hoofdzaak worker --pool solo -l info >"$logmap/worker.log" 2>&1 &
processen+=($!)
.venv/bin/celery -A hoofdzaak beat -l info -s "${DEMO_BEAT_SCHEDULE:-var/celerybeat-schedule}" >"$logmap/beat.log" 2>&1 &
processen+=($!)
echo "Celery worker en beat draaien op de achtergrond (logboek: $logmap/worker.log, $logmap/beat.log)."
echo "Het portaal: http://127.0.0.1:${PORT}/"

.venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
