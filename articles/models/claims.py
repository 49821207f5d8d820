"""Risky claims found in a revision, and the reviewer's resolution of each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.claims.categories import CATEGORY_LABELS, ClaimCategory
from articles.models.guards import AppendOnlyModel
from articles.models.querysets import AppendOnlyQuerySet

#: Categories a reviewer may accept as written only by citing one of the
#: revision's references (health-content standards §7.5: efficacy and
#: mechanism claims need evidence). The workflow and a database trigger
#: both enforce it.
REFERENCE_REQUIRED_CATEGORIES = frozenset({ClaimCategory.EFFICACY_OVERSTATEMENT, ClaimCategory.MECHANISM})

#: Fields whose flags also carry ``section_index``.
SECTION_FIELDS = ("section", "section_heading")


def describe_location(field, section_index, heading=""):
    """Where a flagged claim sits, as a person would say it: "Title", "Section 2 “Dosage”"."""
    if field == "section":
        return f"Section {section_index + 1} “{heading}”" if heading else f"Section {section_index + 1}"
    if field == "section_heading":
        return f"Heading of section {section_index + 1}"
    return ClaimFlag.Field(field).label


class ClaimFlagQuerySet(AppendOnlyQuerySet):
    def unresolved(self):
        """Flags nobody accepted in this revision and that carry no acceptance (or it was reopened)."""
        return self.filter(resolution__isnull=True).filter(
            Q(carried_from__isnull=True) | Q(reopening__isnull=False)
        )

    def accepted(self):
        return self.exclude(pk__in=self.unresolved().values("pk"))

    def with_resolution(self):
        """Flags in document order with their resolution (own or carried) and resolver joined in."""
        return self.select_related(
            "resolution__resolved_by",
            "carried_from__resolved_by",
            "carried_from__flag__revision",
            "reopening__reopened_by",
        ).order_by("pk")


class ClaimFlag(AppendOnlyModel):
    """
    One risky phrase the claim detector found in a submitted revision. Flags
    are written when the revision is created and never change.
    ``field`` names the part of the revision (``section`` for a section's
    body and ``section_heading`` for its heading, both with ``section_index``,
    the 0-based index into ``revision.sections``); ``start``/``end`` are
    offsets into that part's text, and ``sentence_start`` is where
    ``sentence`` begins in it.
    """

    class Field(models.TextChoices):
        TITLE = "title", "Title"
        SUMMARY = "summary", "Key takeaways"
        STANDFIRST = "standfirst", "Introduction"
        SECTION = "section", "Section"
        CONCLUSION = "conclusion", "Conclusion"
        SECTION_HEADING = "section_heading", "Section heading"

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="claim_flags"
    )
    field = models.CharField(max_length=20, choices=Field.choices)
    section_index = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=40, choices=ClaimCategory.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    sentence = models.TextField()
    sentence_start = models.PositiveIntegerField(default=0)
    explanation = models.TextField()
    carried_from = models.ForeignKey(
        "articles.ClaimResolution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        help_text=(
            "The acceptance of the identical sentence (same words flagged, same category) in "
            "an earlier revision of the article. The flag arrives accepted unless a reviewer reopens it."
        ),
    )
    detector = models.CharField(
        max_length=10,
        choices=[("rules", "Rules"), ("model", "Learned detector"), ("reviewer", "Marked by a reviewer")],
        default="rules",
        help_text="What raised the flag: a rule, the learned detector alone, or a reviewer.",
    )

    objects = ClaimFlagQuerySet.as_manager()

    class Meta:
        ordering = ["revision", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(field__in=SECTION_FIELDS, section_index__isnull=False)
                | (~Q(field__in=SECTION_FIELDS) & Q(section_index__isnull=True)),
                name="claimflag_section_index_iff_section",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="claimflag_span"),
        ]

    def __str__(self):
        return f"{self.category}: {self.text}"

    @property
    def category_label(self):
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def location(self):
        heading = ""
        if self.section_index is not None:
            sections = self.revision.sections
            if self.section_index < len(sections):
                heading = sections[self.section_index]["heading"]
        return describe_location(self.field, self.section_index, heading)

    def part_text(self):
        """The text of the part of the revision the offsets index into."""
        if self.field == self.Field.SECTION:
            return self.revision.sections[self.section_index]["body"]
        if self.field == self.Field.SECTION_HEADING:
            return self.revision.sections[self.section_index]["heading"]
        return getattr(self.revision, self.field)

    @property
    def needs_reference(self):
        """Accepting it as written requires citing one of the revision's references."""
        return self.category in REFERENCE_REQUIRED_CATEGORIES

    @property
    def is_reopened(self):
        return hasattr(self, "reopening")

    @property
    def is_carried(self):
        """Accepted because the identical claim was accepted in an earlier revision, and not reopened."""
        return self.carried_from_id is not None and not self.is_reopened

    @property
    def is_resolved(self):
        return hasattr(self, "resolution") or self.is_carried

    @property
    def acceptance(self):
        """The ``ClaimResolution`` that accepts this flag: its own, or the carried one; else None."""
        if hasattr(self, "resolution"):
            return self.resolution
        return self.carried_from if self.is_carried else None

    @property
    def carried_label(self):
        """“accepted in revision N by NAME: reason” for a carried acceptance."""
        earlier = self.carried_from
        if earlier is None:
            return ""
        who = earlier.resolved_by.get_full_name() or earlier.resolved_by.get_username()
        return f"accepted in revision {earlier.flag.revision.number} by {who}: {earlier.reason.rstrip('.')}"

    def sentence_parts(self):
        """The sentence split around the flagged words: (before, flagged, after)."""
        offset = self.start - self.sentence_start
        length = self.end - self.start
        return (
            self.sentence[:offset],
            self.sentence[offset : offset + length],
            self.sentence[offset + length :],
        )



class ClaimResolution(AppendOnlyModel):
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



class ClaimReopening(AppendOnlyModel):
    """
    A reviewer's decision not to rely on a carried-forward acceptance: the
    flag needs a fresh decision (``resolve_claim``) or a request for changes.
    """

    flag = models.OneToOneField(ClaimFlag, on_delete=models.PROTECT, related_name="reopening")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    def __str__(self):
        return f"Reopened: {self.flag}"
