"""The editors' working copy: topics, articles, sections, references, images."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import DEFERRED, Q
from django.db.models.functions import Lower
from django.urls import reverse
from markdownx.models import MarkdownxField

from articles.models.guards import in_workflow_transition, require_workflow_transition
from articles.models.image_files import validate_image_upload
from articles.models.querysets import ArticleQuerySet, TopicQuerySet
from articles.models.validators import refuse_bidi_controls

#: Fields of ``Article`` that decide what readers see. Only the workflow writes them.
WORKFLOW_FIELDS = frozenset(
    {
        "live_revision",
        "live_revision_id",
        "scheduled_revision",
        "scheduled_revision_id",
        "go_live_at",
        "scheduled_by",
        "scheduled_by_id",
        "first_published_at",
        "last_published_at",
        "unpublish_at",
        "unpublish_reason",
        "unpublish_scheduled_by",
        "unpublish_scheduled_by_id",
    }
)


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    mention_terms = models.TextField(
        blank=True,
        help_text=(
            "Words or phrases, one per line. An article whose text mentions any of them "
            "carries this topic's disclaimers even if nobody tagged it with the topic."
        ),
    )

    review_interval_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Live articles in this topic fall due for re-review this many days after their "
            "last review. Leave empty for the site default."
        ),
    )
    required_approvals = models.PositiveSmallIntegerField(
        default=1,
        help_text=(
            "How many different medical reviewers must approve an article in this topic. "
            "An article in several topics needs the most any of them asks for."
        ),
    )
    required_specialties = models.TextField(
        blank=True,
        help_text=(
            "Specialties, one per line. When given, at least one approving reviewer's specialty "
            "must contain one of them (for example pharmacology or toxicology), and the review "
            "queue offers matching reviewers first."
        ),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(required_approvals__gte=1), name="topic_required_approvals_positive"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})

    @property
    def specialty_terms(self):
        """``required_specialties`` as lower-case terms, in order, without blanks or repeats."""
        terms = (line.strip().lower() for line in self.required_specialties.splitlines())
        return list(dict.fromkeys(term for term in terms if term))

    @property
    def mention_pattern(self):
        """A compiled pattern matching any of ``mention_terms`` as whole words, or None."""
        terms = [term.strip() for term in self.mention_terms.splitlines() if term.strip()]
        if not terms:
            return None
        alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


class Image(models.Model):
    """
    An uploaded picture. The file never changes once stored: revisions point
    at images, so replacing the pixels would change an approved page.
    """

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        validators=[refuse_bidi_controls],
        max_length=300,
        help_text="Describe the picture for people who cannot see it. Required.",
    )
    caption = models.CharField(max_length=300, blank=True, validators=[refuse_bidi_controls])
    credit = models.CharField(max_length=200, blank=True, validators=[refuse_bidi_controls])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required")]

    def __str__(self):
        return self.alt_text

    def clean(self):
        """
        A new picture must be a real, undamaged JPEG, PNG or WebP within the
        size limits (``articles.models.image_files.validate_image_upload``), with alt text.
        """
        super().clean()
        errors = {}
        if not (self.alt_text or "").strip():
            errors["alt_text"] = "Describe the picture for people who cannot see it: alt text is required."
        if self._state.adding and not self.file:
            errors["file"] = "Choose a picture to upload."
        elif self._state.adding and getattr(self, "_validated_file", None) is not self.file.file:
            try:
                validate_image_upload(self.file)
            except ValidationError as error:
                errors["file"] = error.messages
            else:
                self._validated_file = self.file.file
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self._state.adding:
            # The same checks as an upload form, whatever code saves the row.
            self.clean()
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).first()
            if stored is not None and stored != self.file.name:
                raise ValidationError(
                    "An image's file cannot be replaced once uploaded; upload a new image instead."
                )
        super().save(*args, **kwargs)


class Article(models.Model):
    """
    The working copy editors change. Readers never see it: they see
    ``live_revision``, an immutable approved snapshot.
    """

    title = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(blank=True, help_text="Key takeaways, shown in a box at the top.", validators=[refuse_bidi_controls])
    standfirst = models.TextField(blank=True, help_text="The introduction under the title.", validators=[refuse_bidi_controls])
    conclusion = MarkdownxField(blank=True, validators=[refuse_bidi_controls])
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="authored_articles"
    )
    hero_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.PROTECT, related_name="hero_of"
    )
    extra_disclaimers = models.ManyToManyField(
        "articles.Disclaimer",
        blank=True,
        related_name="+",
        help_text="Disclaimers added on top of the ones the rules require.",
    )
    change_summary = models.TextField(
        validators=[refuse_bidi_controls],
        blank=True,
        help_text=(
            "For readers: what changed in this version, e.g. “Added advice on interactions "
            "with SSRIs.” Shown in the public update history once reviewed and published."
        ),
    )

    class UpdateKind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    update_kind = models.CharField(
        max_length=20,
        choices=UpdateKind.choices,
        default=UpdateKind.UPDATE,
        help_text=(
            "A correction fixes an error readers may have relied on: it is shown prominently at "
            "the top of the page and in the feed."
        ),
    )

    live_revision = models.ForeignKey(
        "articles.ArticleRevision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    scheduled_revision = models.ForeignKey(
        "articles.ArticleRevision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    go_live_at = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    unpublish_at = models.DateTimeField(null=True, blank=True, editable=False)
    unpublish_reason = models.TextField(blank=True, editable=False)
    unpublish_scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    pending_editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        editable=False,
        related_name="+",
        help_text=(
            "People who changed the working copy since it was last submitted. "
            "They count as authors of the next revision, so none of them may review it."
        ),
    )
    edit_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Incremented on every save of the working copy; detects concurrent edits.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who saved the working copy last; named in edit-conflict messages.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        permissions = [
            ("submit_article", "Can submit an article for medical review"),
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scheduled_revision__isnull=True, go_live_at__isnull=True)
                    | Q(scheduled_revision__isnull=False, go_live_at__isnull=False)
                ),
                name="article_schedule_complete",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | ~Q(unpublish_reason=""),
                name="article_expiry_has_reason",
            ),
        ]
        indexes = [
            # The readers' lists, newest first (home, topics, reviewers, feed), read it in order.
            models.Index(
                fields=["-last_published_at", "-id"],
                condition=Q(live_revision__isnull=False),
                name="live_newest_first_idx",
            ),
            # The editors' duplicate-title badge compares titles ignoring case.
            models.Index(Lower("title"), name="article_lower_title_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return self.live_revision_id is not None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_workflow_state = instance._workflow_state()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_workflow_state = self._workflow_state()

    def _workflow_state(self):
        # Read __dict__ rather than getattr so deferred fields are not fetched.
        return {name: self.__dict__.get(name, DEFERRED) for name in WORKFLOW_COLUMNS}

    def save(self, *args, **kwargs):
        """
        Save the working copy. Outside the workflow, the fields that decide
        what readers see are refused if the caller changed them, and are left
        out of the UPDATE otherwise, so a form loaded before a publication
        cannot write a stale pointer back.
        """
        if not in_workflow_transition():
            loaded = getattr(self, "_loaded_workflow_state", None)
            if loaded is None:
                loaded = {
                    name: self._meta.get_field(name.removesuffix("_id")).get_default()
                    for name in WORKFLOW_COLUMNS
                }
            if self._workflow_state() != loaded:
                require_workflow_transition("What readers see (live revision, schedule)")
            if not self._state.adding:
                update_fields = kwargs.get("update_fields")
                if update_fields is None:
                    update_fields = [
                        field.name
                        for field in self._meta.concrete_fields
                        if not field.primary_key and field.name not in WORKFLOW_FIELDS
                    ]
                kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        self._loaded_workflow_state = self._workflow_state()


WORKFLOW_COLUMNS = (
    "live_revision_id",
    "scheduled_revision_id",
    "go_live_at",
    "scheduled_by_id",
    "first_published_at",
    "last_published_at",
    "unpublish_at",
    "unpublish_reason",
    "unpublish_scheduled_by_id",
)


class Section(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    body = MarkdownxField(validators=[refuse_bidi_controls])

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="section_position_unique"),
        ]

    def __str__(self):
        return self.heading


class Reference(models.Model):
    """A source cited by the article; cite it in the text as ``[ref:N]``."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=500, validators=[refuse_bidi_controls])
    url = models.URLField(max_length=500, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True, validators=[refuse_bidi_controls])
    pmid = models.CharField("PMID", max_length=20, blank=True, validators=[refuse_bidi_controls])

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="reference_position_unique"),
            models.CheckConstraint(
                condition=~Q(url="", doi="", pmid=""),
                name="reference_has_locator",
                violation_error_message="Give each reference a URL, a DOI or a PMID so readers can find it.",
            ),
        ]

    def __str__(self):
        return self.title
