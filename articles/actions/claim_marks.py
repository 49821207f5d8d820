"""A reviewer flags a sentence the detector missed ("flag this sentence as …").

The mark becomes a ``ClaimFlag`` on the revision (``detector="reviewer"``),
resolved like any other flag, and a labelled example that
``manage.py export_claim_labels`` writes for the next training run.
"""

from django.db import transaction

from articles.actions.workflow import (
    TRANSITIONS,
    Action,
    _hint,
    _name,
    _require_reviewer,
    lock_revision,
    log_event,
)
from articles.claims import explanation_for, split_sentences
from articles.claims.categories import ClaimCategory
from articles.errors import InvalidInput, InvalidTransition
from articles.models import ClaimFlag
from articles.models.claims import describe_location
from articles.models.guards import workflow_transition


class InvalidClaimMark(InvalidInput):
    """The marked text or category does not exist in the revision."""


def _part_text(revision, part, section_index):
    content = revision.content()
    if part in (ClaimFlag.Field.SECTION, ClaimFlag.Field.SECTION_HEADING):
        sections = content["sections"]
        if section_index is None or not 0 <= section_index < len(sections):
            raise InvalidClaimMark(
                f"Revision {revision.number} has {len(sections)} sections: say which one (1 to {len(sections)})."
            )
        return sections[section_index]["body" if part == ClaimFlag.Field.SECTION else "heading"]
    if part not in ClaimFlag.Field.values:
        raise InvalidClaimMark(f"There is no part called “{part}” in a revision.")
    return content[part]


def flag_sentence(revision, *, by, part, start, end, category, section_index=None):
    """
    Flag ``part[start:end]`` of ``revision`` as a claim of ``category`` that the
    detector missed. Only an active medical reviewer who did not write the
    revision may, only while it is in review. Logged. Returns the ``ClaimFlag``.
    """
    try:
        category = ClaimCategory(category)
    except ValueError:
        raise InvalidClaimMark(
            f"“{category}” is not a claim category; choose one of: "
            + ", ".join(c.label.lower() for c in ClaimCategory) + "."
        ) from None
    if part not in (ClaimFlag.Field.SECTION, ClaimFlag.Field.SECTION_HEADING):
        section_index = None
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(revision)
        _require_reviewer(revision, by)
        from_state = revision.state
        if from_state not in TRANSITIONS[Action.CLAIM_MARKED][0]:
            raise InvalidTransition(
                f"Revision {revision.number} of “{revision.title}” is {from_state.label.lower()}: "
                "sentences can only be flagged while a revision is in review. " + _hint(from_state)
            )
        text = _part_text(revision, part, section_index)
        if not (0 <= start < end <= len(text)) or not text[start:end].strip():
            raise InvalidClaimMark("Select the words to flag: the selection is empty or outside the text.")
        sentence_start, sentence_end = next(
            ((s0, s1) for s0, s1 in split_sentences(text) if s0 <= start < s1), (start, end)
        )
        sentence_end = max(sentence_end, end)
        heading = (
            revision.content()["sections"][section_index]["heading"] if section_index is not None else ""
        )
        flag = ClaimFlag.objects.create(
            revision=revision,
            field=part,
            section_index=section_index,
            category=category.value,
            start=start,
            end=end,
            text=text[start:end],
            sentence=text[sentence_start:sentence_end],
            sentence_start=sentence_start,
            explanation=(
                f"Flagged by {_name(by)} as a possible {category.label.lower()} claim the detector missed. "
                + explanation_for(category.value)
            ),
            detector="reviewer",
        )
        log_event(
            locked,
            revision,
            Action.CLAIM_MARKED,
            by,
            from_state=from_state,
            details={
                "flag": flag.pk,
                "category": category.value,
                "text": flag.text,
                "location": describe_location(part, section_index, heading),
            },
        )
    return flag
