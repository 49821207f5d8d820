#!/usr/bin/env bash
# Set up everything on a fresh machine and run the site on http://127.0.0.1:8000
# with demo users of each role and demo articles. Local development only.
set -euo pipefail
source "$(dirname "$0")/setup.sh" requirements.txt
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
echo
echo "Vetted is starting on http://127.0.0.1:8000/  (admin: http://127.0.0.1:8000/admin/)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
