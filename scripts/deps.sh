#!/usr/bin/env bash
# Install the project's own dependencies (no system packages; see services.sh):
#
#   scripts/deps.sh python   uv (when missing) + `uv sync --frozen` -> .venv/
#   scripts/deps.sh node     `npm ci` -> node_modules/ (skipped when up to date)
#   scripts/deps.sh          both
#
# Never downloads a Python interpreter or a browser build.
set -euo pipefail
cd "$(dirname "$0")/.."

export UV_PYTHON_DOWNLOADS=never
# Playwright (Python and npm) must use Debian's /usr/bin/chromium, never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

log() { printf 'deps: %s\n' "$*" >&2; }

python_deps() {
    local uv
    if command -v uv >/dev/null 2>&1; then
        uv=(uv)
    else
        log "uv not found; installing it with pip"
        python3 -m pip install --quiet --disable-pip-version-check uv
        # pip's script directory may not be on PATH (or pyenv shims not rehashed yet).
        uv=(python3 -m uv)
    fi
    "${uv[@]}" sync --frozen
}

node_deps() {
    if [ ! -f package.json ]; then
        log "no package.json; skipping npm ci"
        return 0
    fi
    # npm writes node_modules/.package-lock.json on every install.
    if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] \
        && [ node_modules/.package-lock.json -nt package.json ]; then
        log "node_modules is up to date"
        return 0
    fi
    npm ci --no-audit --no-fund
}

case "${1:-all}" in
    python) python_deps ;;
    node) node_deps ;;
    all) python_deps; node_deps ;;
    *) echo "usage: $0 [python|node|all]" >&2; exit 2 ;;
esac
