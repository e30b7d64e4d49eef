#!/usr/bin/env bash
# Set up everything claimflags needs, idempotently:
#   scripts/bootstrap.sh app   - .venv/ with the pinned runtime packages (spaCy model included) and claimflags itself
#   scripts/bootstrap.sh audit - the same plus the archive audit's extra (Dask, pyarrow, pandas, matplotlib, trafilatura)
#   scripts/bootstrap.sh dev   - app and audit plus test tools, and Debian's chromium, firefox-esr and redis-server
#                                for the browser and shared-state tests
# Used by `make run`, `make test` and the Dockerfile, so all three install the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
what=${1:-app}
VENV=${CLAIMFLAGS_VENV:-$ROOT/.venv}
PYTHON=${PYTHON:-python3}

log() { printf '[bootstrap] %s\n' "$*" >&2; }

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  log "claimflags needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)."
  exit 1
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

case "$what" in
  app) req_files=(requirements/app.txt) ;;
  audit) req_files=(requirements/app.txt requirements/audit.txt) ;;
  dev) req_files=(requirements/app.txt requirements/audit.txt requirements/dev.txt) ;;
  *) log "usage: scripts/bootstrap.sh app|audit|dev"; exit 2 ;;
esac
# Reinstall only when the pinned files or pyproject.toml change.
stamp_file="$VENV/.claimflags-$what.stamp"
stamp=$(cat "${req_files[@]}" pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
  log "installing pinned packages (${req_files[*]})"
  args=()
  for f in "${req_files[@]}"; do args+=(-r "$f"); done
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps "${args[@]}"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
  "$VENV/bin/python" -m pip check >/dev/null || { "$VENV/bin/python" -m pip check; exit 1; }
  echo "$stamp" >"$stamp_file"
else
  log "packages up to date"
fi

if [ "$what" = dev ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  apt_updated=""
  apt_install() {  # Debian packages; the package lists are refreshed once per run
    [ -n "$apt_updated" ] || { $SUDO apt-get update -qq && apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  }
  if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium for the browser tests"
    apt_install chromium
  fi
  # Firefox ESR for the Firefox tests (tests/browser/test_firefox.py). Not every system's apt
  # has it (Ubuntu has no firefox-esr): then those tests are skipped, saying why.
  if ! command -v firefox-esr >/dev/null 2>&1; then
    log "installing Debian's firefox-esr for the Firefox tests"
    apt_install firefox-esr || log "firefox-esr could not be installed with apt-get: the Firefox tests will be skipped"
  fi
  # Redis for the shared-state tests (tests/test_selfhost_redis.py start their own redis-server on loopback).
  if ! command -v redis-server >/dev/null 2>&1; then
    log "installing Debian's redis-server for the shared-state tests"
    apt_install redis-server
  fi
  # Node.js tools for the extension's tests: jsdom (unit tests), web-ext (Firefox lint),
  # puppeteer-core (drives firefox-esr over WebDriver BiDi; it downloads no browser) and
  # @mozilla/readability (checked against the copy vendored in extension/vendor/).
  if ! command -v npm >/dev/null 2>&1; then
    log "installing Debian's nodejs and npm for the extension's tests"
    apt_install nodejs npm
  fi
  npm_stamp="node_modules/.claimflags.stamp"
  npm_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_sum" ]; then
    log "installing the extension's test tools (npm ci)"
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$npm_sum" >"$npm_stamp"
  fi
fi
