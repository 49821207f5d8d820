"""Safety disclaimers that published pages must carry."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from articles.claims.categories import CATEGORY_LABELS
from articles.models.guards import AppendOnlyModel
from articles.models.querysets import AppendOnlyQuerySet

#: The fields a revision freezes; changing any of them makes a new version.
VERSIONED_FIELDS = ("title", "body", "placement", "severity")


class DisclaimerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def global_ones(self):
        return self.active().filter(applies_to_all=True)

    def update(self, **kwargs):
        """
        Refused for the frozen fields: ``save()`` must see the change so the
        version goes up and pages carrying the old text are found.
        """
        frozen = {"key", "version", *VERSIONED_FIELDS}.intersection(kwargs)
        if frozen:
            raise TypeError(
                f"Change a disclaimer's {', '.join(sorted(frozen))} one at a time with save() "
                "(articles.actions.save_disclaimer), so its version is recorded."
            )
        return super().update(**kwargs)

    update.queryset_only = True


class Disclaimer(models.Model):
    """
    A safety notice and the rules for when an article must carry it: always
    (``applies_to_all``), when the article is in one of ``topics``, or when its
    text has a flagged claim in one of ``claim_categories``. Revisions freeze a
    copy with its ``version``; changing the text makes a new version, and live
    pages keep the approved copy until a new revision is approved.
    """

    class Placement(models.TextChoices):
        TOP = "top", "Top of the page"
        BOTTOM = "bottom", "Bottom of the page"

    class Severity(models.TextChoices):
        INFO = "info", "Information"
        WARNING = "warning", "Warning"
        CRITICAL = "critical", "Safety-critical"

    key = models.SlugField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    placement = models.CharField(max_length=10, choices=Placement.choices, default=Placement.BOTTOM)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.INFO)
    active = models.BooleanField(default=True)
    applies_to_all = models.BooleanField(
        default=False, help_text="Carried by every article, whatever its topics or claims."
    )
    topics = models.ManyToManyField(
        "articles.Topic", blank=True, related_name="disclaimers",
        help_text="Carried by articles in any of these topics.",
    )
    claim_categories = models.JSONField(
        default=list, blank=True,
        help_text="Carried by articles whose text has a flagged claim in any of these categories.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        ordering = ["placement", "-severity", "key"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="disclaimer_body_required")]

    def __str__(self):
        return self.title

    def clean(self):
        if not isinstance(self.claim_categories, list):
            raise ValidationError({"claim_categories": "Give a list of claim categories, e.g. [\"dosage\"]."})
        unknown = sorted(set(self.claim_categories) - set(CATEGORY_LABELS))
        if unknown:
            raise ValidationError(
                {"claim_categories": f"Unknown claim categories: {', '.join(unknown)}. "
                                     f"Use any of: {', '.join(CATEGORY_LABELS)}."}
            )

    def save(self, *args, **kwargs):
        """
        Bump ``version`` when the frozen text changes. The key is the
        disclaimer's identity in every revision that froze it, so it never changes.
        """
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            stored = (
                type(self).objects.select_for_update()
                .filter(pk=self.pk)
                .values("key", "version", *VERSIONED_FIELDS)
                .first()
            )
            if stored is not None:
                if stored["key"] != self.key:
                    raise ValidationError(
                        {"key": "A disclaimer's key cannot change: revisions refer to it by key. "
                                "Create a new disclaimer and deactivate this one instead."}
                    )
                if any(stored[name] != getattr(self, name) for name in VERSIONED_FIELDS):
                    self.version = stored["version"] + 1
                    if kwargs.get("update_fields") is not None:
                        kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
                else:
                    self.version = stored["version"]
            super().save(*args, **kwargs)

    def snapshot(self):
        """The copy frozen into a revision."""
        return {
            "key": self.key,
            "title": self.title,
            "body": self.body,
            "placement": self.placement,
            "severity": self.severity,
            "version": self.version,
        }


class RevisionDisclaimer(AppendOnlyModel):
    """
    Which version of which disclaimer a revision froze. It duplicates
    ``ArticleRevision.disclaimers`` as a relation only so publishers can
    query for live pages whose disclaimers have since changed; pages display
    the JSON copy. Written with the revision, never changed.
    """

    revision = models.ForeignKey(
        "articles.ArticleRevision", on_delete=models.PROTECT, related_name="disclaimer_index"
    )
    disclaimer = models.ForeignKey(Disclaimer, on_delete=models.PROTECT, related_name="frozen_copies")
    version = models.PositiveIntegerField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "disclaimer"], name="revision_disclaimer_unique"
            ),
        ]

    def __str__(self):
        return f"{self.disclaimer.key} v{self.version} in {self.revision}"

