"""
Turning what happened into notifications: one row per source and
recipient, rendered at once, with the recipient's delivery preference.

``collect_events`` is the worker's due work. It reads only committed
``WorkflowEvent`` rows (the worker has its own connection), so an action
that rolled back sends nothing. Each event is handled in its own
transaction, which also writes its ``NotificationSource`` marker: a second
worker, or the next pass, skips it, and the unique (key, recipient)
constraint makes a duplicate impossible anyway.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import (
    DeliveryMode,
    Notification,
    NotificationPreference,
    NotificationSource,
    WorkflowEvent,
)
from articles.notifications.kinds import EVENT_KINDS

logger = logging.getLogger("articles.worker")

#: At most this many events per pass; the rest wait for the next pass.
EVENTS_PER_PASS = 500


@dataclass(frozen=True)
class Collected:
    """What a source came to: how many notifications were queued."""

    kind: str
    key: str
    count: int
    ok: bool = True

    def __str__(self):
        if not self.ok:
            return f"Could not queue the notifications of {self.key} (see the log); retried next pass."
        if not self.count:
            return ""
        return f"Queued {self.count} notification{'s' if self.count != 1 else ''}: {self.kind} ({self.key})."


def site_url(path):
    return settings.VETTED_SITE_URL.rstrip("/") + path


def site_domain():
    return urlsplit(settings.VETTED_SITE_URL).hostname or "localhost"


def preferences(users):
    """Each user's delivery mode (immediate without a preference row)."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users).values_list("user_id", "mode")
    )
    return {user.pk: chosen.get(user.pk, DeliveryMode.IMMEDIATE) for user in users}


def render(message, recipient):
    """Subject, plain text and HTML of one notification, from ``templates/email/``."""
    context = {
        "message": message,
        "recipient_name": recipient.get_full_name() or recipient.get_username(),
        "link": site_url(message.link_path),
        "preferences_link": site_url("/admin/articles/notificationpreference/"),
    }
    return (
        message.subject[:300],
        render_to_string("email/notification.txt", context),
        render_to_string("email/notification.html", context),
    )


def queue(kind, source, *, key, event=None, article=None, exclude=()):
    """
    Create the notifications of one ``source`` (an event or a reminder
    item) for ``kind``'s recipients, except ``exclude`` and those who turned
    email off. The caller holds the transaction that marks the source done.
    Returns how many were created.
    """
    people = [user for user in kind.recipients(source) if user.pk not in exclude]
    if not people:
        return 0
    modes = preferences(people)
    message = kind.message(source)
    rows = []
    for user in people:
        mode = modes[user.pk]
        if mode == DeliveryMode.OFF:
            continue
        subject, text, html = render(message, user)
        rows.append(
            Notification(
                kind=kind.name, key=key, event=event, article=article, recipient=user,
                address=user.email, delivery=mode, subject=subject, body_text=text, body_html=html,
                link=site_url(message.link_path),
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def mark_source(key, *, event=None):
    """Claim ``key`` for this transaction; False when another pass or worker already handled it."""
    try:
        with transaction.atomic():
            NotificationSource.objects.create(key=key, event=event)
    except IntegrityError:
        return False
    return True


def collect_events(*, now=None):
    """
    The worker's due work: notifications for every committed workflow event
    of a notifying kind that no pass handled yet, from the last
    ``VETTED_NOTIFICATION_LOOKBACK_HOURS`` (older news is not sent).
    """
    horizon = timezone.now() - timedelta(hours=settings.VETTED_NOTIFICATION_LOOKBACK_HOURS)
    handled = NotificationSource.objects.filter(event=OuterRef("pk"))
    pending = list(
        WorkflowEvent.objects.filter(created_at__gte=horizon, action__in=list(EVENT_KINDS))
        .filter(~Exists(handled))
        .order_by("pk")
        .values_list("pk", flat=True)[:EVENTS_PER_PASS]
    )
    return [outcome for outcome in (_collect_event(pk) for pk in pending) if outcome is not None]


def _collect_event(pk):
    try:
        with transaction.atomic():
            event = WorkflowEvent.objects.select_related("article", "revision", "actor").get(pk=pk)
            key = f"event:{pk}"
            if not mark_source(key, event=event):
                return None
            kind = EVENT_KINDS[event.action]
            # An automatic release is logged in the claimant's name, and it is them it must tell.
            exclude = set() if (event.details or {}).get("automatic") else {event.actor_id}
            count = queue(kind, event, key=key, event=event, article=event.article, exclude=exclude)
            return Collected(kind.name, key, count)
    except Exception:  # noqa: BLE001 - one bad event must not stop the others
        logger.exception("Notifications for workflow event %s failed", pk)
        return Collected("event", f"event:{pk}", 0, ok=False)
