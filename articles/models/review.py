"""Who may review, what they decided, and the append-only workflow log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models.guards import AppendOnlyModel
from articles.models.querysets import AppendOnlyQuerySet


class RevisionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    WITHDRAWN = "withdrawn", "Withdrawn"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    LIVE = "live", "Live"
    UNPUBLISHED = "unpublished", "Unpublished"


#: The profile fields a verifier vouches for: changing any of them clears the verification.
#: The specialty is among them: a topic's review policy can require one.
CREDENTIAL_FIELDS = (
    "user", "display_name", "credentials", "credential_type", "licence_number", "issuing_body", "specialty",
)


class CredentialType(models.TextChoices):
    PHYSICIAN = "physician", "Physician (MD, DO, MBBS)"
    PHARMACIST = "pharmacist", "Pharmacist (PharmD, RPh)"
    NURSE = "nurse", "Nurse (RN, NP)"
    PHYSICIAN_ASSOCIATE = "physician_associate", "Physician associate (PA)"
    DIETITIAN = "dietitian", "Registered dietitian (RD)"
    PSYCHOLOGIST = "psychologist", "Psychologist (PhD, PsyD)"
    OTHER = "other", "Other licensed health professional"


class ReviewerProfile(models.Model):
    """
    A medical reviewer's public identity; credentials appear in the byline.

    The credentials are what someone typed in until a second person holding
    the "verify reviewer credentials" permission checks them against the
    issuing body's register (``articles.actions.verify_credentials``). Only a
    verified, unexpired, active profile may review (``policy.reviewer_profile``
    and the database guard).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile"
    )
    slug = models.SlugField(max_length=100, unique=True)
    display_name = models.CharField(
        max_length=150, blank=True, help_text="Name as printed in the byline; defaults to the user's full name."
    )
    credentials = models.CharField(max_length=100, help_text='For example "MD", "PharmD", "RN".')
    specialty = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    active = models.BooleanField(
        default=True, help_text="Only active reviewers may approve or request changes."
    )
    credential_type = models.CharField(max_length=30, choices=CredentialType.choices, blank=True)
    licence_number = models.CharField(
        "licence or registration number", max_length=100, blank=True,
        help_text="As it appears in the issuing body's public register.",
    )
    issuing_body = models.CharField(
        max_length=200, blank=True, help_text='For example "General Medical Council" or "State Board of Pharmacy".'
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    credentials_expire_on = models.DateField(
        null=True, blank=True, editable=False,
        help_text="Set at verification; after this day the reviewer must be verified again.",
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        constraints = [
            models.CheckConstraint(condition=~Q(credentials=""), name="reviewer_credentials_required"),
        ]
        permissions = [("verify_reviewerprofile", "Can verify reviewer credentials")]

    def __str__(self):
        return f"{self.name}, {self.credentials}"

    @property
    def name(self):
        return self.display_name or self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self):
        return reverse("articles:reviewer", kwargs={"slug": self.slug})

    @property
    def credentials_verified(self):
        """Verified by a second person and not expired (today, UTC)."""
        if self.verified_at is None:
            return False
        return self.credentials_expire_on is None or self.credentials_expire_on >= timezone.now().date()

    def credential_values(self):
        """The vouched-for fields as stored, for comparison and the credential log."""
        return {
            name: (self.user_id if name == "user" else getattr(self, name)) for name in CREDENTIAL_FIELDS
        }


class CredentialChange(AppendOnlyModel):
    """
    The append-only log of a reviewer profile's credentials: its creation,
    every change to a vouched-for field, and every verification, with who
    did it and the values before and after.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        CHANGED = "changed", "Changed (verification cleared)"
        VERIFIED = "verified", "Verified"

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.PROTECT, related_name="credential_changes")
    action = models.CharField(max_length=20, choices=Action.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.changed_by}: {self.get_action_display()} {self.profile}"


class ReviewDecision(AppendOnlyModel):
    """
    The one decision taken on a revision: approved, changes requested, or
    withdrawn by the writers. A revision has at most one (a one-to-one
    relation), and the decision records the content fingerprint it was taken
    on and the reviewer's name and credentials as they stood that day.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        WITHDRAWN = "withdrawn", "Withdrawn"

    revision = models.OneToOneField(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_decisions"
    )
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)
    reviewer_name = models.CharField(max_length=150, blank=True)
    reviewer_credentials = models.CharField(max_length=100, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="changes_requested") | ~Q(note=""),
                name="decision_changes_requested_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="approved") | ~Q(reviewer_credentials=""),
                name="decision_approval_has_credentials",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.revision}"


class ReviewApproval(AppendOnlyModel):
    """
    One reviewer's sign-off on a revision in review. A revision is approved
    (its ``ReviewDecision``) once its sign-offs meet the review policy frozen
    into it at submission (``ArticleRevision.required_approvals`` and
    ``required_specialties``): enough different reviewers, none of them an
    author, all on the same fingerprint, and a specialist where the policy
    names specialties. Each row keeps the reviewer's name, credentials and
    specialty as they stood that day, for the byline.
    """

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="approvals"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_approvals"
    )
    approved_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)
    reviewer_name = models.CharField(max_length=150)
    reviewer_credentials = models.CharField(max_length=100)
    reviewer_specialty = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "reviewer"], name="approval_one_per_reviewer"),
            models.CheckConstraint(condition=~Q(reviewer_credentials=""), name="approval_has_credentials"),
        ]

    def __str__(self):
        return f"Approved by {self.reviewer_name}, {self.reviewer_credentials}: {self.revision}"


class ReviewAssignment(models.Model):
    """
    Who is reviewing a revision in review now: a reviewer who claimed it, or
    one a publisher (or lead) assigned it to, with an optional due date. One
    row per revision, replaced on reassignment and deleted on release; the
    history is in the workflow log ("review claimed", "review assigned",
    "review released"). Written only by ``articles.actions.assignment``.
    """

    class Kind(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        ASSIGNED = "assigned", "Assigned"

    revision = models.OneToOneField(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="assignment"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["assignee"], name="assignment_assignee_idx")]

    def __str__(self):
        return f"{self.revision}: {self.get_kind_display().lower()} by {self.assignee}"

    def is_overdue(self, today=None):
        return self.due_on is not None and self.due_on < (today or timezone.now().date())


class WorkflowEvent(AppendOnlyModel):
    """One row per workflow transition. Never updated, never deleted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        WITHDRAWN = "withdrawn", "Withdrawn from review"
        SCHEDULED = "scheduled", "Scheduled"
        SCHEDULE_CANCELLED = "schedule_cancelled", "Schedule cancelled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"
        CLAIM_RESOLVED = "claim_resolved", "Flagged claim accepted"
        NOTE_ADDED = "note_added", "Review note added"
        CLAIM_REOPENED = "claim_reopened", "Carried-forward claim reopened"
        RECERTIFIED = "recertified", "Re-certified as still accurate"
        UNPUBLISH_SCHEDULED = "unpublish_scheduled", "Unpublication scheduled"
        UNPUBLISH_CANCELLED = "unpublish_cancelled", "Scheduled unpublication cancelled"
        CLAIM_MARKED = "claim_marked", "Sentence flagged by a reviewer"
        APPROVAL_RECORDED = "approval_recorded", "Approved (more approvals needed)"
        RECERTIFICATION_STARTED = "recertification_started", "Re-certification started"
        REVIEW_CLAIMED = "review_claimed", "Review claimed"
        REVIEW_ASSIGNED = "review_assigned", "Review assigned"
        REVIEW_RELEASED = "review_released", "Review released"

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="events")
    revision = models.ForeignKey(
        "articles.ArticleRevision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workflow_events"
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    from_state = models.CharField(max_length=20, choices=RevisionState.choices)
    to_state = models.CharField(max_length=20, choices=RevisionState.choices)
    note = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "-created_at"], name="event_article_time_idx"),
            # The worker's notification pass reads the recent events (articles.notifications.outbox).
            models.Index(fields=["created_at"], name="event_time_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor}: {self.get_action_display()}"

