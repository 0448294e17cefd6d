#!/usr/bin/env bash
# `make check-targets` (run by .ci/run): every developer target works from a clean clone on its own.
#
# Nothing heavy runs here (no benchmark, no scan, no server). Two kinds of checks:
#   1. In a fresh clone of HEAD (no .venv, node_modules or var/), `make -n TARGET` must show that the target
#      itself installs what it needs: the Python and npm dependencies, the system services, its tools.
#   2. In this tree (after `make deps`), the programs those recipes start must load: the Celery app for
#      worker/beat, the benchmark generator, collectstatic's sources (the Utrecht CSS from npm), gunicorn.
# Fails with the target and what it misses.
set -euo pipefail
cd "$(dirname "$0")/.."

fouten=0
fout() { printf 'check-targets: %s\n' "$*" >&2; fouten=$((fouten + 1)); }

KLOON=$(mktemp -d)
trap 'rm -rf "$KLOON"' EXIT
git clone --quiet --no-hardlinks "$PWD" "$KLOON/portaal"
# Uncommitted changes to the build files count too (CI runs on a commit; locally you test what you edit).
cp Makefile "$KLOON/portaal/Makefile"
cp scripts/*.sh scripts/*.py "$KLOON/portaal/scripts/"

# target -> strings its dry run must contain (what it installs or starts before using it)
declare -A NODIG=(
    [demo]="scripts/deps.sh python|scripts/deps.sh node|scripts/services.sh pdf|manage.py migrate|laad_demo"
    [worker]="scripts/deps.sh python|scripts/services.sh worker|manage.py migrate|celery -A hoofdzaak worker"
    [beat]="scripts/deps.sh python|scripts/services.sh worker|celery -A hoofdzaak beat"
    [bench]="scripts/deps.sh python|scripts/deps.sh node|scripts/services.sh|apt-get install -y wrk|scripts/bench.py"
    [scan]="scripts/deps.sh python|scripts/deps.sh node|scripts/scan.sh"
    [test]="scripts/deps.sh python|scripts/deps.sh node|scripts/services.sh|pytest"
    [check-deploy]="scripts/deps.sh python|check --deploy"
    [lint]="scripts/deps.sh python|ruff check"
)
for doel in "${!NODIG[@]}"; do
    if ! droog=$(make -C "$KLOON/portaal" -n "$doel" 2>&1); then
        fout "make -n $doel fails in a clean clone: $droog"
        continue
    fi
    IFS='|' read -ra eisen <<<"${NODIG[$doel]}"
    for eis in "${eisen[@]}"; do
        grep -qF -- "$eis" <<<"$droog" || fout "make $doel from a clean clone does not run '$eis'"
    done
done

# The tools the scan installs itself (Debian packages) and the benchmark's load generator.
grep -q "apt-get.* install .*sqlmap wapiti" scripts/scan.sh || fout "scripts/scan.sh does not install sqlmap and wapiti"

# 2. What the recipes start must load, with the dependencies the targets install.
PY=.venv/bin/python
[ -x .venv/bin/celery ] || fout ".venv/bin/celery missing after deps (make worker/beat)"
[ -x .venv/bin/gunicorn ] || fout ".venv/bin/gunicorn missing after deps (make bench/scan, docker-compose)"
env DJANGO_DEBUG=1 DJANGO_SECRET_KEY=check-targets CELERY_BROKER_URL=memory:// \
    .venv/bin/celery -A hoofdzaak inspect --help >/dev/null 2>&1 || fout "the Celery app does not load (make worker/beat)"
env DJANGO_DEBUG=1 DJANGO_SECRET_KEY=check-targets DJANGO_SETTINGS_MODULE=hoofdzaak.settings \
    $PY -c "import django; django.setup(); import bench.genereer_landelijk" \
    || fout "the benchmark generator (bench/) does not import (make bench)"
env DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-targets PORTAAL_AUDIT_SLEUTEL=check-targets PORTAAL_KOPPEL_SLEUTEL=check-targets \
    DJANGO_ALLOWED_HOSTS=127.0.0.1 \
    $PY manage.py findstatic --verbosity 0 utrecht/tokens/index.css utrecht/components/index.css >/dev/null 2>&1 \
    || fout "collectstatic would miss the Utrecht CSS from node_modules (make bench/scan/demo)"

if [ "$fouten" -gt 0 ]; then
    printf 'check-targets: %d problem(s)\n' "$fouten" >&2
    exit 1
fi
printf 'check-targets: demo, worker, beat, bench, scan, test, check-deploy and lint install what they need\n' >&2
