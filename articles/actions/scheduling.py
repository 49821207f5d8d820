"""
Work that falls due at a set time: scheduled publication and unpublication
(expiry), and unpublishing pages whose review lapsed long ago (when a
setting turns that on). Publishers set the times here; the worker
(``manage.py worker``, see ``articles.worker``) performs what is due.

Each due item runs in its own transaction. The article row is claimed with
``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL), so two workers on two
machines never take the same item; the second sees it locked or already done
and moves on. (SQLite has no row locks: its immediate transactions serialise
the workers and the re-check inside the transaction does the rest.) An item
that fails is rolled back, logged, recorded as a ``DueWorkFailure`` that the
admin dashboard shows to publishers, and retried with growing delays; the
others go ahead.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles import policy
from articles.actions import workflow
from articles.errors import ActionError, InvalidTransition, NoteRequired, NotLive, NotPermitted
from articles.models import Article, DueWorkFailure, WorkflowEvent
from articles.models.guards import workflow_transition

logger = logging.getLogger("articles.worker")

Action = WorkflowEvent.Action
Kind = DueWorkFailure.Kind

#: Delay before retrying a failed item: doubles from the first, up to the last.
RETRY_FIRST = timedelta(minutes=1)
RETRY_LONGEST = timedelta(hours=1)


class ScheduleRefused(InvalidTransition):
    """The requested time makes no sense for this article (in the past, before it goes live)."""


@dataclass(frozen=True)
class Outcome:
    """What one due item came to: done, or failed with the publishers' explanation."""

    article: Article
    kind: str
    ok: bool
    message: str

    def __str__(self):
        return self.message


def schedule_unpublish(article, *, by, reason, at):
    """
    Take ``article`` off the site at ``at`` (an expiry), with a reason kept
    in its history. The article must be live or scheduled to go live before
    ``at``. Replaces an earlier expiry. Logged.
    """
    policy.require(by, policy.PUBLISH, article)
    reason = (reason or "").strip()
    if not reason:
        raise NoteRequired("Give a reason for unpublishing; it is kept in the article's history.")
    if at <= timezone.now():
        raise ScheduleRefused("Choose a time in the future, or unpublish now.")
    with transaction.atomic(), workflow_transition():
        locked = workflow._lock(article)
        revision, state = _current(locked)
        if revision is None:
            raise NotLive(
                f"“{locked.title}” is not live or scheduled, so there is nothing to unpublish later."
            )
        if locked.go_live_at is not None and at <= locked.go_live_at:
            raise ScheduleRefused(
                f"“{locked.title}” goes live at {_local(locked.go_live_at)}; choose an "
                "unpublication time after that."
            )
        workflow.log_event(
            locked, revision, Action.UNPUBLISH_SCHEDULED, by, note=reason, from_state=state,
            details={"unpublish_at": at.isoformat()},
        )
        locked.unpublish_at = at
        locked.unpublish_reason = reason
        locked.unpublish_scheduled_by = by
        locked.save(update_fields=["unpublish_at", "unpublish_reason", "unpublish_scheduled_by"])
        workflow.forget_failures(locked)
    workflow._sync(article, locked)
    return locked


def cancel_scheduled_unpublish(article, *, by, note=""):
    """Keep the article on the site: drop its scheduled unpublication. Logged."""
    policy.require(by, policy.PUBLISH, article)
    with transaction.atomic(), workflow_transition():
        locked = workflow._lock(article)
        if locked.unpublish_at is None:
            raise InvalidTransition(f"“{locked.title}” has no scheduled unpublication to cancel.")
        revision, state = _current(locked)
        workflow.log_event(
            locked, revision, Action.UNPUBLISH_CANCELLED, by, note=note, from_state=state,
            details={"unpublish_at": locked.unpublish_at.isoformat()},
        )
        workflow._clear_expiry(locked)
        workflow.forget_failures(locked)
    workflow._sync(article, locked)
    return locked


def cancel_scheduled_publish(article, *, by, note=""):
    """Drop the article's scheduled publication (the approved revision stays approved). Logged."""
    policy.require(by, policy.PUBLISH, article)
    with transaction.atomic(), workflow_transition():
        locked = workflow._lock(article)
        if locked.scheduled_revision_id is None:
            raise InvalidTransition(f"“{locked.title}” is not scheduled for publication.")
        workflow._cancel_schedule(locked, by=by, note=note)
        if locked.live_revision_id is None:
            workflow._clear_expiry(locked)
    workflow._sync(article, locked)
    return locked


# The worker's due work ------------------------------------------------------


def publish_due(*, now=None):
    """
    Publish every scheduled revision whose time has come, each in its own
    transaction, on behalf of the publisher who scheduled it, who must still
    hold the publish permission. Returns an ``Outcome`` per item tried.
    """
    now = now or timezone.now()
    due = Article.objects.filter(go_live_at__lte=now)
    return [_perform(pk, Kind.PUBLISH, _publish_one, now) for pk in _ready(due, Kind.PUBLISH, now)]


def unpublish_due(*, now=None):
    """
    Perform every scheduled unpublication whose time has come, on behalf of
    the publisher who scheduled it (who must still hold the permission).
    """
    now = now or timezone.now()
    due = Article.objects.filter(unpublish_at__lte=now)
    return [_perform(pk, Kind.UNPUBLISH, _unpublish_one, now) for pk in _ready(due, Kind.UNPUBLISH, now)]


def unpublish_lapsed_reviews(*, now=None):
    """
    When ``settings.VETTED_REVIEW_GRACE_DAYS`` is set (off by default), take
    live pages off the site once their review has been overdue for that many
    days, on behalf of the publisher who last published them.
    """
    grace = getattr(settings, "VETTED_REVIEW_GRACE_DAYS", None)
    if grace is None:
        return []
    now = now or timezone.now()
    from articles.domain.review_expiry import review_due

    lapsed = [
        item.article.pk
        for item in review_due(now=now, within_days=0)
        if item.last_reviewed_at + timedelta(days=item.interval_days + grace) <= now
    ]
    due = Article.objects.filter(pk__in=lapsed)
    return [
        _perform(pk, Kind.REVIEW_EXPIRY, _expire_one, now) for pk in _ready(due, Kind.REVIEW_EXPIRY, now)
    ]


def _ready(due, kind, now):
    """Primary keys of due articles not waiting for the retry of an earlier failure."""
    waiting = DueWorkFailure.objects.filter(article=OuterRef("pk"), kind=kind, next_attempt_at__gt=now)
    return list(due.filter(~Exists(waiting)).order_by("pk").values_list("pk", flat=True))


def _perform(pk, kind, step, now):
    try:
        with transaction.atomic(), workflow_transition():
            locked = (
                Article.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk)
                .select_related("scheduled_revision", "live_revision")
                .first()
            )
            if locked is None:
                return Outcome(None, kind, True, f"Article {pk} is being handled by another worker.")
            return Outcome(locked, kind, True, step(locked, now))
    except (ActionError, IntegrityError) as error:
        return _failed(pk, kind, now, str(error))
    except Exception as error:  # noqa: BLE001 - one broken item must never stop the others
        logger.exception("Due work %s on article %s crashed", kind, pk)
        return _failed(pk, kind, now, f"{type(error).__name__}: {error}")


def _publish_one(locked, now):
    if locked.go_live_at is None or locked.go_live_at > now:
        return ""
    revision = locked.scheduled_revision
    _require_still_permitted(locked.scheduled_by, locked, "publication")
    workflow._require_intact(revision)
    workflow.make_live(locked, revision, by=locked.scheduled_by, now=now)
    logger.info("Published “%s” (revision %s) as scheduled", locked.title, revision.number)
    return f"Published “{locked.title}” (revision {revision.number})."


def _unpublish_one(locked, now):
    if locked.unpublish_at is None or locked.unpublish_at > now:
        return ""
    by, reason = locked.unpublish_scheduled_by, locked.unpublish_reason
    _require_still_permitted(by, locked, "unpublication")
    was_live = locked.live_revision_id is not None
    workflow.unpublish_locked(locked, by=by, reason=reason)
    logger.info("Unpublished “%s” as scheduled: %s", locked.title, reason)
    return f"{'Unpublished' if was_live else 'Cancelled the schedule of'} “{locked.title}”: {reason}"


def _expire_one(locked, now):
    if locked.live_revision_id is None:
        return ""
    publication = (
        WorkflowEvent.objects.filter(article=locked, action=Action.PUBLISHED, revision=locked.live_revision)
        .select_related("actor")
        .order_by("-pk")
        .first()
    )
    by = publication.actor
    _require_still_permitted(by, locked, "unpublication of a page whose review lapsed")
    reason = "Its medical review lapsed and nobody re-certified it within the grace period."
    workflow.unpublish_locked(locked, by=by, reason=reason)
    logger.info("Unpublished “%s”: review lapsed", locked.title)
    return f"Unpublished “{locked.title}”: review lapsed."


def _require_still_permitted(user, article, what):
    """The person who scheduled the step must still be an active publisher when it runs."""
    if user is None or not user.is_active or not policy.can(user, policy.PUBLISH, article):
        raise NotPermitted(
            f"The scheduled {what} of “{article.title}” was refused: "
            f"{workflow._name(user) if user else 'the person who scheduled it'} no longer holds "
            "the publish permission or their account is inactive. A publisher must schedule it again "
            "or cancel it."
        )


def _failed(pk, kind, now, message):
    """Record the failure (outside the rolled-back transaction) and schedule a retry."""
    logger.error("Due work %s on article %s failed: %s", kind, pk, message)
    try:
        with transaction.atomic():
            failure = DueWorkFailure.objects.select_for_update().filter(article_id=pk, kind=kind).first()
            if failure is None:
                failure = DueWorkFailure(article_id=pk, kind=kind, first_failed_at=now, attempts=0)
            failure.attempts += 1
            failure.error = message
            failure.last_failed_at = now
            failure.next_attempt_at = now + min(RETRY_FIRST * 2 ** (failure.attempts - 1), RETRY_LONGEST)
            failure.save()
    except IntegrityError:
        # Another worker recorded the same failure at the same moment.
        pass
    article = Article.objects.filter(pk=pk).first()
    return Outcome(article, kind, False, message)


def _current(locked):
    """The revision a schedule concerns (live, else scheduled) and its state."""
    if locked.live_revision_id is not None:
        return locked.live_revision, workflow.State.LIVE
    if locked.scheduled_revision_id is not None:
        return locked.scheduled_revision, workflow.State.SCHEDULED
    return None, None


def _local(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"
