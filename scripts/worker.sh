#!/usr/bin/env bash
# The background worker: publishes and unpublishes scheduled articles and does
# every other kind of due work (articles.worker.DUE_WORK), a pass every
# WORKER_INTERVAL seconds (default 10 here; 30 without this script).
# scripts/run.sh starts it beside the web server; production: docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python manage.py worker --interval "${WORKER_INTERVAL:-10}"
