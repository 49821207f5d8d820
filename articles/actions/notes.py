"""Reviewers' notes on the sections of a revision in review."""

from articles import policy as permissions
from articles.models import ReviewNote, RevisionState
from articles.actions.workflow import InvalidTransition, NoteRequired, NotPermitted


def add_review_note(revision, *, by, body, section_index=None):
    """
    Attach a note to one section of ``revision`` (``section_index``, 0-based)
    or, with no index, to the whole article. Only someone who may review the
    revision may, and only while it is in review: the notes are part of that
    review and the writers read them with the decision.
    """
    if not permissions.can_review(by, revision):
        raise NotPermitted(
            f"{by.get_username()} cannot add review notes to revision {revision.number} of "
            f"“{revision.title}”: only a medical reviewer who did not write it can."
        )
    if revision.state != RevisionState.IN_REVIEW:
        raise InvalidTransition(
            f"Revision {revision.number} of “{revision.title}” is "
            f"{revision.state.label.lower()}; notes can only be added while it is in review."
        )
    if section_index is not None and not 0 <= section_index < len(revision.sections):
        raise InvalidTransition(
            f"Revision {revision.number} has no section {section_index + 1}."
        )
    if not body or not body.strip():
        raise NoteRequired("Write the note before adding it.")
    return ReviewNote.objects.create(
        revision=revision, section_index=section_index, author=by, body=body.strip()
    )
