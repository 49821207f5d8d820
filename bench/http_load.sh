#!/usr/bin/env bash
# Requests per second of the public pages under load: gunicorn serving the demo
# content on 127.0.0.1, wrk as the client. Both share the machine's cores, so
# compare the pages with each other within one run, not across machines.
#   bench/http_load.sh [seconds per page, default 10]
# Needs wrk (Debian: apt-get install -y wrk). Prints a table; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
duration="${1:-10}"
workdir="$(mktemp -d)"
port=8799
export SECRET_KEY=bench-only DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_COOKIES=0
export DATABASE_URL="${DATABASE_URL:-sqlite:///$workdir/bench.sqlite3}"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py load_demo --allow-production >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn cms.wsgi --workers 2 --bind 127.0.0.1:$port --log-level warning &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done

slug=$(.venv/bin/python manage.py shell -v0 -c "from articles.models import Article; print(Article.objects.published().first().live_revision.slug)" | tail -n1)
printf "%-48s %12s %12s\n" "page (gunicorn, 2 workers)" "requests/s" "p50 latency"
for path in "/" "/articles/$slug/" "/topics/kratom/" "/search/?q=kratom" "/feed/" "/sitemap.xml"; do
  out=$(wrk -t2 -c8 -d"${duration}s" --latency "http://127.0.0.1:$port$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  printf "%-48s %12s %12s\n" "$path" "$rps" "$p50"
done
