"""
The background worker: one pass performs every kind of due work, then
records a heartbeat. ``manage.py worker`` runs passes forever, sleeping
between them; ``manage.py worker --once`` runs one (for cron).

``DUE_WORK`` lists the due-work functions in the order a pass runs them.
Each takes ``now=`` and returns a list of outcomes (objects whose ``str()``
describes what happened and, optionally, an ``ok`` attribute). Each must
isolate its own items (one transaction per item; a failing item is
recorded and retried later) and be safe to run on several machines at once
(``SELECT ... FOR UPDATE SKIP LOCKED``). To add due work, append its dotted
path here.
"""

import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import WorkerHeartbeat

logger = logging.getLogger("articles.worker")

DUE_WORK = [
    "articles.actions.scheduling.publish_due",
    "articles.actions.scheduling.unpublish_due",
    "articles.actions.scheduling.unpublish_lapsed_reviews",
    "articles.domain.purging.retry_purges_due",
    "articles.actions.assignment.release_idle_claims",
    "articles.notifications.outbox.collect_events",
    "articles.notifications.reminders.collect_reminders",
    "articles.notifications.delivery.send_due",
]


@dataclass
class PassReport:
    """What one pass did: every outcome, and the due-work functions that crashed outright."""

    outcomes: list = field(default_factory=list)
    crashed: list = field(default_factory=list)

    @property
    def failures(self):
        return [outcome for outcome in self.outcomes if not getattr(outcome, "ok", True)]


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def run_pass(*, now=None, name=None):
    """
    Run every function in ``DUE_WORK`` once, then touch this worker's
    heartbeat row. ``now`` freezes the time the pass acts at (tests);
    otherwise each function gets the time it starts.
    """
    report = PassReport()
    for path in DUE_WORK:
        due_work = import_string(path)
        try:
            report.outcomes.extend(due_work(now=now or timezone.now()))
        except Exception:  # noqa: BLE001 - one broken kind of work must not stop the others
            logger.exception("Due work %s crashed", path)
            report.crashed.append(path)
    beat(name=name or worker_name(), now=now or timezone.now())
    return report


def prune_heartbeats(*, now):
    """
    Delete the heartbeat rows of workers silent for ``VETTED_HEARTBEAT_KEEP_DAYS``:
    each process adds one (host:pid), so restarts would otherwise pile them up.
    """
    cutoff = now - timedelta(days=settings.VETTED_HEARTBEAT_KEEP_DAYS)
    return WorkerHeartbeat.objects.filter(last_beat_at__lt=cutoff).delete()[0]


def beat(*, name, now):
    """Record that a worker finished a pass at ``now``; a new worker also prunes the rows of long-gone ones."""
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        name=name, defaults={"started_at": now, "last_beat_at": now, "passes": 1}
    )
    if created:
        prune_heartbeats(now=now)
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(
            last_beat_at=now, passes=heartbeat.passes + 1
        )
    return heartbeat
