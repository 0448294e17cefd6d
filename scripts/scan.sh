#!/usr/bin/env bash
# `make scan`: dynamic security scan of the portal with sqlmap and wapiti (docs/security.md).
#
#   1. installs sqlmap and wapiti from Debian's packages when missing (root or sudo);
#   2. starts the portal with demo data under gunicorn on a free loopback port, on a throwaway
#      SQLite database in var/scan-*/, with DEBUG off, a random secret key, ALLOWED_HOSTS 127.0.0.1,
#      no HTTPS redirect and - plain http only - no __Host- prefix and no Secure flag on cookies;
#   3. logs in as demo users (trajectbegeleider, projectleider, klantmanager) for session cookies;
#   4. runs sqlmap against the parameters of a handful of GET and POST endpoints (searches, filters,
#      the login form) and wapiti (modules sql, xss, exec, file, redirect, crlf; scope folder;
#      logout and the Django admin excluded) over the whole site, each bounded in time;
#   5. fails when either tool reports a finding, or when wapiti saw an internal server error.
#
# Only 127.0.0.1 is ever a target; nothing is sent anywhere else (wapiti's bug reports are switched
# off and its external/internal endpoints, used only by modules we do not run, point at the portal). Environment: SCAN_TIMEOUT (seconds per sqlmap target, default 240),
# WAPITI_TIMEOUT (seconds per wapiti run, default 480), SCAN_KEEP=1 keeps var/scan-* for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
SCAN_TIMEOUT=${SCAN_TIMEOUT:-240}
WAPITI_TIMEOUT=${WAPITI_TIMEOUT:-480}
DEMO_WACHTWOORD=Hoofdzaak-demo-2026
REGIO=holland-rijnland

log() { printf 'scan: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; SCAN_KEEP=1; exit 2; }

# --- 1. Tools --------------------------------------------------------------------------------------------
if ! command -v sqlmap >/dev/null || ! command -v wapiti >/dev/null; then
    SUDO=()
    [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
    log "installing sqlmap and wapiti (Debian packages)"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq sqlmap wapiti \
        || { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq \
             && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq sqlmap wapiti; } \
        || die "could not install sqlmap/wapiti"
fi
log "$(sqlmap --version 2>/dev/null | head -1 | tr -d '\n') / wapiti $(wapiti --version 2>/dev/null | tail -1)"

# --- 2. The portal ---------------------------------------------------------------------------------------
mkdir -p var
WERK=$(mktemp -d "$PWD/var/scan-XXXXXX")
SERVER_PID=""
opruimen() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ "${SCAN_KEEP:-0}" != 1 ]; then rm -rf "$WERK"; else log "kept $WERK"; fi
}
trap opruimen EXIT

# Plain http on loopback: cookies without the Secure flag (a scanner would not send them back) and
# static files without the collectstatic manifest, no login lockout. Production settings are untouched.
cat >"$WERK/scan_settings.py" <<'EOF'
from hoofdzaak.settings import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# The scanners send thousands of failed logins from one address; the lockout (tested in
# tests/test_security.py) would turn every later answer into the lockout page and hide the login form.
AXES_FAILURE_LIMIT = 1_000_000
EOF

# Debian's wapiti 3.0.4 builds its exclusion patterns as `...\Z(?ms)`, which Python 3.11 refuses
# ("global flags not at the start"): start it through this wrapper, which fixes that one function.
cat >"$WERK/wapiti_start.py" <<'EOF'
import re
import sys
from importlib.metadata import distribution

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate
punt = next(e for e in distribution("wapiti3").entry_points if e.group == "console_scripts" and e.name == "wapiti")
sys.argv[0] = "wapiti"
sys.exit(punt.load()())
EOF

PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASIS="http://127.0.0.1:$PORT"
export PYTHONPATH="$WERK${PYTHONPATH:+:$PYTHONPATH}"
SCAN_ENV=(
    env -u CELERY_BROKER_URL -u CACHE_URL -u EMAIL_HOST -u DJANGO_CSRF_TRUSTED_ORIGINS
    DJANGO_SETTINGS_MODULE=scan_settings
    DJANGO_DEBUG=0
    DJANGO_SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
    PORTAAL_AUDIT_SLEUTEL="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
    PORTAAL_KOPPEL_SLEUTEL="$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')"
    PORTAAL_AUDIT_ANCHOR_DIR="$WERK/auditankers"
    DJANGO_ALLOWED_HOSTS=127.0.0.1
    DJANGO_SECURE_SSL_REDIRECT=0
    PORTAAL_HOST_PREFIX_COOKIES=0
    DATABASE_URL="sqlite:///$WERK/portaal.sqlite3"
    PORTAAL_PRIVATE_STORAGE="$WERK/private"
    DJANGO_LOG_LEVEL=ERROR
)
log "database and demo data in $WERK"
"${SCAN_ENV[@]}" $PY manage.py migrate --noinput -v 0
"${SCAN_ENV[@]}" $PY manage.py laad_demo >/dev/null
"${SCAN_ENV[@]}" .venv/bin/gunicorn hoofdzaak.wsgi -b "127.0.0.1:$PORT" -w 2 --timeout 60 \
    --access-logfile "$WERK/access.log" --error-logfile "$WERK/error.log" &
SERVER_PID=$!
for _ in $(seq 60); do
    curl -fsS -o /dev/null "$BASIS/gezondheid/" 2>/dev/null && break
    sleep 1
done
curl -fsS -o /dev/null "$BASIS/gezondheid/" || die "portal did not start (see $WERK/error.log)"
log "portal on $BASIS"

# --- 3. Sessions -------------------------------------------------------------------------------------------
# Prints the session cookie value of a fresh login as `rol`.
inloggen() {
    local rol=$1 jar="$WERK/jar-$1" token
    token=$(curl -fsS -c "$jar" -b "$jar" "$BASIS/account/inloggen/" \
        | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
    [ -n "$token" ] || die "no CSRF token on the login page"
    curl -fsS -o /dev/null -c "$jar" -b "$jar" -X POST "$BASIS/account/inloggen/" \
        --data-urlencode "csrfmiddlewaretoken=$token" \
        --data-urlencode "username=$rol@$REGIO.demo" \
        --data-urlencode "password=$DEMO_WACHTWOORD"
    # The second step: the demo accounts' authenticator codes come from `manage.py demo_code`.
    token=$(curl -fsS -c "$jar" -b "$jar" "$BASIS/account/tweede-stap/" \
        | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
    curl -fsS -o /dev/null -c "$jar" -b "$jar" -X POST "$BASIS/account/tweede-stap/" \
        --data-urlencode "csrfmiddlewaretoken=$token" \
        --data-urlencode "code=$("${SCAN_ENV[@]}" "$PY" manage.py demo_code "$rol@$REGIO.demo" 2>/dev/null)"
    awk '$6 == "sessionid" {print $7}' "$jar"
}
TB=$(inloggen trajectbegeleider)
PL=$(inloggen projectleider)
KM=$(inloggen klantmanager)
for sessie in "$TB" "$PL" "$KM"; do [ -n "$sessie" ] || die "login as a demo user failed"; done
# A first visit, so the participant numbers in the URLs below exist.
NUMMER=$(curl -fsS -b "sessionid=$TB" "$BASIS/$REGIO/caseload/" | grep -o "$REGIO/deelnemers/HR-[0-9]*-[0-9]*" | head -1 | cut -d/ -f3)
[ -n "$NUMMER" ] || die "no participant in the trajectbegeleider's caseload"

# --- 4a. sqlmap ------------------------------------------------------------------------------------------------
bevindingen=0
SQLMAP_UIT="$WERK/sqlmap"
sqlmap_doel() {
    local naam=$1; shift
    local uit="$SQLMAP_UIT/$naam"
    mkdir -p "$uit"
    log "sqlmap: $naam"
    set +e
    timeout "$SCAN_TIMEOUT" sqlmap --batch --disable-coloring --level=3 --risk=2 --dbms=SQLite \
        --time-sec=2 --output-dir="$uit" --skip="csrfmiddlewaretoken" "$@" \
        >"$uit/uitvoer.txt" 2>&1
    local code=$?
    set -e
    if grep -q "\[CRITICAL\] option\|\[CRITICAL\] invalid" "$uit/uitvoer.txt"; then
        grep "\[CRITICAL\]" "$uit/uitvoer.txt" >&2
        die "sqlmap could not run target $naam"
    fi
    if [ "$code" -eq 124 ]; then
        log "sqlmap: $naam: stopped after ${SCAN_TIMEOUT}s (see docs/security.md)"
        echo "$naam: timeout" >>"$WERK/tijdslimieten"
    fi
    # sqlmap writes injection points it confirmed to <output-dir>/<host>/log.
    if grep -qs "^Parameter: " "$uit"/*/log || grep -q "is vulnerable\|appears to be injectable" "$uit/uitvoer.txt"; then
        log "sqlmap: $naam: INJECTION FOUND"
        grep -A8 "^Parameter: " "$uit"/*/log >&2 || true
        bevindingen=$((bevindingen + 1))
    else
        grep -E "do not appear to be injectable|not injectable" "$uit/uitvoer.txt" | tail -1 | sed 's/^/scan:   /' >&2 || true
    fi
}

sqlmap_doel caseload-zoek -u "$BASIS/$REGIO/caseload/?zoek=jansen&sorteer=naam" -p "zoek,sorteer" \
    --cookie="sessionid=$TB" --threads=2
sqlmap_doel deelnemers-zoek -u "$BASIS/$REGIO/deelnemers/?zoek=jansen" -p zoek --cookie="sessionid=$KM" --threads=2
sqlmap_doel auditlog-zoek \
    -u "$BASIS/$REGIO/beheer/auditlog/?nummer=$NUMMER&gebruiker_email=a%40b.nl&van=2026-01-01&tot=2026-12-31" \
    -p "nummer,gebruiker_email,van,tot" --cookie="sessionid=$PL" --threads=2
sqlmap_doel gebruikers-filter -u "$BASIS/$REGIO/beheer/gebruikers/?zoek=petra&rol=klantmanager&status=actief" \
    -p "zoek,rol,status" --cookie="sessionid=$PL" --threads=2
sqlmap_doel deelnemer-nummer -u "$BASIS/$REGIO/deelnemers/$NUMMER*/" --cookie="sessionid=$TB" --threads=2
# The login form, with a CSRF cookie and form token from one visit: Django accepts that pair for every
# request until a login succeeds (sqlmap's own --csrf-token cannot read our form).
CSRF_TOKEN=$(curl -fsS -c "$WERK/jar-anoniem" "$BASIS/account/inloggen/" \
    | sed -n 's/.*name="csrfmiddlewaretoken" value="\([^"]*\)".*/\1/p' | head -1)
CSRF_COOKIE=$(awk '$6 == "csrftoken" {print $7}' "$WERK/jar-anoniem")
[ -n "$CSRF_COOKIE" ] && [ -n "$CSRF_TOKEN" ] || die "no CSRF cookie or token from the login page"
sqlmap_doel inloggen -u "$BASIS/account/inloggen/" --method=POST --cookie="csrftoken=$CSRF_COOKIE" \
    --data="csrfmiddlewaretoken=$CSRF_TOKEN&username=iemand%40$REGIO.demo&password=geen-wachtwoord" \
    -p "username,password"
if grep -q "CSRF cookie not set\|403 (Forbidden)" "$SQLMAP_UIT/inloggen/uitvoer.txt"; then
    die "sqlmap's login requests were refused by the CSRF check: that target tested nothing"
fi

# --- 4b. wapiti ----------------------------------------------------------------------------------------------
wapiti_scan() {
    local naam=$1 sessie=$2
    local rapport="$WERK/wapiti-$naam.json"
    cat >"$WERK/cookies-$naam.json" <<EOF
{"127.0.0.1": {"/": {"sessionid": {"value": "$sessie", "version": 0, "secure": false, "expires": null, "port": null}}}}
EOF
    log "wapiti: $naam (at most ${WAPITI_TIMEOUT}s)"
    set +e
    timeout $((WAPITI_TIMEOUT + 900)) /usr/bin/python3 "$WERK/wapiti_start.py" -u "$BASIS/" --scope folder \
        -s "$BASIS/$REGIO/" -s "$BASIS/$REGIO/caseload/?zoek=jansen" -s "$BASIS/$REGIO/deelnemers/$NUMMER/" \
        -m "sql,xss,exec,file,redirect,crlf" \
        -x "$BASIS/account/uitloggen/" -x "$BASIS/platformbeheer/*" -x "$BASIS/static/*" \
        -c "$WERK/cookies-$naam.json" --max-scan-time "$WAPITI_TIMEOUT" --max-attack-time 120 \
        -d 4 --max-links-per-page 40 --max-files-per-dir 30 --max-parameters 12 -t 20 \
        --flush-session --store-session "$WERK/wapiti-sessie-$naam" --store-config "$WERK/wapiti-config-$naam" \
        --no-bugreport --external-endpoint "$BASIS/gezondheid/" --internal-endpoint "$BASIS/gezondheid/" \
        -f json -o "$rapport" -v 1 >"$WERK/wapiti-$naam.txt" 2>&1
    local code=$?
    set -e
    [ "$code" -eq 124 ] && echo "wapiti $naam: timeout" >>"$WERK/tijdslimieten"
    [ -s "$rapport" ] || die "wapiti ($naam) wrote no report (exit $code); see $WERK/wapiti-$naam.txt"
    local telling
    telling=$($PY - "$rapport" <<'EOF'
import json, sys

rapport = json.load(open(sys.argv[1]))
kwetsbaar = {k: v for k, v in rapport.get("vulnerabilities", {}).items() if v}
fouten = {k: v for k, v in rapport.get("anomalies", {}).items() if v and "Internal Server Error" in k}
for soort, lijst in {**kwetsbaar, **fouten}.items():
    for item in lijst:
        print(f"scan:   {soort}: {item.get('method')} {item.get('path')} {item.get('info', '')[:200]}", file=sys.stderr)
gezien = rapport.get("infos", {})
print(f"scan:   {gezien.get('target', '')}: {sum(map(len, kwetsbaar.values()))} vulnerabilities, "
      f"{sum(map(len, fouten.values()))} server errors", file=sys.stderr)
print(sum(map(len, kwetsbaar.values())) + sum(map(len, fouten.values())))
EOF
)
    bevindingen=$((bevindingen + telling))
}
# Projectleider last: its forms can deactivate other users, which would end their sessions.
wapiti_scan trajectbegeleider "$TB"
wapiti_scan projectleider "$PL"

# --- 5. Verdict ------------------------------------------------------------------------------------------------
if grep -qE '" 500 [0-9-]+ ' "$WERK/access.log"; then
    log "server errors (500) during the scan:"
    grep -E '" 500 [0-9-]+ ' "$WERK/access.log" | head -20 >&2
    bevindingen=$((bevindingen + $(grep -cE '" 500 [0-9-]+ ' "$WERK/access.log")))
fi
[ -s "$WERK/tijdslimieten" ] && log "time limits reached: $(tr '\n' ' ' <"$WERK/tijdslimieten")"
log "requests served: $(wc -l <"$WERK/access.log")"
if [ "$bevindingen" -gt 0 ]; then
    log "FAILED: $bevindingen finding(s)"
    SCAN_KEEP=1
    exit 1
fi
log "OK: no findings"
