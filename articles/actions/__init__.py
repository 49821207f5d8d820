"""
The actions layer: the only code that writes domain rows.

Every action takes the acting user as ``by=``, asks the permission policy
(``articles.policy``), runs in one transaction and records what it did. A
refusal is an ``ActionError`` whose message says what is wrong and what to
do next. The admin, the public views, the management commands and the
worker call these functions and read through querysets; nothing else saves
a domain model.
"""

from articles.actions.assignment import (
    AlreadyAssigned,
    assign_review,
    claim_review,
    release_idle_claims,
    release_review,
)
from articles.actions.catalogue import save_reviewer_profile, save_topic, verify_credentials
from articles.actions.disclaimers import save_disclaimer
from articles.actions.editing import EditConflict, save_working_copy
from articles.actions.images import ImageRefused, check_image_upload, create_image
from articles.actions.importing import import_draft, import_drafts
from articles.actions.lifecycle import recertify, reopen_claim
from articles.actions.notes import add_review_note
from articles.actions.notifications import notification_preference, set_notification_preference
from articles.actions.scheduling import (
    cancel_scheduled_publish,
    cancel_scheduled_unpublish,
    publish_due,
    schedule_unpublish,
    unpublish_due,
)
from articles.actions.workflow import (
    approve,
    publish,
    request_changes,
    resolve_claim,
    resolve_claims,
    submit_for_review,
    unpublish,
    withdraw,
)
from articles.errors import (
    ActionError,
    AlreadyApproved,
    AlreadyInReview,
    AlreadyResolved,
    FingerprintMismatch,
    IncompleteArticle,
    InvalidInput,
    InvalidTransition,
    NoteRequired,
    NothingChanged,
    NothingToPublish,
    NotLive,
    NotPermitted,
    ReferenceRequired,
    ReviewPolicyNotMet,
    SelfReviewRefused,
    UnresolvedClaims,
)

__all__ = [
    "ActionError",
    "AlreadyApproved",
    "AlreadyAssigned",
    "AlreadyInReview",
    "AlreadyResolved",
    "EditConflict",
    "ImageRefused",
    "FingerprintMismatch",
    "IncompleteArticle",
    "InvalidInput",
    "InvalidTransition",
    "NoteRequired",
    "NothingChanged",
    "NothingToPublish",
    "NotLive",
    "NotPermitted",
    "ReferenceRequired",
    "ReviewPolicyNotMet",
    "SelfReviewRefused",
    "UnresolvedClaims",
    "add_review_note",
    "notification_preference",
    "set_notification_preference",
    "approve",
    "assign_review",
    "claim_review",
    "release_idle_claims",
    "release_review",
    "check_image_upload",
    "create_image",
    "import_draft",
    "import_drafts",
    "publish",
    "cancel_scheduled_publish",
    "cancel_scheduled_unpublish",
    "publish_due",
    "recertify",
    "reopen_claim",
    "schedule_unpublish",
    "unpublish_due",
    "request_changes",
    "resolve_claim",
    "resolve_claims",
    "save_disclaimer",
    "save_reviewer_profile",
    "save_topic",
    "save_working_copy",
    "submit_for_review",
    "unpublish",
    "verify_credentials",
    "withdraw",
]
