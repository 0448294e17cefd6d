#!/usr/bin/env bash
# Make sure the services the test suite needs are installed and running on a
# Debian 12 machine, and that the test database role exists:
#
#   * Debian packages: PostgreSQL, Redis, Chromium (browser tests), poppler-utils
#     and qpdf (PDF assertions), Pango, HarfBuzz and DejaVu fonts (WeasyPrint)
#   * PostgreSQL cluster on 127.0.0.1:5432 (created when missing, started when down)
#   * Redis on 127.0.0.1:6379 (started when down)
#   * role hoofdzaak/hoofdzaak (LOGIN CREATEDB), the owner: creates the test databases and migrates them,
#     and database hoofdzaak
#   * role hoofdzaak_app/hoofdzaak_app (LOGIN, nothing else), the application role the suite runs as: it owns
#     nothing and gets its rights from the owner after migrate (hoofdzaak/rechten.py)
#
# Idempotent: on a warm machine it runs no apt and finishes in about a second.
# Needs root (or sudo). Used by `make services` and therefore `make test`.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379
DB_ROLE=hoofdzaak
DB_PASSWORD=hoofdzaak
DB_NAME=hoofdzaak
APP_ROLE=hoofdzaak_app
APP_PASSWORD=hoofdzaak_app
WAIT_SECONDS=${WAIT_SECONDS:-60}

PACKAGES=(
    postgresql
    redis-server
    chromium
    poppler-utils
    qpdf
    fonts-dejavu-core
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz-subset0
)

# `services.sh pdf`: only what WeasyPrint needs to render reports (used by `make demo`).
# `services.sh worker`: that plus a running Redis, no PostgreSQL (used by `make worker` and `make beat`).
if [ "${1:-}" = "pdf" ]; then
    PACKAGES=(fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
elif [ "${1:-}" = "worker" ]; then
    PACKAGES=(redis-server fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
fi

log() { printf 'services: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "run as root (or install sudo)"
    SUDO=(sudo)
fi
as_root() { "${SUDO[@]}" "$@"; }
as_postgres() { (cd / && as_root runuser -u postgres -- "$@"); }

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

# --- 1. Debian packages (apt only when something is missing) -----------------
missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing missing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt/dpkg may be running (e.g. a background install): wait for its lock.
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 update -qq
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=300 -o Acquire::Retries=3 install -y -qq \
        --no-install-recommends "${missing[@]}"
fi

# --- Redis (started in step 3, or alone for `services.sh worker`) ---------------
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }
start_redis() {
    redis_up && return 0
    log "starting Redis on 127.0.0.1:$REDIS_PORT"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" \
        --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq "$WAIT_SECONDS"); do
        redis_up && break
        sleep 1
    done
    redis_up || die "Redis did not answer on 127.0.0.1:$REDIS_PORT within ${WAIT_SECONDS}s (see /var/log/redis/ci.log)"
}

[ "${1:-}" = "pdf" ] && exit 0
if [ "${1:-}" = "worker" ]; then
    start_redis
    log "ready: redis://127.0.0.1:$REDIS_PORT"
    exit 0
fi

# --- 2. PostgreSQL ------------------------------------------------------------
# The newest installed server version (15 on bookworm).
pg_version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_version" ] || die "no PostgreSQL server found under /usr/lib/postgresql"

if [ ! -d "/etc/postgresql/$pg_version/main" ]; then
    log "creating PostgreSQL $pg_version cluster 'main' on port $PG_PORT"
    as_root pg_createcluster --port "$PG_PORT" "$pg_version" main
fi

cluster_port=$(awk -v v="$pg_version" '$1 == v && $2 == "main" {print $3}' < <(pg_lsclusters --no-header))
[ "$cluster_port" = "$PG_PORT" ] \
    || die "PostgreSQL $pg_version/main listens on port ${cluster_port:-?}, tests expect $PG_PORT"

if ! pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    cluster_status=$(awk -v v="$pg_version" '$1 == v && $2 == "main" {print $4}' < <(pg_lsclusters --no-header))
    if [ "$cluster_status" != "online" ]; then
        log "starting PostgreSQL $pg_version/main"
        as_root pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
    fi
    for _ in $(seq "$WAIT_SECONDS"); do
        pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 1
    done
    pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null \
        || die "PostgreSQL did not answer on 127.0.0.1:$PG_PORT within ${WAIT_SECONDS}s (see /var/log/postgresql/)"
fi

# --- 3. Redis -----------------------------------------------------------------
start_redis

# --- 4. Role and database -----------------------------------------------------
# CREATEDB: pytest-django creates and drops test_hoofdzaak itself.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
        CREATE ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    ELSE
        ALTER ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
    END IF;
    -- The application role: may log in, nothing more (no superuser, no CREATEDB, no membership in the owner).
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
        CREATE ROLE $APP_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '$APP_PASSWORD';
    ELSE
        ALTER ROLE $APP_ROLE LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '$APP_PASSWORD';
    END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_ROLE'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB_NAME')\gexec
SQL

# Check the way the tests connect: over TCP with the password.
PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=10 \
    psql -X -q -tA -h 127.0.0.1 -p "$PG_PORT" -U "$DB_ROLE" -d "$DB_NAME" -c 'select 1' >/dev/null \
    || die "cannot log in as $DB_ROLE on 127.0.0.1:$PG_PORT (check pg_hba.conf)"

PGPASSWORD=$APP_PASSWORD PGCONNECT_TIMEOUT=10 \
    psql -X -q -tA -h 127.0.0.1 -p "$PG_PORT" -U "$APP_ROLE" -d "$DB_NAME" -c 'select 1' >/dev/null \
    || die "cannot log in as $APP_ROLE on 127.0.0.1:$PG_PORT (check pg_hba.conf)"

log "ready: owner postgres://$DB_ROLE:***@127.0.0.1:$PG_PORT/$DB_NAME, application role $APP_ROLE"
