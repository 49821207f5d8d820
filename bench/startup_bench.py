"""What a ``manage.py`` run costs: Vetted against a bare Django project, in one run.

Usage (from the repo root)::

    python bench/startup_bench.py                 # 7 runs of each
    python bench/startup_bench.py --runs 15
    python bench/startup_bench.py --compare-with 013cbe4   # also an older commit

Prints, for the same machine at the same moment:

* the wall time of ``DEBUG=1 python manage.py check`` in this project and in
  a project fresh from ``django-admin startproject`` (median and best of the
  runs; the difference is what Vetted's own code costs per command, gunicorn
  worker and scheduler run);
* ``python -X importtime`` of ``django.setup()`` for this project: the total,
  the slowest top-level imports and what ``articles.claims`` costs;
* whether ``django.setup()`` compiled the claim rules (it must not) and how
  long compiling them takes when the first scan does.

With ``--compare-with REV`` the same check is timed in a temporary checkout of
``REV`` (for example the commit before the claims library compiled lazily).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env.update(DEBUG="1", **extra)
    return env


def _time_check(project: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(
            [PYTHON, "manage.py", "check"], cwd=project, env=_env(),
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t)
    return times


def _bare_project(parent: Path) -> Path:
    django_admin = Path(PYTHON).with_name("django-admin")
    subprocess.run([str(django_admin), "startproject", "bare"], cwd=parent, check=True, env=_env())
    return parent / "bare"


def _checkout(rev: str, parent: Path) -> Path:
    target = parent / f"vetted-{rev}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(target), rev], check=True)
    return target


def _importtime() -> tuple[float, list[tuple[float, str]], float]:
    """(total ms, slowest top-level imports, articles.claims cumulative ms) for django.setup()."""
    proc = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", "import django; django.setup()"],
        cwd=ROOT, env=_env(DJANGO_SETTINGS_MODULE="cms.settings"),
        check=True, capture_output=True, text=True,
    )
    top: list[tuple[float, str]] = []
    claims_ms = 0.0
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        cumulative_ms, depth, name = int(m.group(2)) / 1000, len(m.group(3)), m.group(4)
        if depth == 1:
            top.append((cumulative_ms, name))
        if name == "articles.claims":
            claims_ms = max(claims_ms, cumulative_ms)
    top.sort(reverse=True)
    return sum(ms for ms, _ in top), top[:6], claims_ms


def _compiled_by_setup() -> tuple[bool, float]:
    """Did django.setup() compile the rules, and how long does compiling them take?"""
    code = (
        "import time, django; django.setup()\n"
        "from articles.claims import engine\n"
        "print(engine._engine.cache_info().currsize)\n"
        "t = time.perf_counter(); engine.compile_rules(); print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=_env(DJANGO_SETTINGS_MODULE="cms.settings"),
        check=True, capture_output=True, text=True,
    ).stdout.split()
    return out[0] != "0", float(out[1])


def _row(name: str, times: list[float]) -> str:
    return f"{name:38} median {statistics.median(times) * 1000:7.0f} ms   best {min(times) * 1000:7.0f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--compare-with", metavar="REV", help="also time `manage.py check` at this commit")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="startup-bench-"))
    old = None
    try:
        bare = _bare_project(tmp)
        if args.compare_with:
            old = _checkout(args.compare_with, tmp)
        projects = [("Vetted (this checkout)", ROOT), ("bare `django-admin startproject`", bare)]
        if old is not None:
            projects.append((f"Vetted at {args.compare_with}", old))
        results = {name: [] for name, _ in projects}
        # Interleave the projects so a change in the machine's load hits all of them alike.
        for _ in range(args.runs):
            for name, path in projects:
                results[name] += _time_check(path, 1)

        print(f"`DEBUG=1 python manage.py check`, {args.runs} runs each, interleaved:")
        for name, _ in projects:
            print("  " + _row(name, results[name]))
        extra = statistics.median(results[projects[0][0]]) - statistics.median(results[projects[1][0]])
        print(f"  Vetted's own start-up cost: {extra * 1000:.0f} ms per command (median difference)")

        total, top, claims_ms = _importtime()
        print("\n`python -X importtime -c 'import django; django.setup()'` (cms.settings):")
        print(f"  sum of top-level imports: {total:.0f} ms; articles.claims: {claims_ms:.1f} ms")
        for ms, name in top:
            print(f"    {ms:8.1f} ms  {name}")

        compiled, compile_s = _compiled_by_setup()
        print(f"\nclaim rules compiled by django.setup(): {'YES (regression)' if compiled else 'no'}")
        print(f"compiling them on the first scan: {compile_s * 1000:.0f} ms (once per process)")
    finally:
        if old is not None:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
