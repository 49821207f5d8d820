"""
Notifications the worker finds due rather than an action causing them.
Each has a key naming its period, so it is sent once per period whatever
the number of passes and workers:

review_due_soon       once per page and due date, ``VETTED_REVIEW_DUE_SOON_DAYS`` ahead
review_overdue        once every ``VETTED_REVIEW_REMINDER_DAYS`` while overdue
schedule_overdue      once per scheduled time that passed unperformed
due_work_failed       once per failure (not per retry)
credentials_expiring  once per expiry date, ``VETTED_CREDENTIALS_NOTICE_DAYS`` ahead

The review-due list is computed once a day (a ``NotificationSource`` for
the day's scan); the others are cheap queries run every pass.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.domain import worker_status
from articles.domain.review_expiry import review_due
from articles.models import DueWorkFailure, NotificationSource, ReviewerProfile
from articles.notifications.kinds import REMINDER_KINDS
from articles.notifications.outbox import Collected, mark_source, queue

logger = logging.getLogger("articles.worker")


def collect_reminders(*, now=None):
    """The worker's due work: queue every reminder whose period has not been notified yet."""
    now = now or timezone.now()
    outcomes = []
    for name, items in (
        ("review", lambda: _review_items(now)),
        ("schedule_overdue", lambda: _overdue_schedules(now)),
        ("due_work_failed", _failures),
        ("credentials_expiring", lambda: _expiring_credentials(now)),
    ):
        try:
            found = items()
        except Exception:  # noqa: BLE001 - one broken scan must not stop the others
            logger.exception("Reminder scan %s crashed", name)
            outcomes.append(Collected(name, name, 0, ok=False))
            continue
        outcomes.extend(_queue_new(found))
    return [outcome for outcome in outcomes if str(outcome)]


def _queue_new(found):
    """``found``: (kind name, key, source, article). Queue those whose key was not handled."""
    done = set(NotificationSource.objects.filter(key__in=[key for _, key, _, _ in found]).values_list("key", flat=True))
    outcomes = []
    for name, key, source, article in found:
        if key in done:
            continue
        try:
            with transaction.atomic():
                if not mark_source(key):
                    continue
                count = queue(REMINDER_KINDS[name], source, key=key, article=article)
            outcomes.append(Collected(name, key, count))
        except Exception:  # noqa: BLE001 - one bad item must not stop the others
            logger.exception("Reminder %s failed", key)
            outcomes.append(Collected(name, key, 0, ok=False))
    return outcomes


def _review_items(now):
    """Once a day: every live page due for review soon or overdue."""
    day = timezone.localdate(now)
    scan = f"scan:review_due:{day.isoformat()}"
    if NotificationSource.objects.filter(key=scan).exists():
        return []
    found = []
    repeat = settings.VETTED_REVIEW_REMINDER_DAYS
    for item in review_due(now=now):
        article, revision = item.article, item.article.live_revision_id
        if item.due_at <= now:
            period = (now - item.due_at).days // repeat
            found.append(("review_overdue", f"review_overdue:{article.pk}:{revision}:{period}", item, article))
        else:
            due = timezone.localdate(item.due_at).isoformat()
            found.append(("review_due_soon", f"review_due_soon:{article.pk}:{revision}:{due}", item, article))
    mark_source(scan)
    return found


def _overdue_schedules(now):
    found = []
    for article in worker_status.overdue(now=now):
        moment = article.go_live_at if article.go_live_at and article.go_live_at <= now else article.unpublish_at
        found.append(("schedule_overdue", f"schedule_overdue:{article.pk}:{moment.isoformat()}", article, article))
    return found


def _failures():
    return [
        ("due_work_failed", f"due_work_failed:{failure.pk}:{failure.first_failed_at.isoformat()}",
         failure, failure.article)
        for failure in DueWorkFailure.objects.select_related("article").order_by("pk")
    ]


def _expiring_credentials(now):
    today = timezone.localdate(now)
    horizon = today + timedelta(days=settings.VETTED_CREDENTIALS_NOTICE_DAYS)
    profiles = ReviewerProfile.objects.filter(
        active=True, verified_at__isnull=False,
        credentials_expire_on__gte=today, credentials_expire_on__lte=horizon,
    ).select_related("user", "verified_by")
    return [
        ("credentials_expiring", f"credentials_expiring:{profile.pk}:{profile.credentials_expire_on}", profile, None)
        for profile in profiles.order_by("pk")
    ]
