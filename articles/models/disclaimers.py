"""Safety disclaimers that published pages must carry."""

from django.db import models
from django.db.models import Q


class DisclaimerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def global_ones(self):
        return self.active().filter(applies_to_all=True)


class Disclaimer(models.Model):
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
