"""
Is due work being done? What the admin dashboard warns about in red: no
worker finished a pass recently, a scheduled item is past its time, or an
item failed and waits for a retry.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article, DueWorkFailure, WorkerHeartbeat


def worker_alerts(*, now=None):
    """Sentences for the dashboard, most serious first; empty when all is well."""
    now = now or timezone.now()
    alerts = []
    last_beat = WorkerHeartbeat.objects.aggregate(last=Max("last_beat_at"))["last"]
    stale = timedelta(seconds=settings.VETTED_WORKER_STALE_SECONDS)
    if last_beat is None:
        alerts.append(
            "No worker has run on this site: scheduled publications and unpublications will not "
            "happen. Start one with “python manage.py worker” (see docs/deploy.md)."
        )
    elif last_beat < now - stale:
        alerts.append(
            f"No worker has finished a pass since {_local(last_beat)}: scheduled work is not being "
            "done. Check that “python manage.py worker” is running (see docs/deploy.md)."
        )
    for article in overdue(now=now):
        moment, what = (
            (article.go_live_at, "publication")
            if article.go_live_at and article.go_live_at <= now
            else (article.unpublish_at, "unpublication")
        )
        alerts.append(f"The scheduled {what} of “{article.title}” is overdue (due {_local(moment)}).")
    return alerts


def overdue(*, now=None):
    """Articles with a scheduled step more than ``VETTED_WORKER_OVERDUE_SECONDS`` past its time."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.VETTED_WORKER_OVERDUE_SECONDS)
    return Article.objects.filter(Q(go_live_at__lt=cutoff) | Q(unpublish_at__lt=cutoff)).order_by("pk")


def failures():
    """Due work that failed and waits for a retry, oldest first."""
    return DueWorkFailure.objects.select_related("article").order_by("first_failed_at", "pk")


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"
