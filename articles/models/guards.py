"""
The workflow token: which writes count as workflow transitions.

Fields that decide what readers see (``Article.live_revision`` and the
schedule), review decisions and log entries may only be written inside
``articles.actions.workflow``. The model layer refuses such writes anywhere else so a
stray ``save()``, queryset ``update()`` or admin form cannot make them by
accident. This is a guard against mistakes, not the security boundary: the
database triggers (``articles.db.triggers``) enforce the invariants
themselves (approved revision, reviewer is not the author, append-only log),
whatever code runs.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from articles.models.ledger import ChainedModel

_in_transition = ContextVar("vetted_workflow_transition", default=False)


class ProtectedWrite(Exception):
    """A write that only ``articles.actions.workflow`` may make was attempted elsewhere."""


@contextmanager
def workflow_transition():
    token = _in_transition.set(True)
    try:
        yield
    finally:
        _in_transition.reset(token)


def in_workflow_transition():
    return _in_transition.get()


def require_workflow_transition(what):
    if not in_workflow_transition():
        raise ProtectedWrite(
            f"{what} can only be changed by the review workflow "
            "(articles.actions.workflow: submit_for_review, approve, request_changes, "
            "publish, unpublish)."
        )


class AppendOnlyModel(ChainedModel):
    """
    A record that is written once and never changed or removed: review
    decisions, the workflow log, claim flags and their resolutions. With
    ``written_by_workflow`` (the default) only ``articles.actions.workflow`` may
    write it. Database triggers refuse UPDATEs and DELETEs of these tables as
    well, and every row joins the ledger's hash chain (``ChainedModel``) in
    the transaction that inserts it, so a subclass is chained without doing
    anything.
    """

    written_by_workflow = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        what = self._meta.verbose_name_plural.capitalize()
        if not self._state.adding:
            raise TypeError(f"{what} are append-only.")
        if self.written_by_workflow:
            require_workflow_transition(what)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.verbose_name_plural.capitalize()} are append-only.")
