"""Risky claims found in a revision, and the reviewer's resolution of each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .guards import require_workflow_transition
from .querysets import AppendOnlyQuerySet


class ClaimFlagQuerySet(AppendOnlyQuerySet):
    def unresolved(self):
        return self.filter(resolution__isnull=True)


class ClaimFlag(models.Model):
    """
    One risky phrase the claim detector found in a submitted revision. Flags
    are written when the revision is created and never change.
    ``field`` names the part of the revision (``section`` with
    ``section_index`` for sections); ``start``/``end`` are offsets into that
    part's text.
    """

    class Field(models.TextChoices):
        TITLE = "title", "Title"
        SUMMARY = "summary", "Key takeaways"
        STANDFIRST = "standfirst", "Introduction"
        SECTION = "section", "Section"
        CONCLUSION = "conclusion", "Conclusion"

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="claim_flags"
    )
    field = models.CharField(max_length=20, choices=Field.choices)
    section_index = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=40)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    sentence = models.TextField()
    explanation = models.TextField()

    objects = ClaimFlagQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(field="section", section_index__isnull=False)
                | (~Q(field="section") & Q(section_index__isnull=True)),
                name="claimflag_section_index_iff_section",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claimflag_span"),
        ]

    def __str__(self):
        return f"{self.category}: {self.text}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Claim flags are append-only.")
        require_workflow_transition("Claim flags")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Claim flags are append-only.")


class ClaimResolution(models.Model):
    """A reviewer's judgement that a flagged claim is acceptable as written."""

    flag = models.OneToOneField(ClaimFlag, on_delete=models.PROTECT, related_name="resolution")
    reason = models.TextField()
    reference_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The number of the revision's reference that supports it."
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_resolutions"
    )
    resolved_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["resolved_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="claimresolution_reason_required"),
        ]

    def __str__(self):
        return f"Accepted: {self.flag}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Claim resolutions are append-only.")
        require_workflow_transition("Claim resolutions")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Claim resolutions are append-only.")
