"""Instructions per request of public pages, counted with valgrind's callgrind; prints them.

    .venv/bin/python bench/request_instructions.py                  # article (page cache off), hello
    .venv/bin/python bench/request_instructions.py --page-cache     # the warm article page
    .venv/bin/python bench/request_instructions.py --path /topics/sleep/

Wall-clock figures on a shared 2-core machine move with its load; instruction
counts do not. Each path is requested in-process through Django's
``WSGIHandler`` (no HTTP server, no sockets), three times to warm up and then
N times, under ``valgrind --tool=callgrind``; the same run with N=0 is
subtracted, so start-up, imports and the warm-up drop out. Uses the SQLite
database ``serving_bench.py`` builds (run that first, or pass ``--db``) and
the bench settings (``bench/settings.py``, with ``/bench/hello/``). The
article is the first live one. Needs valgrind (Debian: valgrind). Asserts
nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
DEFAULT_DB = Path(tempfile.gettempdir()) / "vetted-serving-bench" / "bench-1000.sqlite3"

#: Run inside valgrind: ``python -c DRIVER PATH N``.
DRIVER = """
import io, sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from articles.models import Article

app = WSGIHandler()
path = sys.argv[1]
if path == "article":
    path = "/articles/%s/" % Article.objects.published().order_by("pk").first().live_revision.slug
path, _, query = path.partition("?")

def request():
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
    }
    statuses = []
    body = app(environ, lambda status, headers: statuses.append(status))
    b"".join(body)
    body.close()
    if not statuses[0].startswith(("200", "304")):
        raise SystemExit(f"{path}: {statuses[0]}")

for _ in range(3):
    request()
for _ in range(int(sys.argv[2])):
    request()
"""


def instructions(path, count, env):
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", PYTHON, "-c", DRIVER, path, str(count)],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        return int(re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.M).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"sqlite:///{DEFAULT_DB}", help="DATABASE_URL (default: the serving bench's SQLite file)")
    parser.add_argument("--path", action="append", help="a path to count (repeatable; 'article' is the first live article)")
    parser.add_argument("--page-cache", action="store_true", help="leave the page cache on (the warm article page)")
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings", SECRET_KEY="bench-only", DEBUG="0", ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0", PYTHONPATH=str(ROOT), DATABASE_URL=args.db,
        VETTED_PAGE_CACHE="1" if args.page_cache else "0",
    )
    print(f"{args.db}; page cache {'on' if args.page_cache else 'off'}; {args.requests} requests, minus 0")
    for path in args.path or ["article", "/bench/hello/"]:
        per_request = (instructions(path, args.requests, env) - instructions(path, 0, env)) / args.requests
        print(f"{path:<40}{per_request / 1e6:>8.2f} million instructions a request", flush=True)


if __name__ == "__main__":
    sys.exit(main())
