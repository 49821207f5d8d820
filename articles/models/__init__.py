"""
Vetted's models. Import them from ``articles.models``.

content      the working copy editors change (Article, Section, Reference, Topic, Image)
revisions    immutable snapshots readers see (ArticleRevision)
review       reviewer profiles, review decisions and the append-only workflow log
disclaimers  safety disclaimers and when they apply
claims       risky claims flagged in a revision and their resolutions
"""

from .claims import ClaimFlag, ClaimResolution
from .content import WORKFLOW_FIELDS, Article, Image, Reference, Section, Topic
from .disclaimers import Disclaimer, RevisionDisclaimer
from .guards import ProtectedWrite
from .review import ReviewDecision, ReviewerProfile, RevisionState, WorkflowEvent
from .revisions import ArticleRevision, ImmutableRevision, RevisionTopic, fingerprint

__all__ = [
    "WORKFLOW_FIELDS",
    "Article",
    "ClaimFlag",
    "ClaimResolution",
    "ArticleRevision",
    "Disclaimer",
    "Image",
    "ImmutableRevision",
    "ProtectedWrite",
    "Reference",
    "ReviewDecision",
    "ReviewerProfile",
    "RevisionState",
    "RevisionTopic",
    "RevisionDisclaimer",
    "Section",
    "Topic",
    "WorkflowEvent",
    "fingerprint",
]
