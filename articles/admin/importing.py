"""
Importing plain-text drafts from the Article changelist.

A thin admin hook over the import action (``articles.actions.import_drafts``):
the upload gives the same per-draft outcomes, in the same words, as
``manage.py import_articles``, shown as admin messages. The action asks the
policy whether the user may import; the view asks too, to answer 403 before
reading any upload.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import policy
from articles.actions import import_drafts
from articles.importing.parser import MAX_DRAFT_BYTES, DraftParseError
from articles.importing.sources import DraftSource, stream_source
from articles.models import Topic

#: Files per upload. Each draft is imported in the request, so this bounds its length;
#: bigger batches belong to ``manage.py import_articles``.
MAX_UPLOAD_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; empty files are the importer's to report."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,text/plain"}))
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class WriterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        full_name = user.get_full_name()
        return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class DraftUploadForm(forms.Form):
    files = MultipleFileField(
        label="Draft files",
        help_text=(
            f"Plain-text (.txt, UTF-8) drafts, up to {MAX_UPLOAD_FILES} at once and "
            f"{MAX_DRAFT_BYTES // 1_000_000} MB each. Each becomes a draft article; nothing is submitted or published."
        ),
    )
    author = WriterChoiceField(
        queryset=get_user_model().objects.none(),
        help_text="Credited on drafts without an 'author:' line.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        help_text="Added to every draft, with the topics its 'topics:' line names.",
    )
    update = forms.BooleanField(
        label="Update drafts with the same slug",
        required=False,
        help_text="Replace the text of an existing draft instead of refusing. Live, scheduled and "
        "in-review articles are never changed.",
    )
    dry_run = forms.BooleanField(
        label="Check only",
        required=False,
        help_text="Report what would happen and import nothing.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = (
            get_user_model().objects.filter(groups__name=policy.WRITERS, is_active=True).order_by("username")
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_UPLOAD_FILES:
            raise forms.ValidationError(
                f"{len(files)} files chosen; upload at most {MAX_UPLOAD_FILES} at once, "
                "or use manage.py import_articles for a large batch."
            )
        return files


def _upload_source(upload) -> DraftSource:
    name = upload.name
    if not name.lower().endswith(".txt"):

        def refuse() -> bytes:
            raise DraftParseError(
                name,
                None,
                "only plain-text drafts (.txt files) can be imported",
                "Save the draft as plain text with the encoding UTF-8 and upload the .txt file.",
            )

        return DraftSource(name, refuse)
    return stream_source(name, upload, size=upload.size)


class DraftImportAdminMixin:
    """Adds ``import/`` (and an "Import drafts" button) to the Article admin."""

    import_template = "admin/articles/article/import_drafts.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_drafts_view), name="%s_%s_import" % info),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_drafts": policy.can(request.user, policy.IMPORT)}
        return super().changelist_view(request, extra_context=extra_context)

    def import_drafts_view(self, request):
        if not policy.can(request.user, policy.IMPORT):
            raise PermissionDenied
        if request.method == "POST":
            form = DraftUploadForm(request.POST, request.FILES)
            if form.is_valid():
                self._import_uploads(request, form.cleaned_data)
                return redirect(request.path)
        else:
            form = DraftUploadForm(initial={"author": request.user.pk})
        context = {
            **self.admin_site.each_context(request),
            "title": "Import drafts",
            "opts": self.opts,
            "form": form,
            "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        return TemplateResponse(request, self.import_template, context)

    def _import_uploads(self, request, options):
        outcomes = import_drafts(
            (_upload_source(upload) for upload in options["files"]),
            by=request.user,
            author=options["author"],
            topics=list(options["topics"]),
            update=options["update"],
            dry_run=options["dry_run"],
        )
        failed = 0
        for outcome in outcomes:
            if outcome.failed:
                failed += 1
                messages.error(request, outcome.describe())
                continue
            messages.success(request, outcome.describe())
            for warning in outcome.warnings:
                messages.warning(request, f"{outcome.source_name}: {warning}")
        total = len(options["files"])
        summary = f"{total - failed} of {total} draft{'' if total == 1 else 's'} "
        summary += "would be imported (check only: nothing was written)." if options["dry_run"] else "imported."
        if failed:
            summary += f" {failed} failed; nothing was written for those."
            messages.warning(request, summary)
        else:
            messages.info(request, summary)
