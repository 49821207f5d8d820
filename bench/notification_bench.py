"""Does a slow or refusing SMTP server slow an editor's click? It must not.

    DEBUG=1 .venv/bin/python bench/notification_bench.py [--clicks 20] [--reviewers 5] [--timeout 2]

On a throw-away SQLite database (or ``DATABASE_URL``'s PostgreSQL database
when ``--postgres`` is given), it runs ``manage.py worker --interval 0.2`` in
a process of its own, as production does, against a real local SMTP server
(aiosmtpd, ports 8200-8299) that

- accepts every message,
- hangs after each message (never answers; ``EMAIL_TIMEOUT`` applies),
- refuses each message with 554,

and, beside a run with no worker at all, times ``--clicks`` editor clicks:
"Save and submit" on an article's change form through Django's test
client, each submission emailing ``--reviewers`` reviewers. It prints the
median and the slowest click, the worker's passes (from its heartbeat), and
what the SMTP server received. It asserts nothing (timings belong in benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _setup_django(postgres):
    if not postgres:
        database = Path(tempfile.mkdtemp(prefix="vetted-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings_test")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def _start_worker(port, timeout):
    """``manage.py worker`` in a process of its own, as production runs it, on the same database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings_test",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": str(timeout),
    }
    env.pop("DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _clicks(writer, count):
    from tests.admin_helpers import article_form_data, change_url, logged_in
    from tests.factories import ArticleFactory

    client = logged_in(writer)
    times = []
    for _ in range(count):
        article = ArticleFactory(authors=[writer])
        data = article_form_data(article, _submit_for_review="1")
        started = time.perf_counter()
        response = client.post(change_url(article), data)
        times.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    return times


def _scenario(name, handler, writer, args):
    from articles.models import Notification, NotificationSource, WorkerHeartbeat, WorkflowEvent
    from tests.smtp_servers import free_port, smtp_server

    # Only this scenario's submissions are emailed: the earlier ones count as handled.
    NotificationSource.objects.bulk_create(
        [NotificationSource(key=f"event:{pk}", event_id=pk) for pk in WorkflowEvent.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    Notification.objects.all().delete()
    WorkerHeartbeat.objects.all().delete()
    if handler is None:
        return name, _clicks(writer, args.clicks), "-", "-"
    port = free_port()
    with smtp_server(handler, port):
        worker = _start_worker(port, args.timeout)
        try:
            while not WorkerHeartbeat.objects.exists():
                time.sleep(0.1)
            times = _clicks(writer, args.clicks)
            time.sleep(args.timeout + 2)
        finally:
            worker.terminate()
            worker.wait(args.timeout * 3 + 30)
    passes = sum(WorkerHeartbeat.objects.values_list("passes", flat=True))
    received = len(getattr(handler, "messages", []))
    failed = Notification.objects.filter(attempts__gt=0, status="pending").count()
    return name, times, passes, f"{received} delivered, {failed} waiting for a retry"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=2.0, help="EMAIL_TIMEOUT in seconds")
    parser.add_argument("--postgres", action="store_true", help="use DATABASE_URL (its database is migrated)")
    args = parser.parse_args()
    _setup_django(args.postgres)

    from django.db import connection

    from tests.factories import ReviewerFactory, WriterFactory
    from tests.smtp_servers import Accepting, Hanging, Refusing

    writer = WriterFactory(username="bench_writer")
    for number in range(args.reviewers):
        ReviewerFactory(username=f"bench_reviewer_{number}")
    _clicks(writer, 2)  # warm up: the claim rules compile on the first scan

    print(
        f"{connection.vendor}, {args.clicks} submissions over HTTP (test client), {args.reviewers} reviewers "
        f"emailed per submission, EMAIL_TIMEOUT {args.timeout:g} s, worker in its own process (a pass every 0.2 s)"
    )
    print(f"{'SMTP server':<28} {'click median':>13} {'slowest click':>14} {'worker passes':>14}  mail")
    for name, handler in (
        ("no worker running", None),
        ("accepting", Accepting()),
        ("hanging after DATA", Hanging()),
        ("refusing (554)", Refusing()),
        ("no worker running, again", None),
    ):
        name, times, passes, mail = _scenario(name, handler, writer, args)
        print(
            f"{name:<28} {statistics.median(times) * 1000:>10.1f} ms {max(times) * 1000:>11.1f} ms "
            f"{passes!s:>14}  {mail}"
        )


if __name__ == "__main__":
    main()
