"""
The one family of refusals every action raises.

Each message says what is wrong and what to do next, in words an editor can
act on; admin views, commands and the worker show it as it is.
"""


class ActionError(Exception):
    """Base class of every refusal by an action."""


class NotPermitted(ActionError):
    """The permission policy does not allow this user to take this step."""


class SelfReviewRefused(NotPermitted):
    """A reviewer tried to review a revision they wrote."""


class InvalidTransition(ActionError):
    """The revision or article is not in a state this step can start from."""


class AlreadyInReview(InvalidTransition):
    pass


class NothingToPublish(InvalidTransition):
    pass


class AlreadyApproved(InvalidTransition):
    """The reviewer already signed off this revision; another reviewer must."""


class ReviewPolicyNotMet(ActionError):
    """A revision's approvals do not meet its topic's review policy; it is not published."""


class NotLive(InvalidTransition):
    pass


class AlreadyResolved(InvalidTransition):
    pass


class NothingChanged(ActionError):
    """The working copy is identical to a revision that was already reviewed."""


class IncompleteArticle(ActionError):
    """The working copy lacks something every published article needs."""


class NoteRequired(ActionError):
    pass


class FingerprintMismatch(ActionError):
    """A stored revision no longer matches its fingerprint; nothing is published."""


class UnresolvedClaims(ActionError):
    """Approval was refused because flagged claims have not been accepted; ``flags`` lists them."""

    def __init__(self, message, flags):
        super().__init__(message)
        self.flags = flags


class ReferenceRequired(ActionError):
    """A claim that needs evidence was accepted without citing one of the revision's references."""


class InvalidInput(ActionError):
    """The data handed to an action cannot be stored as it is (a bad file, a malformed draft)."""
