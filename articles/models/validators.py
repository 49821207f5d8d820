"""Validators shared by the fields writers fill in."""

from django.core.exceptions import ValidationError

from articles.claims.normalise import find_bidi_control

BIDI_HINT = (
    "It makes the text display in a different order from the one it is stored in, so readers "
    "and reviewers could see different words. Delete it (retype the words around it) and save again."
)


def bidi_refusal(what, control):
    """The sentence that refuses ``control`` (a ``BidiControl``) in ``what`` ("The title")."""
    return f"{what} contains {control.describe()}. {BIDI_HINT}"


def refuse_bidi_controls(value):
    """Refuse right-to-left overrides, embeddings and isolates (``articles.claims.normalise.BIDI_CONTROLS``)."""
    control = find_bidi_control(value) if isinstance(value, str) else None
    if control is not None:
        raise ValidationError(bidi_refusal("This text", control), code="bidi_control")
