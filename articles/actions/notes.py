"""Reviewers' notes on the sections of a revision in review."""

from django.db import transaction

from articles import policy
from articles.actions.workflow import Action, lock_revision, log_event
from articles.errors import InvalidTransition, NoteRequired
from articles.models import ReviewNote, RevisionState
from articles.models.guards import workflow_transition


def add_review_note(revision, *, by, body, section_index=None):
    """
    Attach a note to one section of ``revision`` (``section_index``, 0-based)
    or, with no index, to the whole article. Only someone who may review the
    revision may, and only while it is in review: the notes are part of that
    review and the writers read them with the decision.
    """
    policy.require(by, policy.REVIEW, revision)
    if not body or not body.strip():
        raise NoteRequired("Write the note before adding it.")
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(revision)
        if revision.state != RevisionState.IN_REVIEW:
            raise InvalidTransition(
                f"Revision {revision.number} of “{revision.title}” is "
                f"{revision.state.label.lower()}; notes can only be added while it is in review."
            )
        if section_index is not None and not 0 <= section_index < len(revision.sections):
            raise InvalidTransition(f"Revision {revision.number} has no section {section_index + 1}.")
        note = ReviewNote.objects.create(
            revision=revision, section_index=section_index, author=by, body=body.strip()
        )
        log_event(
            locked, revision, Action.NOTE_ADDED, by, note=body, from_state=RevisionState.IN_REVIEW,
            details={"note": note.pk, "section_index": section_index},
        )
    return note
