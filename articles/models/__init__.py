"""
Vetted's models. Import them from ``articles.models``.

content      the working copy editors change (Article, Section, Reference, Topic, Image)
revisions    immutable snapshots readers see (ArticleRevision)
review       reviewer profiles, sign-offs, review decisions and the append-only workflow log
disclaimers  safety disclaimers and when they apply
claims       risky claims flagged in a revision and their resolutions
notes        reviewers' notes on the sections of a revision in review
purges       cache purges a proxy has not acknowledged yet
search       the stored full-text vectors of live articles (PostgreSQL)
lifecycle    the background worker's heartbeat and the due work that failed
notifications  the email outbox, daily digests and each person's email preference
ledger       the hash chain over append-only rows and revisions, and integrity alerts
"""

from articles.models.claims import ClaimFlag, ClaimReopening, ClaimResolution
from articles.models.content import WORKFLOW_FIELDS, Article, Image, Reference, Section, Topic
from articles.models.disclaimers import Disclaimer, RevisionDisclaimer
from articles.models.guards import ProtectedWrite
from articles.models.ledger import IntegrityAlert, LedgerEntry, LedgerHead
from articles.models.lifecycle import DueWorkFailure, WorkerHeartbeat
from articles.models.notes import ReviewNote
from articles.models.notifications import (
    DeliveryMode,
    Notification,
    NotificationDigest,
    NotificationPreference,
    NotificationSource,
)
from articles.models.purges import PendingPurge
from articles.models.review import (
    CREDENTIAL_FIELDS,
    CredentialChange,
    CredentialType,
    ReviewApproval,
    ReviewAssignment,
    ReviewDecision,
    ReviewerProfile,
    RevisionState,
    WorkflowEvent,
)
from articles.models.revisions import ArticleRevision, ImmutableRevision, RevisionTopic, fingerprint
from articles.models.search import SearchEntry

__all__ = [
    "WORKFLOW_FIELDS",
    "Article",
    "CREDENTIAL_FIELDS",
    "ClaimFlag",
    "ClaimReopening",
    "CredentialChange",
    "CredentialType",
    "ClaimResolution",
    "DeliveryMode",
    "DueWorkFailure",
    "ArticleRevision",
    "Disclaimer",
    "Image",
    "Notification",
    "NotificationDigest",
    "NotificationPreference",
    "NotificationSource",
    "PendingPurge",
    "IntegrityAlert",
    "LedgerEntry",
    "LedgerHead",
    "ImmutableRevision",
    "ProtectedWrite",
    "Reference",
    "ReviewApproval",
    "ReviewAssignment",
    "ReviewDecision",
    "ReviewNote",
    "ReviewerProfile",
    "RevisionState",
    "RevisionTopic",
    "RevisionDisclaimer",
    "SearchEntry",
    "Section",
    "Topic",
    "WorkerHeartbeat",
    "WorkflowEvent",
    "fingerprint",
]
