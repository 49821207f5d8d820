"""
Who reviews what: a reviewer claims a revision in review, a publisher (or a
lead holding the assign permission) assigns one to a reviewer with a due
date, and either is released again, by the assignee, a publisher or lead, or
by the worker when a claim has sat idle (``release_idle_claims``).

The current assignee is a ``ReviewAssignment`` row (one per revision); every
claim, assignment and release is also a ``WorkflowEvent``, so the history is
in the log and notifications follow from it. An assignee must be a reviewer
who may review that revision (verified, not an author); assigning never
stops another reviewer from reviewing: it says whose turn it is.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from articles import policy
from articles.actions import workflow
from articles.errors import ActionError, InvalidInput, InvalidTransition, NotPermitted
from articles.models import ReviewAssignment, WorkflowEvent
from articles.models.guards import workflow_transition

logger = logging.getLogger("articles.worker")

Action = WorkflowEvent.Action
Kind = ReviewAssignment.Kind
#: Steps about who holds a review, which are not work on it.
ASSIGNMENT_ACTIONS = (Action.REVIEW_CLAIMED, Action.REVIEW_ASSIGNED, Action.REVIEW_RELEASED)


class AlreadyAssigned(InvalidTransition):
    """Someone else holds the review; they, a publisher or a lead must release it first."""


def claim_review(revision, *, by):
    """``by`` takes the review of ``revision`` (in review, unclaimed, one they may review). Logged."""
    policy.require(by, policy.REVIEW, revision)
    with transaction.atomic(), workflow_transition():
        revision, locked = _lock_in_review(revision, "claimed")
        current = _current(revision)
        if current is not None:
            if current.assignee_id == by.pk:
                raise AlreadyAssigned(f"You already hold the review of revision {revision.number} of “{revision.title}”.")
            raise AlreadyAssigned(
                f"Revision {revision.number} of “{revision.title}” is {current.get_kind_display().lower()} "
                f"by {_person(current.assignee)}. Ask them, a publisher or a lead reviewer to release it."
            )
        assignment = ReviewAssignment.objects.create(
            revision=revision, assignee=by, kind=Kind.CLAIMED, assigned_by=by
        )
        workflow.log_event(
            locked, revision, Action.REVIEW_CLAIMED, by, from_state=revision.state,
            details={"assignee": by.pk, "assignee_name": _person(by)},
        )
    return assignment


def assign_review(revision, *, to, by, due_on=None, note=""):
    """
    Give the review of ``revision`` to ``to``, due on ``due_on`` (a date, or
    None), replacing any earlier claim or assignment. Needs the assign
    permission (Publishers, or a lead reviewer granted it); ``to`` must be
    able to review this revision. Logged.
    """
    policy.require(by, policy.ASSIGN_REVIEW, revision)
    if not policy.can_review(to, revision):
        raise NotPermitted(
            f"{_person(to)} cannot be assigned this review: " + policy.refusal(to, policy.REVIEW, revision)
        )
    if due_on is not None and due_on < timezone.now().date():
        raise InvalidInput("Choose a due date from today on.")
    with transaction.atomic(), workflow_transition():
        revision, locked = _lock_in_review(revision, "assigned")
        current = _current(revision)
        details = {"assignee": to.pk, "assignee_name": _person(to), "due_on": due_on.isoformat() if due_on else None}
        if current is not None:
            details["replaced"] = current.assignee_id
            current.delete()
        assignment = ReviewAssignment.objects.create(
            revision=revision, assignee=to, kind=Kind.ASSIGNED, assigned_by=by, due_on=due_on
        )
        workflow.log_event(locked, revision, Action.REVIEW_ASSIGNED, by, note=note, from_state=revision.state, details=details)
    return assignment


def release_review(revision, *, by, note=""):
    """Give the review of ``revision`` back to the queue: its assignee, a publisher or a lead may. Logged."""
    with transaction.atomic(), workflow_transition():
        revision, locked = workflow.lock_revision(revision)
        current = _current(revision)
        if current is None:
            raise InvalidTransition(f"Nobody holds the review of revision {revision.number} of “{revision.title}”.")
        if current.assignee_id != by.pk and not policy.can(by, policy.ASSIGN_REVIEW, revision):
            raise NotPermitted(
                f"{_person(by)} cannot release this review: only its assignee "
                f"({_person(current.assignee)}), a publisher or a lead reviewer can."
            )
        _release(locked, revision, current, by=by, note=note)


def _release(locked, revision, current, *, by, note, details=None):
    current.delete()
    workflow.log_event(
        locked, revision, Action.REVIEW_RELEASED, by, note=note, from_state=revision.state,
        details={"assignee": current.assignee_id, "assignee_name": _person(current.assignee),
                 "kind": current.kind, **(details or {})},
    )


@dataclass(frozen=True)
class Released:
    """What the idle-claim sweep did to one claim."""

    revision_id: int
    ok: bool
    message: str

    def __str__(self):
        return self.message


def last_activity(assignment):
    """When the assignee last did something on the revision: the claim itself, or a logged step since."""
    latest = (
        WorkflowEvent.objects.filter(
            revision_id=assignment.revision_id, actor_id=assignment.assignee_id, created_at__gte=assignment.assigned_at
        )
        .exclude(action__in=ASSIGNMENT_ACTIONS)
        .aggregate(latest=Max("created_at"))["latest"]
    )
    return max(filter(None, (assignment.assigned_at, latest)))


def release_idle_claims(*, now=None):
    """
    Release every claim whose reviewer has done nothing logged on the
    revision (sign-off, note, claim decision) for
    ``settings.VETTED_REVIEW_CLAIM_IDLE_DAYS`` days (0 turns it off).
    Assignments by a publisher are left alone: they have due dates, and the
    queue shows them overdue. Each release is its own transaction, logged as
    "review released" with the claimant as actor, ``details.automatic`` set
    and the reason as note.
    """
    days = settings.VETTED_REVIEW_CLAIM_IDLE_DAYS
    if not days:
        return []
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    outcomes = []
    candidates = ReviewAssignment.objects.filter(
        kind=Kind.CLAIMED, assigned_at__lt=cutoff, revision__decision__isnull=True
    ).select_related("revision", "assignee")
    for assignment in candidates:
        if last_activity(assignment) >= cutoff:
            continue
        try:
            with transaction.atomic(), workflow_transition():
                revision, locked = workflow.lock_revision(assignment.revision)
                current = _current(revision)
                if current is None or current.pk != assignment.pk:
                    continue
                reason = f"Released automatically: nothing done on it for {days} days after it was claimed."
                _release(locked, revision, current, by=current.assignee, note=reason, details={"automatic": True})
            message = (
                f"Released {_person(assignment.assignee)}'s idle claim on revision "
                f"{revision.number} of “{revision.title}”."
            )
            logger.info(message)
            outcomes.append(Released(revision.pk, True, message))
        except ActionError as error:
            logger.error("Releasing the idle claim on revision %s failed: %s", assignment.revision_id, error)
            outcomes.append(Released(assignment.revision_id, False, str(error)))
    return outcomes


def _lock_in_review(revision, verb):
    revision, locked = workflow.lock_revision(revision)
    if revision.state != workflow.State.IN_REVIEW:
        raise InvalidTransition(
            f"Revision {revision.number} of “{revision.title}” is {revision.state.label.lower()}: only a "
            f"revision in review can be {verb}."
        )
    return revision, locked


def _person(user):
    if not getattr(user, "is_authenticated", False):
        return "An anonymous visitor"
    return user.get_full_name() or user.get_username()


def _current(revision):
    return ReviewAssignment.objects.select_related("assignee").filter(revision=revision).first()
