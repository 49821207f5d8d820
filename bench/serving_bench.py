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

Also prints a conditional GET (304) of the article, and on PostgreSQL the
search p95 over many different queries, the admin changelist time and the
peak RSS per worker. Needs wrk (Debian: apt-get install -y wrk). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
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


def measure_search_p95(paths):
    timings = []
    for path in paths:
        start = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return timings[int(len(timings) * 0.95) - 1], statistics.median(timings)


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
        ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_COOKIES="0", PYTHONPATH=str(ROOT),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench-{args.articles}.sqlite3")
    run("migrate", "-v0", env=env)
    have = int(django_shell("from articles.models import Article; print(Article.objects.published().count())", env))
    if have < args.articles:
        print(f"Generating {args.articles - have} articles through the workflow ...", flush=True)
        started = time.perf_counter()
        run("generate_articles", "--count", str(args.articles), env=env, stdout=subprocess.DEVNULL)
        print(f"  took {time.perf_counter() - started:.0f} s", flush=True)
    run("collectstatic", "--noinput", "-v0", env=env)
    slug = django_shell(
        "from articles.models import Article; print(Article.objects.published().order_by('pk').first().live_revision.slug)", env
    )
    vendor = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    pages = [
        ("hello", "/bench/hello/"),
        ("article", f"/articles/{slug}/"),
        ("topic", "/topics/sleep/"),
        ("search", "/search/?q=sleep+habits"),
        ("feed", "/feed/"),
        ("home", "/"),
    ]
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
    print(f"\n{vendor}, {args.articles} live articles; gunicorn 2 sync workers; wrk -t2 -c16 -d{args.duration}s; "
          f"{os.cpu_count()} cores ({cpu}); cache {env.get('CACHE_URL') or 'in-process'}\n")
    print(f"{'mode':<6}{'page':<10}{'req/s':>9}{'p50':>10}{'p99':>10}{'vs hello':>10}")
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
                result = wrk(path, args.duration)
                hello = hello or result["rps"]
                flag = f"  ({result['errors']} non-2xx)" if result["errors"] else ""
                print(f"{mode:<6}{label:<10}{result['rps']:>9.0f}{result['p50']:>10}{result['p99']:>10}"
                      f"{result['rps'] / hello:>10.3f}{flag}", flush=True)
            if mode == "warm":
                response = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/articles/{slug}/")
                etag = response.headers.get("ETag")
                if etag:
                    result = wrk(f"/articles/{slug}/", args.duration, headers=[f"If-None-Match: {etag}"])
                    print(f"{mode:<6}{'304':<10}{result['rps']:>9.0f}{result['p50']:>10}{result['p99']:>10}"
                          f"{result['rps'] / hello:>10.3f}", flush=True)
                if vendor == "PostgreSQL":
                    queries = [f"/search/?q={word}+{other}" for word in ("sleep", "iron", "pollen", "water", "stress")
                               for other in ("adults", "risk", "evidence", "mood", "doses", "meals", "routine", "trial")]
                    p95, p50 = measure_search_p95(queries * 3)
                    print(f"\nsearch over {len(queries)} different queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            peaks = worker_rss_kib(server)
            if peaks:
                print(f"{mode:<6}peak RSS per worker: {', '.join(f'{kib / 1024:.0f} MiB' for kib in peaks)}\n")
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
