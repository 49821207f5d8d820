import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from articles import worker
from articles.db.checks import GuardsMissing, assert_guards_installed


class Command(BaseCommand):
    help = (
        "Perform due work (scheduled publication and unpublication, lapsed reviews, and every "
        "function in articles.worker.DUE_WORK) in passes, forever, sleeping between passes. "
        "With --once, run one pass and exit (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds to sleep between passes (default 30).",
        )

    def handle(self, *args, once=False, interval=30.0, **options):
        try:
            assert_guards_installed()
        except GuardsMissing as missing:
            raise CommandError(f"Worker not started: {missing}") from missing
        if once:
            self._report(worker.run_pass())
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"Worker {worker.worker_name()} started; a pass every {interval:g} s.")
        while not stop.is_set():
            # Between passes, as between requests: drop connections the database closed.
            close_old_connections()
            self._report(worker.run_pass())
            stop.wait(interval)
        self.stdout.write("Worker stopped.")

    def _report(self, report):
        for outcome in report.outcomes:
            if not str(outcome):
                continue
            if getattr(outcome, "ok", True):
                self.stdout.write(str(outcome))
            else:
                self.stderr.write(f"FAILED, will retry: {outcome}")
        for path in report.crashed:
            self.stderr.write(f"CRASHED: {path} (see the log)")
        self.stdout.flush()
