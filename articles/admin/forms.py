"""
Forms of the editorial admin. They parse input and hand it to the services
(``articles.actions``);
the rules themselves live there.
"""

import math

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from markdownx.widgets import AdminMarkdownxWidget

from articles import actions
from articles.actions import ImageRefused, check_image_upload, editing
from articles.domain.rendering import MarkdownTooComplex, check_markdown_bounds
from articles.errors import NotPermitted
from articles.models import Article, Image, Reference, Section


class EditorWidget(AdminMarkdownxWidget):
    """
    django-markdownx's editor with live preview. The preview is rendered on
    the server by the same sanitising renderer as the public page. Our own
    script drives it (markdownx's does not attach to inline rows added after
    page load).
    """

    class Media:
        extend = False
        css = {"all": ["markdownx/admin/css/markdownx.css", "admin/vetted/css/editorial.css"]}
        js = ["admin/vetted/js/markdown_preview.js"]


class AuthorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


def _within_markdown_bounds(value, what):
    """The renderer's size and nesting limits, as a form error next to the field."""
    try:
        check_markdown_bounds(value, what=what)
    except MarkdownTooComplex as refusal:
        raise ValidationError(str(refusal), code="markdown_bounds") from None
    return value


class ArticleForm(forms.ModelForm):
    """The working copy. ``loaded_version`` carries the ``edit_version`` the editor loaded."""

    def clean_update_kind(self):
        return self.cleaned_data.get("update_kind") or self.instance.update_kind or Article.UpdateKind.UPDATE

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    authors = AuthorChoiceField(
        queryset=get_user_model().objects.filter(is_active=True, is_staff=True).order_by(
            "last_name", "first_name", "username"
        ),
        required=False,
        help_text="Listed in the byline. Authors can never review the article.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "standfirst",
            "conclusion",
            "topics",
            "authors",
            "hero_image",
            "extra_disclaimers",
            "update_kind",
            "change_summary",
        ]
        widgets = {
            "summary": EditorWidget,
            "standfirst": EditorWidget,
            "conclusion": EditorWidget,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None
        if "update_kind" in self.fields:
            # Most versions are plain updates; a form that leaves it out keeps the saved kind.
            self.fields["update_kind"].required = False
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version

    def clean_summary(self):
        return _within_markdown_bounds(self.cleaned_data["summary"], "The summary")

    def clean_standfirst(self):
        return _within_markdown_bounds(self.cleaned_data["standfirst"], "The introduction")

    def clean_conclusion(self):
        return _within_markdown_bounds(self.cleaned_data["conclusion"], "The conclusion")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        expected = cleaned.get("loaded_version")
        if expected is None:
            raise ValidationError(
                "This form is missing the version it was loaded at; reload the page and edit again.",
                code="edit_version_missing",
            )
        try:
            editing.check_edit_version(self.instance, expected_version=expected)
        except actions.EditConflict as conflict:
            self.edit_conflict = conflict
            # Re-render with the current version, so saving again is a choice
            # made after seeing the other change, not a repeat of this refusal.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = conflict.current_version
            raise ValidationError(str(conflict), code="edit_conflict") from conflict
        return cleaned


class _OrderedForm(forms.ModelForm):
    """An inline row with an ``order`` box instead of the stored position."""

    order = forms.IntegerField(
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"class": "vetted-order"}),
        help_text="Rows are numbered in this order when saved.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["order"].initial = self.instance.position


class SectionForm(_OrderedForm):
    class Meta:
        model = Section
        fields = ["order", "heading", "body"]
        widgets = {"body": EditorWidget}

    def clean_body(self):
        return _within_markdown_bounds(self.cleaned_data["body"], "The section text")


class ReferenceForm(_OrderedForm):
    url = forms.URLField(label="URL", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Reference
        fields = ["order", "title", "url", "doi", "pmid"]


class OrderedInlineFormSet(BaseInlineFormSet):
    """
    Sections or references in the order the editor chose. The formset does
    not save: ``ordered_rows`` hands the rows to ``save_working_copy``, which
    numbers them 1..n together with the article in one action. Blank order
    boxes keep the rows' order on the page after the numbered ones.
    """

    default_error_messages = {
        "too_many_forms": "An article can have at most %(num)d of these. Split it into several articles.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The action refuses more rows than editing.MAX_ROWS; say so next to the rows.
        self.validate_max = True

    def ordered_rows(self):
        """(rows in their new order, rows to delete), recording the changes for the admin's history."""
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        kept = []
        for index, form in enumerate(self.forms):
            if form.instance.pk is None and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                if form.instance.pk is not None:
                    self.deleted_objects.append(form.instance)
                continue
            order = form.cleaned_data.get("order")
            kept.append((math.inf if order is None else order, index, form))
        ordered = []
        for _order, _index, form in sorted(kept, key=lambda item: item[:2]):
            obj = form.save(commit=False)
            if obj.pk is None:
                self.new_objects.append(obj)
            elif form.has_changed():
                self.changed_objects.append((obj, form.changed_data))
            ordered.append(obj)
        return ordered, self.deleted_objects

    def save(self, commit=True):
        raise NotImplementedError("Sections and references are saved by articles.actions.save_working_copy.")


class NoteForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, strip=True)


class ReviewNoteForm(forms.Form):
    section_index = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), strip=True)


def _in_site_time(label):
    return f"{label} ({timezone.get_current_timezone_name()} time)"


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label="Go live at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["go_live_at"].label = _in_site_time("Go live at")
        self.fields["go_live_at"].help_text = (
            f"In the site's time zone, {timezone.get_current_timezone_name()}."
        )

    def clean_go_live_at(self):
        when = self.cleaned_data["go_live_at"]
        if when <= timezone.now():
            raise ValidationError(
                "Choose a time in the future, or use “Publish now”.", code="in_the_past"
            )
        return when


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Required. Kept in the article's history.",
    )


class ScheduleUnpublishForm(forms.Form):
    """An expiry: when the page comes off the site, and why (kept in its history)."""

    unpublish_at = forms.DateTimeField(
        label="Unpublish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    unpublish_reason = forms.CharField(
        label="Reason (required)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the article's history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unpublish_at"].label = _in_site_time("Unpublish at")
        self.fields["unpublish_at"].help_text = (
            f"In the site's time zone, {timezone.get_current_timezone_name()}."
        )

    def clean_unpublish_at(self):
        when = self.cleaned_data["unpublish_at"]
        if when <= timezone.now():
            raise ValidationError("Choose a time in the future, or unpublish now.", code="in_the_past")
        return when


class RecertifyForm(forms.Form):
    note = forms.CharField(
        label="What you checked (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompareForm(forms.Form):
    """Two revisions of one article to compare (``old`` may be "new article")."""

    old = forms.TypedChoiceField(coerce=int, label="From")
    new = forms.TypedChoiceField(coerce=int, label="To")

    def __init__(self, *args, revisions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(revision.pk, f"Revision {revision.number}") for revision in revisions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class ClaimResolutionForm(forms.Form):
    """A reviewer's "acceptable as written" for one flagged sentence (every flag on its card)."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), strip=True)
    reference_number = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, revision, needs_reference=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reference_number"]
        field.choices = [("", "Choose the reference that supports it" if needs_reference else "No supporting reference")] + [
            (reference["number"], f"[{reference['number']}] {reference['title']}")
            for reference in revision.references
        ]
        if needs_reference:
            # The browser asks before sending; the action refuses (and says why) if it is missing.
            field.widget.attrs["required"] = True


def submitted_content(article_form, formsets):
    """
    What the editor typed, in revision-content form, read from the bound
    forms whether or not they validated: after an edit conflict it is
    compared with the stored working copy so the editor sees both versions.
    Lists the form does not edit (disclaimers) are left out of the comparison.
    """
    from articles.models import Topic

    def raw(form, name):
        return (form[name].value() or "") if name in form.fields else ""

    content = {
        name: str(raw(article_form, name)).strip()
        for name in ("title", "slug", "summary", "standfirst", "conclusion")
    }
    topic_ids = [pk for pk in (article_form["topics"].value() or []) if str(pk).isdigit()]
    content["topics"] = [
        {"slug": topic.slug, "name": topic.name}
        for topic in Topic.objects.filter(pk__in=topic_ids).order_by("name")
    ]
    author_ids = [pk for pk in (article_form["authors"].value() or []) if str(pk).isdigit()]
    content["authors"] = [
        {"id": user.pk, "name": user.get_full_name() or user.get_username()}
        for user in get_user_model()
        .objects.filter(pk__in=author_ids)
        .order_by("last_name", "first_name", "username")
    ]
    content["sections"] = [
        {"heading": str(raw(form, "heading")).strip(), "body": str(raw(form, "body"))}
        for form in _kept_rows(formsets, Section)
    ]
    content["references"] = [
        {
            "number": number,
            "title": str(raw(form, "title")),
            "url": str(raw(form, "url")),
            "doi": str(raw(form, "doi")),
            "pmid": str(raw(form, "pmid")),
        }
        for number, form in enumerate(_kept_rows(formsets, Reference), start=1)
    ]
    return content


def _kept_rows(formsets, model):
    rows = []
    for formset in formsets:
        if formset.model is not model:
            continue
        for index, form in enumerate(formset.forms):
            if form.instance.pk is None and not form.has_changed():
                continue
            if formset.can_delete and form["DELETE"].value():
                continue
            try:
                order = int(form["order"].value())
            except (TypeError, ValueError):
                order = math.inf
            rows.append((order, index, form))
    return [form for _order, _index, form in sorted(rows, key=lambda row: row[:2])]


class ImageUploadForm(forms.ModelForm):
    """
    The Image add form. The ``create_image`` action's own checks decide
    whether the file is acceptable, so the form shows exactly the refusal the
    action would raise, next to the field at fault. ``user`` is set by the admin.
    """

    user = None
    # A plain file field: Django's ImageField would answer first with its own message.
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]

    def _post_clean(self):
        # After a refusal the model's checks would only repeat it less precisely.
        if not self.errors:
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        file = cleaned.get("file")
        if file is None or self.errors:
            return cleaned
        try:
            check_image_upload(by=self.user, file=file, alt_text=cleaned.get("alt_text", ""))
        except ImageRefused as refusal:
            self.add_error(refusal.field, str(refusal))
        except NotPermitted as refusal:
            raise ValidationError(str(refusal)) from None
        else:
            # Checked above; the model need not decode the upload once more.
            self.instance._validated_file = file
        return cleaned


class ReviewerChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, matching=(), **kwargs):
        self.matching = set(matching)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, profile):
        label = f"{profile.name}, {profile.credentials}"
        if profile.specialty:
            label += f" ({profile.specialty})"
        return label + (" · matches this topic's specialty" if profile.pk in self.matching else "")


class AssignReviewForm(forms.Form):
    """Assign a revision's review: the reviewers who may review it, those the topic's specialty asks for first."""

    reviewer = ReviewerChoiceField(queryset=None, empty_label="Choose a reviewer")
    due_on = forms.DateField(
        required=False, label="Due on", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The queue lists overdue reviews first.",
    )

    def __init__(self, *args, revision, **kwargs):
        from articles.domain.review_policy import reviewer_candidates
        from articles.models import ReviewerProfile

        super().__init__(*args, **kwargs)
        candidates = reviewer_candidates(revision)
        order = [profile.pk for profile, _matches in candidates]
        field = self.fields["reviewer"]
        field.queryset = ReviewerProfile.objects.filter(pk__in=order).select_related("user")
        field.matching = {profile.pk for profile, matches in candidates if matches}
        field.choices = [("", field.empty_label)] + [
            (profile.pk, field.label_from_instance(profile)) for profile, _matches in candidates
        ]
