"""Serve the public pages with gunicorn and load them with wrk; print requests/s, latency and the ratio to hello.

    .venv/bin/python bench/serving_bench.py [--articles 1000] [--duration 10] [--db PATH_OR_URL]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted_bench .venv/bin/python bench/serving_bench.py --articles 10000

Builds a database with ``manage.py generate_articles`` (reused when it already
holds enough articles), starts gunicorn with the production settings plus a
hello-world view (``bench/settings.py``), 2 sync workers, and runs
``wrk -t2 -c16`` against the article, topic, search and feed pages and
``/bench/hello/``, in three server configurations:

* warm:  the page cache filled (every page requested once before measuring);
* cold:  the page cache disabled (``VETTED_PAGE_CACHE=0``), rendered bodies still cached;
* bare:  no cache at all (``CACHE_URL=dummy://``): every request renders the Markdown.

Also prints a conditional GET (304) of the article; the search p50/p95 over a
mix of queries (words in nearly every article, in some, in about 5% and in
well under 1%, pairs of them, a phrase, a negation and a miss), one request at
a time; the admin articles changelist time as a publisher; and the peak RSS
per worker. The load average is printed beside each figure: on a shared
machine it moves the absolute figures a lot. Needs wrk (Debian: apt-get
install -y wrk). Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = int(os.environ.get("BENCH_PORT", "8797"))


def run(*args, env, **kwargs):
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def django_shell(code, env):
    out = run("shell", "-v0", "-c", code, env=env, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def start_server(env):
    process = subprocess.Popen(
        [GUNICORN, "-c", "deploy/gunicorn.conf.py", "--workers", "2", "--bind", f"127.0.0.1:{PORT}",
         "--max-requests", "0", "cms.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/hello/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def worker_rss_kib(process):
    """Peak resident set size (VmHWM) of each gunicorn worker, in KiB."""
    children = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
    peaks = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)))
    return peaks


def wrk(path, duration, headers=()):
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(command + [f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": re.search(r"\s50%\s+(\S+)", out).group(1),
        "p99": re.search(r"\s99%\s+(\S+)", out).group(1),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def drain():
    """
    Wait until the server has worked off the requests wrk left queued: a page
    slower than wrk's connections (SQLite search) leaves a backlog that would
    otherwise be measured as the next page's time.
    """
    for _ in range(600):
        start = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/hello/", timeout=30).read()
        if time.perf_counter() - start < 0.05:
            return
        time.sleep(0.1)


def compare_revalidation(slug, etag, duration, rounds=3):
    """
    Requests/s of a conditional GET answered 304 and of the plain 200, run
    alternately ``rounds`` times each so the machine's load moves both alike;
    the medians and their ratio.
    """
    plain, revalidated = [], []
    for _ in range(rounds):
        for results, headers in ((plain, ()), (revalidated, [f"If-None-Match: {etag}"])):
            drain()
            results.append(wrk(f"/articles/{slug}/", duration, headers=headers)["rps"])
    ok, not_modified = statistics.median(plain), statistics.median(revalidated)
    return f"200 {ok:.0f} req/s, 304 {not_modified:.0f} req/s (medians of {rounds}), 304/200 {not_modified / ok:.2f}"


def load():
    return f"load {os.getloadavg()[0]:.1f}"


def search_queries(env):
    """
    A mix of what readers type, drawn from the generator's vocabulary: words in
    nearly every article, words in some, the article subjects (about 5% each),
    rare words (well under 1%), two-word queries mixing them, and a miss.
    """
    words, subjects, rare_words = json.loads(django_shell(
        "import json; from articles.management.commands.generate_articles import RARE_WORDS, SUBJECTS, WORDS; "
        "print(json.dumps([WORDS, SUBJECTS, RARE_WORDS]))", env,
    ))
    common, middle = words[:10], words[40:60]
    rare = rare_words[::12][:10]
    queries = common[:5] + middle[:10] + subjects[:10] + rare
    queries += [f"{a} {b}" for a, b in zip(subjects[10:20], middle[10:20])]
    queries += [f"{a} {b}" for a, b in zip(common[5:10], rare[:5])]
    queries += ['"blood pressure"', "sleep -coffee", "zzzunknownword"]
    return [urllib.parse.quote_plus(query) for query in queries]


def measure_search(queries, rounds=3):
    """
    Each query once per round. Search pages are not cached server-side, but
    the first round also works out the integrity verdict and the snippet text
    of each article it shows; the p95 of the later rounds is returned too.
    """
    timings = {}
    for _round in range(rounds):
        for query in queries:
            start = time.perf_counter()
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/search/?q={query}").read()
            timings.setdefault(query, []).append((time.perf_counter() - start) * 1000)
    every = sorted(t for ts in timings.values() for t in ts)
    repeated = sorted(t for ts in timings.values() for t in ts[1:])
    slowest = sorted(timings, key=lambda q: -statistics.median(timings[q]))[:3]
    return every[int(len(every) * 0.95) - 1], statistics.median(every), repeated[int(len(repeated) * 0.95) - 1], [
        (urllib.parse.unquote_plus(q), statistics.median(timings[q])) for q in slowest
    ]


ADMIN_TIMING = """
import statistics, time
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
user = get_user_model().objects.get(username="gen-publisher")
client = Client()
client.force_login(user)
client.get("/admin/articles/article/")
times = []
for _ in range(5):
    start = time.perf_counter()
    response = client.get("/admin/articles/article/")
    times.append((time.perf_counter() - start) * 1000)
with CaptureQueriesContext(connection) as queries:
    client.get("/admin/articles/article/")
print(f"{response.status_code} {statistics.median(times):.0f} {min(times):.0f} {len(queries)}")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    parser.add_argument("--modes", default="warm,cold,bare")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")

    workdir = Path(tempfile.gettempdir()) / "vetted-serving-bench"
    workdir.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings", SECRET_KEY="bench-only", DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver", SECURE_COOKIES="0", PYTHONPATH=str(ROOT),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-{args.articles}.sqlite3")
    run("migrate", "-v0", env=env)
    have = int(django_shell("from articles.models import Article; print(Article.objects.published().count())", env))
    if have < args.articles:
        print(f"Generating {args.articles - have} articles through the workflow ...", flush=True)
        started = time.perf_counter()
        run("generate_articles", "--count", str(args.articles), env=env, stdout=subprocess.DEVNULL)
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
    # Fresh planner statistics and visibility maps, as autovacuum would keep them in production:
    # after a bulk load they are missing or stale (and this machine's PostgreSQL runs without
    # autovacuum), and the planner then scans whole tables for one-row lookups, and every read
    # of a freshly loaded page pays for setting its hint bits.
    maintenance = "VACUUM ANALYZE" if env["DATABASE_URL"].startswith("postgres") else "ANALYZE"
    django_shell(f"from django.db import connection; connection.cursor().execute('{maintenance}'); print('done')", env)
    run("collectstatic", "--noinput", "-v0", env=env)
    slug = django_shell(
        "from articles.models import Article; print(Article.objects.published().order_by('pk').first().live_revision.slug)", env
    )
    vendor = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    pages = [
        ("hello", "/bench/hello/"),
        ("article", f"/articles/{slug}/"),
        ("topic", "/topics/sleep/"),
        ("search", "/search/?q=sleep+water"),
        ("feed", "/feed/"),
        ("home", "/"),
    ]
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    have = int(django_shell("from articles.models import Article; print(Article.objects.published().count())", env))
    print(f"\n{vendor}, {have:,} live articles; gunicorn 2 sync workers; wrk -t2 -c16 -d{args.duration}s; "
          f"{os.cpu_count()} cores ({cpu}); cache {env.get('CACHE_URL') or 'in-process'}\n")
    print(f"{'mode':<6}{'page':<10}{'req/s':>9}{'p50':>10}{'p99':>10}{'vs hello':>10}  machine")
    for mode in args.modes.split(","):
        server_env = dict(env)
        if mode == "cold":
            server_env["VETTED_PAGE_CACHE"] = "0"
        elif mode == "bare":
            server_env["VETTED_PAGE_CACHE"] = "0"
            server_env["CACHE_URL"] = "dummy://"
        server = start_server(server_env)
        try:
            for _label, path in pages:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
            hello = None
            for label, path in pages:
                drain()
                result = wrk(path, args.duration)
                hello = hello or result["rps"]
                flag = f"  ({result['errors']} non-2xx)" if result["errors"] else ""
                print(f"{mode:<6}{label:<10}{result['rps']:>9.0f}{result['p50']:>10}{result['p99']:>10}"
                      f"{result['rps'] / hello:>10.3f}  {load()}{flag}", flush=True)
            if mode == "warm":
                response = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/articles/{slug}/")
                etag = response.headers.get("ETag")
                if etag:
                    drain()
                    result = wrk(f"/articles/{slug}/", args.duration, headers=[f"If-None-Match: {etag}"])
                    print(f"{mode:<6}{'304':<10}{result['rps']:>9.0f}{result['p50']:>10}{result['p99']:>10}"
                          f"{result['rps'] / hello:>10.3f}  {load()}", flush=True)
                    print(f"304 against 200, alternating: {compare_revalidation(slug, etag, args.duration)}", flush=True)
                queries = search_queries(env)
                drain()
                p95, p50, repeated_p95, slowest = measure_search(queries)
                print(f"\nsearch, {len(queries)} different queries x 3, one at a time: p50 {p50:.1f} ms, "
                      f"p95 {p95:.1f} ms (rounds 2-3 alone, each result's integrity verdict and snippet "
                      f"already worked out: p95 {repeated_p95:.1f} ms) ({load()}); slowest: "
                      + ", ".join(f"{query!r} {ms:.0f} ms" for query, ms in slowest))
                status, median, best, count = django_shell(ADMIN_TIMING, env).split()
                print(f"admin articles changelist as a publisher (in-process test client, {status}): "
                      f"median {median} ms, best {best} ms, {count} queries ({load()})\n")
            peaks = worker_rss_kib(server)
            if peaks:
                print(f"{mode:<6}peak RSS per worker: {', '.join(f'{kib / 1024:.0f} MiB' for kib in peaks)}\n")
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
