"""
Sending the outbox through Django's email framework (``EMAIL_BACKEND``:
the console in development, SMTP configured from the environment in
production).

Each message is claimed in a short transaction of its own (``SELECT ...
FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the
same one; SQLite's immediate transactions serialise them), marked
"sending", sent outside any transaction (a hanging SMTP server holds no
lock an editor's click would wait for), then marked sent, or put back with
a retry after 1, 2, 4 ... minutes (at most hourly) and the error, until
``VETTED_NOTIFICATION_MAX_ATTEMPTS``. A message the server answered with an
error is retried later while the others go ahead; when the server cannot
be reached or times out, the rest wait for the next pass, so one pass lasts
at most about ``EMAIL_TIMEOUT`` longer than usual.

A claim older than ``CLAIM_TIMEOUT`` (its worker died mid-send) is put
back. Every message carries a Message-ID derived from its row, so in the
one case where a send could repeat (the server accepted the message but the
worker died before recording it) mail systems see the same message.

People who chose a daily digest get one email a day at
``VETTED_DIGEST_HOUR`` (site time) listing the notifications of the
day before it (``make_digests``).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import DeliveryMode, Notification, NotificationDigest
from articles.notifications.outbox import site_domain, site_url

logger = logging.getLogger("articles.worker")

Status = Notification.Status

RETRY_FIRST = timedelta(minutes=1)
RETRY_LONGEST = timedelta(hours=1)
CLAIM_TIMEOUT = timedelta(minutes=10)
#: At most this many messages of each model per pass.
PER_PASS = 200


@dataclass(frozen=True)
class Delivery:
    """One message the pass tried to send."""

    subject: str
    address: str
    ok: bool
    error: str = ""
    gave_up: bool = False

    def __str__(self):
        if self.ok:
            return f"Emailed {self.address}: {self.subject}"
        what = "gave up" if self.gave_up else "will retry"
        return f"Email to {self.address} not sent ({what}): {self.subject}: {self.error}"


def send_due(*, now=None):
    """The worker's due work: build the digests that are due, then send every message whose time has come."""
    now = now or timezone.now()
    release_stale_claims(now=now)
    make_digests(now=now)
    sender = _Sender()
    outcomes = []
    try:
        for model in (Notification, NotificationDigest):
            for _ in range(PER_PASS):
                item = _claim(model, now)
                if item is None:
                    break
                outcomes.append(sender.send(item, now))
                if sender.unreachable:
                    break
            if sender.unreachable:
                break
    finally:
        sender.close()
    return outcomes


def _claim(model, now):
    with transaction.atomic():
        due = model.objects.select_for_update(skip_locked=True).filter(
            status=Status.PENDING, next_attempt_at__lte=now
        )
        if model is Notification:
            due = due.filter(delivery=DeliveryMode.IMMEDIATE)
        item = due.order_by("next_attempt_at", "pk").first()
        if item is None:
            return None
        model.objects.filter(pk=item.pk).update(status=Status.SENDING, claimed_at=now)
    return item


def release_stale_claims(*, now):
    """Put back messages claimed by a worker that died while sending them."""
    for model in (Notification, NotificationDigest):
        model.objects.filter(status=Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
            status=Status.PENDING, claimed_at=None
        )


class _Sender:
    """One connection per pass, reopened after an error; ``unreachable`` once the server cannot be reached."""

    def __init__(self):
        self._connection = None
        self.unreachable = False

    def send(self, item, now):
        email = build_email(item)
        try:
            if self._connection is None:
                self._connection = get_connection(fail_silently=False)
            self._connection.send_messages([email])
        except Exception as error:  # noqa: BLE001 - whatever the backend raises is recorded and retried
            self.unreachable = not isinstance(error, (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused))
            self.close()
            logger.warning("Email to %s failed: %s", item.address, error)
            return _failed(item, now, f"{type(error).__name__}: {error}")
        _sent(item, now)
        return Delivery(email.subject, item.address, True)

    def close(self):
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a connection that is already broken needs no closing
                pass


def _sent(item, now):
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(
            status=Status.SENT, sent_at=now, attempts=item.attempts + 1, claimed_at=None, last_error=""
        )
        if isinstance(item, NotificationDigest):
            item.items.update(status=Status.SENT, sent_at=now)


def _failed(item, now, error):
    attempts = item.attempts + 1
    gave_up = attempts >= settings.VETTED_NOTIFICATION_MAX_ATTEMPTS
    type(item).objects.filter(pk=item.pk).update(
        status=Status.FAILED if gave_up else Status.PENDING,
        attempts=attempts,
        next_attempt_at=now + min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_LONGEST),
        claimed_at=None,
        last_error=error[:2000],
    )
    subject = item.subject if isinstance(item, Notification) else f"Daily digest of {item.day}"
    return Delivery(subject, item.address, False, error, gave_up)


def build_email(item):
    """The ``EmailMultiAlternatives`` for a notification or a digest (plain text with an HTML alternative)."""
    if isinstance(item, NotificationDigest):
        subject, text, html = render_digest(item)
        kind = "digest"
    else:
        subject, text, html = item.subject, item.body_text, item.body_html
        kind = "notification"
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[item.address],
        headers={"Message-ID": f"<vetted.{kind}.{item.pk}.{item.created_at:%Y%m%d%H%M%S}@{site_domain()}>"},
    )
    email.attach_alternative(html, "text/html")
    return email


def render_digest(digest):
    items = list(digest.items.order_by("created_at", "pk"))
    context = {
        "digest": digest,
        "items": items,
        "recipient_name": digest.recipient.get_full_name() or digest.recipient.get_username(),
        "preferences_link": site_url("/admin/articles/notificationpreference/"),
    }
    count = len(items)
    subject = f"Vetted daily digest, {digest.day:%d %b %Y}: {count} notification{'s' if count != 1 else ''}"
    return (
        subject,
        render_to_string("email/digest.txt", context),
        render_to_string("email/digest.html", context),
    )


def digest_moment(now):
    """The latest daily digest time at or before ``now`` (``VETTED_DIGEST_HOUR``, site time)."""
    local = timezone.localtime(now)
    moment = local.replace(hour=settings.VETTED_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return moment if moment <= local else moment - timedelta(days=1)


def make_digests(*, now):
    """
    Gather each digest reader's notifications created before the latest
    digest time into that day's ``NotificationDigest`` (one per person and
    day). Notifications arriving after that day's digest was sent wait for
    the next one.
    """
    moment = digest_moment(now)
    waiting = Notification.objects.filter(
        delivery=DeliveryMode.DAILY, status=Status.PENDING, digest__isnull=True, created_at__lt=moment
    )
    made = 0
    for user_id in set(waiting.values_list("recipient_id", flat=True)):
        user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
        if user is None:
            continue
        try:
            with transaction.atomic():
                items = list(
                    waiting.filter(recipient=user).select_for_update(skip_locked=True).values_list("pk", flat=True)
                )
                if not items:
                    continue
                digest, _ = NotificationDigest.objects.get_or_create(
                    recipient=user, day=moment.date(), defaults={"address": user.email, "next_attempt_at": now}
                )
                if digest.status != Status.PENDING:
                    continue
                Notification.objects.filter(pk__in=items).update(digest=digest, status=Status.IN_DIGEST)
                made += 1
        except IntegrityError:
            continue
    return made
