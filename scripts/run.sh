#!/usr/bin/env bash
# Set up everything on a fresh machine and run the site on http://127.0.0.1:8000
# with demo users of each role and demo articles, and the background worker
# beside it (scheduled articles go live on time). Local development only.
set -euo pipefail
source "$(dirname "$0")/setup.sh" requirements.txt
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo

# The worker runs beside the server and stops with it (Ctrl-C, or the server exiting).
scripts/worker.sh &
worker_pid=$!
trap 'kill "$worker_pid" 2>/dev/null || true' EXIT INT TERM

echo
echo "Vetted is starting on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
echo "The worker (pid $worker_pid) performs scheduled publications every ${WORKER_INTERVAL:-10} s."
.venv/bin/python manage.py runserver 127.0.0.1:8000
