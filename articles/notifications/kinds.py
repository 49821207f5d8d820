"""
The registry of notifications: for each kind, who receives it and what it
says. A new kind is one entry: ``EVENT_KINDS`` for a workflow event (keyed
by ``WorkflowEvent.Action``), ``REMINDER_KINDS`` for something the worker
finds due. ``recipients(source)`` returns users; ``message(source)`` the
words and the link, which ``outbox.render`` puts into the email templates
(``templates/email/``).

The person who took an action is never told about it (``outbox`` drops the
event's actor).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from articles.domain import review_policy
from articles.models import ReviewDecision, WorkflowEvent
from articles.notifications import recipients

Action = WorkflowEvent.Action


@dataclass(frozen=True)
class Message:
    subject: str
    headline: str
    link_path: str
    link_label: str
    paragraphs: tuple = ()
    note_label: str = ""
    note: str = ""
    section_notes: tuple = ()  # (where, text, by)


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    recipients: Callable
    message: Callable


def _name(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def _local(moment):
    return f"{timezone.localtime(moment):%d %b %Y, %H:%M} ({timezone.get_current_timezone_name()})"


def _title(event):
    return event.revision.title if event.revision_id else event.article.title


def _review_path(revision):
    return reverse("admin:articles_articlerevision_review", args=[revision.pk])


def _article_path(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _section_notes(revision):
    """The reviewers' notes on the revision, labelled by the section they concern."""
    sections = revision.sections or []
    found = []
    for note in revision.review_notes.select_related("author").order_by("section_index", "created_at", "pk"):
        if note.section_index is None or note.section_index >= len(sections):
            where = "The article as a whole"
        else:
            where = f"Section {note.section_index + 1}: {sections[note.section_index]['heading']}"
        found.append((where, note.body, _name(note.author)))
    return tuple(found)


# Workflow events -------------------------------------------------------------


def _submitted(event):
    revision = event.revision
    flagged = (event.details or {}).get("flagged_claims")
    return Message(
        subject=f"Review needed: “{revision.title}” (revision {revision.number})",
        headline=f"{_name(event.actor)} submitted revision {revision.number} of “{revision.title}” "
        "for medical review.",
        paragraphs=(f"The detector flagged {flagged} claim{'s' if flagged != 1 else ''} to decide.",)
        if flagged else (),
        note_label="Writer's note",
        note=event.note,
        link_path=_review_path(revision),
        link_label="Open the review page",
    )


def _reviewed(*, approved):
    def message(event):
        revision = event.revision
        what = f"revision {revision.number} of “{revision.title}”"
        return Message(
            subject=f"{'Approved' if approved else 'Changes requested'}: “{revision.title}” "
            f"(revision {revision.number})",
            headline=f"{_name(event.actor)} approved {what}." if approved
            else f"{_name(event.actor)} requested changes to {what}.",
            paragraphs=("A publisher can now publish or schedule it.",) if approved
            else ("Edit the article and submit it again when the changes are made.",),
            note_label="Reviewer's note",
            note=event.note,
            section_notes=_section_notes(revision),
            link_path=_review_path(revision),
            link_label="Open the review page",
        )

    return message


def _partly_approved(event):
    revision = event.revision
    still = review_policy.shortfall(revision)
    return Message(
        subject=f"Another approval needed: “{revision.title}” (revision {revision.number})",
        headline=f"{_name(event.actor)} approved revision {revision.number} of “{revision.title}”; "
        f"its review policy still needs {still or 'no more approvals'}.",
        note_label="Reviewer's note",
        note=event.note,
        link_path=_review_path(revision),
        link_label="Open the review page",
    )


def _remaining_reviewers(event):
    """Eligible reviewers who have not signed off, while the revision still waits for approvals."""
    revision = event.revision
    if ReviewDecision.objects.filter(revision=revision).exists():
        return []
    signed = {approval.reviewer_id for approval in review_policy.approvals_of(revision)}
    return [user for user in recipients.eligible_reviewers(revision) if user.pk not in signed]


def _published(event):
    revision = event.revision
    public = reverse("articles:detail", kwargs={"slug": revision.slug})
    return Message(
        subject=f"Published: “{revision.title}”",
        headline=f"{_name(event.actor)} published revision {revision.number} of “{revision.title}”.",
        paragraphs=(f"Readers now see it at {settings.VETTED_SITE_URL.rstrip('/')}{public}",),
        link_path=_article_path(event.article),
        link_label="Open the article in the admin",
    )


def _scheduled(event):
    revision = event.revision
    at = (event.details or {}).get("go_live_at")
    when = _local(datetime.fromisoformat(at)) if at else "a later time"
    return Message(
        subject=f"Scheduled: “{revision.title}” goes live {when}",
        headline=f"{_name(event.actor)} scheduled revision {revision.number} of “{revision.title}” "
        f"to go live on {when}.",
        link_path=_article_path(event.article),
        link_label="Open the article in the admin",
    )


def _unpublished(event):
    return Message(
        subject=f"Unpublished: “{_title(event)}”",
        headline=f"{_name(event.actor)} took “{_title(event)}” off the site.",
        note_label="Reason",
        note=event.note,
        link_path=_article_path(event.article),
        link_label="Open the article in the admin",
    )


def _assignee_of(event):
    """The reviewer an assignment or release concerns (``details.assignee``)."""
    from django.contrib.auth import get_user_model

    pk = (event.details or {}).get("assignee")
    return list(get_user_model().objects.filter(pk=pk, is_active=True)) if pk else []


def _assigned(event):
    revision = event.revision
    due = (event.details or {}).get("due_on")
    return Message(
        subject=f"Assigned to you: review “{revision.title}” (revision {revision.number})",
        headline=f"{_name(event.actor)} assigned you the medical review of revision {revision.number} "
        f"of “{revision.title}”" + (f", due on {due}." if due else "."),
        note_label="Note",
        note=event.note,
        link_path=_review_path(revision),
        link_label="Open the review page",
    )


def _released(event):
    revision = event.revision
    automatic = (event.details or {}).get("automatic")
    return Message(
        subject=f"Review released: “{revision.title}” (revision {revision.number})",
        headline=f"Your claim on revision {revision.number} of “{revision.title}” was released"
        + (" automatically." if automatic else f" by {_name(event.actor)}."),
        note_label="Reason",
        note=event.note,
        link_path=_review_path(revision),
        link_label="Open the review page",
    )


def _authors_and_publishers(event):
    return recipients.users(*recipients.authors(event.revision), *recipients.publishers())


#: Workflow events that send email, by ``WorkflowEvent.Action``.
EVENT_KINDS = {
    Action.SUBMITTED: Kind(
        "submitted", "A revision was submitted for review",
        recipients=lambda event: recipients.eligible_reviewers(event.revision),
        message=_submitted,
    ),
    Action.APPROVAL_RECORDED: Kind(
        "approval_recorded", "A reviewer approved; the topic's policy needs more approvals",
        recipients=_remaining_reviewers,
        message=_partly_approved,
    ),
    Action.REVIEW_ASSIGNED: Kind(
        "review_assigned", "A review was assigned to you", recipients=_assignee_of, message=_assigned,
    ),
    Action.REVIEW_RELEASED: Kind(
        "review_released", "Your claim on a review was released", recipients=_assignee_of, message=_released,
    ),
    Action.CHANGES_REQUESTED: Kind(
        "changes_requested", "A reviewer requested changes",
        recipients=lambda event: recipients.authors(event.revision),
        message=_reviewed(approved=False),
    ),
    Action.APPROVED: Kind(
        "approved", "A reviewer approved a revision",
        recipients=lambda event: recipients.authors(event.revision),
        message=_reviewed(approved=True),
    ),
    Action.PUBLISHED: Kind(
        "published", "An article was published", recipients=_authors_and_publishers, message=_published,
    ),
    Action.SCHEDULED: Kind(
        "scheduled", "An article was scheduled", recipients=_authors_and_publishers, message=_scheduled,
    ),
    Action.UNPUBLISHED: Kind(
        "unpublished", "An article was unpublished", recipients=_authors_and_publishers, message=_unpublished,
    ),
}


# Reminders -------------------------------------------------------------------


def _review_due_recipients(item):
    revision = item.article.live_revision
    return recipients.users(*recipients.eligible_reviewers(revision), *recipients.publishers())


def _review_due(*, overdue):
    def message(item):
        title = item.article.live_revision.title
        when = f"{timezone.localtime(item.due_at):%d %b %Y}"
        return Message(
            subject=f"Review {'overdue' if overdue else 'due ' + when}: “{title}”",
            headline=(
                f"“{title}” is overdue for medical review: it was due on {when}." if overdue
                else f"“{title}” falls due for medical review on {when}."
            ),
            paragraphs=(
                *item.reasons,
                f"Last reviewed on {timezone.localtime(item.last_reviewed_at):%d %b %Y}; reviewed every "
                f"{item.interval_days} days. A reviewer can re-certify it, or it can be edited and resubmitted.",
            ),
            link_path=reverse("admin:articles_article_review_due"),
            link_label="Open the review-due list",
        )

    return message


def _schedule_overdue(article):
    moment, what = (
        (article.go_live_at, "publication")
        if article.go_live_at and article.go_live_at <= timezone.now()
        else (article.unpublish_at, "unpublication")
    )
    return Message(
        subject=f"Overdue: the scheduled {what} of “{article.title}”",
        headline=f"The scheduled {what} of “{article.title}” was due on {_local(moment)} and has not happened.",
        paragraphs=("Check that the worker (“python manage.py worker”) is running; see docs/deploy.md.",),
        link_path=_article_path(article),
        link_label="Open the article in the admin",
    )


def _due_work_failed(failure):
    article = failure.article
    return Message(
        subject=f"Failed: {failure.get_kind_display().lower()} of “{article.title}”",
        headline=f"The {failure.get_kind_display().lower()} of “{article.title}” failed; the worker "
        f"retries it at {_local(failure.next_attempt_at)}.",
        note_label="Error",
        note=failure.error,
        link_path=_article_path(article),
        link_label="Open the article in the admin",
    )


def _credentials_expiring(profile):
    expires = f"{profile.credentials_expire_on:%d %b %Y}"
    return Message(
        subject=f"Reviewer credentials expire on {expires}: {profile.name}",
        headline=f"The verified credentials of {profile.name} ({profile.credentials}) expire on {expires}.",
        paragraphs=(
            "After that day they cannot approve or request changes until someone with the verify "
            "reviewer credentials permission checks the register and verifies the profile again.",
        ),
        link_path=reverse("admin:articles_reviewerprofile_change", args=[profile.pk]),
        link_label="Open the reviewer profile",
    )


#: Notifications the worker finds due, by name; ``reminders`` says when each is due and its period.
REMINDER_KINDS = {
    "review_due_soon": Kind(
        "review_due_soon", "A live page falls due for review soon",
        recipients=_review_due_recipients, message=_review_due(overdue=False),
    ),
    "review_overdue": Kind(
        "review_overdue", "A live page is overdue for review",
        recipients=_review_due_recipients, message=_review_due(overdue=True),
    ),
    "schedule_overdue": Kind(
        "schedule_overdue", "A scheduled publication or unpublication is overdue",
        recipients=lambda article: recipients.publishers(), message=_schedule_overdue,
    ),
    "due_work_failed": Kind(
        "due_work_failed", "A scheduled step failed",
        recipients=lambda failure: recipients.publishers(), message=_due_work_failed,
    ),
    "credentials_expiring": Kind(
        "credentials_expiring", "A reviewer's credentials expire soon",
        recipients=lambda profile: recipients.users(profile.user, profile.verified_by),
        message=_credentials_expiring,
    ),
}
