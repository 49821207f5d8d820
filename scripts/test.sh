#!/usr/bin/env bash
# Set up and run the full test suite: everything on the database named by
# DATABASE_URL (default: SQLite), then the browser tests in Chromium.
# The HTML validity check has its own script, scripts/validate_html.sh.
#   scripts/test.sh                 all tests
#   scripts/test.sh --no-browser    skip the browser tests
#   scripts/test.sh --browser-only  only the browser tests
# The tests against a real Varnish (marker varnish) run separately: .venv/bin/python -m pytest -m varnish
# Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "$0")/setup.sh" requirements-dev.txt
run_main=1 run_browser=1
case "${1:-}" in
  --no-browser) run_browser=0; shift ;;
  --browser-only) run_main=0; shift ;;
esac

if [ "$run_main" = 1 ]; then
  echo "== Lint (ruff) and migrations in step with the models"
  .venv/bin/ruff check --quiet .
  # Models against migration files: no database needed (an in-memory one keeps Django from
  # checking the history of a database the test run has not created yet).
  DEBUG=1 DATABASE_URL=sqlite://:memory: .venv/bin/python manage.py makemigrations --check --dry-run >/dev/null \
    || { echo "!! The models changed without a migration: run manage.py makemigrations." >&2; exit 1; }
  echo "== Test suite on ${DATABASE_URL:-SQLite}"
  .venv/bin/python -m pytest -m "not browser and not varnish and not html_validation" "$@"
fi

if [ "$run_browser" = 1 ]; then
  if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "!! Browser tests need Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium)." >&2
    echo "!! Install it, or run with --no-browser." >&2
    exit 1
  fi
  if [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "Installing axe-core (npm ci) ..."
    npm ci --silent --no-audit --no-fund
  fi
  echo "== Browser tests (Chromium) on ${DATABASE_URL:-SQLite}"
  DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -m browser "$@"
fi
