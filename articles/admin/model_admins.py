"""
The editorial admin. Writers edit the working copy; medical reviewers work
the review queue; publishers publish, schedule and unpublish.

The admin holds no rule of its own. Every workflow step calls
``articles.actions.workflow`` (which checks roles and transitions again, whatever
the admin showed), saving goes through ``articles.actions.editing`` (optimistic
concurrency, safe renumbering), and buttons are shown by asking
``articles.policy``. Revisions, decisions and the log are read-only.
The review queue, review page, previews and comparisons are in
``articles.admin.views``.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles import actions, policy
from articles.actions import create_image, editing
from articles.admin import bulk
from articles.admin import views as admin_views
from articles.admin.filters import (
    AuthorFilter,
    DuplicateTitleFilter,
    EditorialStateFilter,
    LiveFilter,
    MineFilter,
    ReviewDueFilter,
    RevisionStateFilter,
)
from articles.admin.forms import (
    ArticleForm,
    ImageUploadForm,
    OrderedInlineFormSet,
    RecertifyForm,
    ReferenceForm,
    ScheduleForm,
    ScheduleUnpublishForm,
    SectionForm,
    UnpublishForm,
    submitted_content,
)
from articles.admin.importing import DraftImportAdminMixin
from articles.admin.review_due import review_due_urls
from articles.claims import ClaimCategory
from articles.domain import claim_flags, diffing, disclaimers
from articles.domain.status import article_status
from articles.models import (
    Article,
    ArticleRevision,
    Disclaimer,
    Image,
    IntegrityAlert,
    Reference,
    ReviewDecision,
    ReviewerProfile,
    RevisionState,
    Section,
    Topic,
    WorkflowEvent,
)

admin.site.site_header = "Vetted editorial"
admin.site.site_title = "Vetted editorial"
admin.site.index_title = "Editorial desk"


class PolicyAdminMixin:
    """
    The admin asks the permission policy, not Django's backend, so a
    superuser sees and changes only what their roles allow, exactly as the
    actions will.
    """

    def _policy_allows(self, request, action):
        codename = get_permission_codename(action, self.opts)
        return policy.has(request.user, f"{self.opts.app_label}.{codename}")

    def has_view_permission(self, request, obj=None):
        return self._policy_allows(request, "view") or self._policy_allows(request, "change")

    def has_add_permission(self, request, *args):
        return self._policy_allows(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._policy_allows(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._policy_allows(request, "delete")

    def has_module_permission(self, request):
        return self.has_view_permission(request)



class SavedByActionMixin:
    """
    ``save_model`` waits; ``save_related`` hands the form's instance and its
    many-to-many choices to ``save_action``, so one action writes the row.
    """

    save_action = None

    def save_model(self, request, obj, form, change):
        """Nothing yet: ``save_related`` saves through the action."""

    def save_related(self, request, form, formsets, change):
        relations = {
            field.name: form.cleaned_data[field.name]
            for field in form.instance._meta.many_to_many
            if field.name in form.cleaned_data
        }
        self.save_action(form.instance, by=request.user, **relations)


class ReadOnlyWithoutOrderMixin:
    """On a read-only page the rows are already in order: no empty "Order" box."""

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [field for field in fields if field != "order"]


class SectionInline(ReadOnlyWithoutOrderMixin, PolicyAdminMixin, admin.StackedInline):
    model = Section
    form = SectionForm
    formset = OrderedInlineFormSet
    classes = ["vetted-ordered"]
    ordering = ["position"]
    max_num = editing.MAX_ROWS["sections"]

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


class ReferenceInline(ReadOnlyWithoutOrderMixin, PolicyAdminMixin, admin.TabularInline):
    model = Reference
    form = ReferenceForm
    formset = OrderedInlineFormSet
    classes = ["vetted-ordered"]
    ordering = ["position"]
    max_num = editing.MAX_ROWS["references"]
    extra = 0
    readonly_fields = ["citation"]
    verbose_name_plural = "references (cite as [ref:N]; reordering renumbers them)"

    @admin.display(description="Cite as")
    def citation(self, reference):
        return f"[ref:{reference.position}]" if reference.pk else "—"


@admin.register(Article)
class ArticleAdmin(DraftImportAdminMixin, PolicyAdminMixin, admin.ModelAdmin):
    form = ArticleForm
    inlines = [SectionInline, ReferenceInline]
    change_form_template = "admin/articles/article/change_form.html"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics", "authors", "extra_disclaimers"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "standfirst"]}),
        (
            "Conclusion",
            {"fields": ["conclusion"], "description": "Shown after the sections."},
        ),
        ("Topics, people and picture", {"fields": ["topics", "authors", "hero_image", "extra_disclaimers"]}),
        (
            "For readers: what changed",
            {
                "fields": ["update_kind", "change_summary"],
                "description": "Shown in the public update history once this version is reviewed and published.",
            },
        ),
    ]

    list_display = [
        "title_column",
        "state",
        "live_column",
        "topic_list",
        "author_list",
        "reviewed_on",
        "updated_at",
    ]
    list_filter = [
        EditorialStateFilter,
        MineFilter,
        LiveFilter,
        ReviewDueFilter,
        DuplicateTitleFilter,
        "topics",
        AuthorFilter,
    ]
    list_select_related = ["live_revision", "live_revision__decision"]
    search_fields = [
        "title",
        "slug",
        "summary",
        "standfirst",
        "conclusion",
        "sections__heading",
        "sections__body",
    ]
    actions = [
        "submit_selected",
        "publish_selected",
        "schedule_selected",
        "unpublish_selected",
        "recertify_selected",
    ]

    class Media:
        css = {"all": ["admin/vetted/css/editorial.css"]}
        js = ["admin/vetted/js/ordered_inlines.js"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_editorial_state()
            .with_duplicate_title()
            # A subquery, not an aggregate over every revision: grouping by every column of
            # every article (and counting the pages through that grouping) took 2.5 s and
            # 0.9 s per count at 10,000 articles.
            .annotate(
                approved_on=Subquery(
                    ReviewDecision.objects.filter(
                        revision__article=OuterRef("pk"), outcome=ReviewDecision.Outcome.APPROVED
                    )
                    .order_by("-decided_at")
                    .values("decided_at")[:1]
                )
            )
            .prefetch_related("topics", "authors")
        )

    # Changelist columns ---------------------------------------------------

    @admin.display(description="Title", ordering="title")
    def title_column(self, article):
        """The title; when another article has the same one, a badge and the slug tell them apart."""
        if not article.has_duplicate_title:
            return article.title
        return format_html(
            '{} <span class="vetted-badge vetted-duplicate-title" title="{}">Duplicate title</span>'
            ' <span class="vetted-slug">{}</span>',
            article.title,
            "Another article has the same title. Rename one so editors and readers can tell them apart.",
            article.slug,
        )

    @admin.display(description="State", ordering="editorial_state")
    def state(self, article):
        state = RevisionState(article.editorial_state)
        return format_html('<span class="vetted-state vetted-state-{}">{}</span>', state.value, state.label)

    @admin.display(description="Live revision", ordering="live_revision__number")
    def live_column(self, article):
        return f"Revision {article.live_revision.number}" if article.live_revision_id else "—"

    @admin.display(description="Topics")
    def topic_list(self, article):
        return ", ".join(topic.name for topic in article.topics.all())

    @admin.display(description="Authors")
    def author_list(self, article):
        return ", ".join(user.get_full_name() or user.get_username() for user in article.authors.all())

    @admin.display(description="Approved on", ordering="approved_on")
    def reviewed_on(self, article):
        """When its latest approved revision was approved, live yet or not."""
        if article.approved_on is None:
            return "—"
        return timezone.localtime(article.approved_on).date()

    # Read-only pages -------------------------------------------------------

    @admin.display(description="Authors")
    def author_names(self, article):
        return self.author_list(article)

    def get_fieldsets(self, request, obj=None):
        """On a read-only page, authors by name (as everywhere else), not by username."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": ["author_names" if f == "authors" else f for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            fields.append("author_names")
        return fields

    def view_on_site(self, article):
        """The public page of a live article; the preview of one that is not on the site."""
        if article.live_revision_id:
            return article.live_revision.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[article.pk])

    # The change form -------------------------------------------------------

    def get_inlines(self, request, obj):
        """
        Without the rows of an article past ``editing.MAX_ROWS`` (it can only
        have been written outside the application): ten thousand section
        editors would take minutes to render and could not be saved anyway
        (``DATA_UPLOAD_MAX_NUMBER_FIELDS``). The other fields stay editable;
        ``render_change_form`` says why the rows are missing.
        """
        inlines = list(super().get_inlines(request, obj))
        if obj is None or obj.pk is None:
            return inlines
        over = editing.rows_over_limit(obj)
        return [inline for inline in inlines if inline.model._meta.model_name + "s" not in over]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("authors", [request.user.pk])
        return initial

    def save_model(self, request, obj, form, change):
        """Nothing yet: ``save_related`` saves the article with its sections and references in one action."""

    def save_related(self, request, form, formsets, change):
        rows = {formset.fk.remote_field.get_accessor_name(): formset.ordered_rows() for formset in formsets}
        sections, deleted_sections = rows.get("sections", (None, []))
        references, deleted_references = rows.get("references", (None, []))
        actions.save_working_copy(
            form.instance,
            by=request.user,
            expected_version=form.cleaned_data.get("loaded_version") if change else None,
            topics=form.cleaned_data["topics"],
            authors=form.cleaned_data["authors"],
            extra_disclaimers=form.cleaned_data["extra_disclaimers"],
            sections=sections,
            references=references,
            deleted=[*deleted_sections, *deleted_references],
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        user = request.user
        context.update(
            can_submit=policy.can(user, policy.SUBMIT),
            can_withdraw=policy.can(user, policy.WITHDRAW),
            can_publish=policy.can(user, policy.PUBLISH),
            can_preview=policy.can(user, policy.PREVIEW),
            can_recertify=obj is not None
            and obj.live_revision_id is not None
            and policy.can_review(user, obj.live_revision),
            review_interval_days=settings.VETTED_REVIEW_INTERVAL_DAYS,
            site_time_zone=timezone.get_current_timezone_name(),
        )
        over = editing.rows_over_limit(obj) if obj is not None else {}
        for related_name, count in over.items():
            self.message_user(
                request,
                f"This article has {count:,} {related_name}, more than the {editing.MAX_ROWS[related_name]} "
                f"an article may have, so its {related_name} are not shown here and cannot be edited in this "
                "form (the other fields can). Split it into several articles, for example by importing "
                "each part as a draft. Claims are checked when it is submitted.",
                messages.WARNING,
            )
        if obj is not None:
            found = [] if over else claim_flags.scan_working_copy(obj)
            context.update(
                status=article_status(obj),
                flagged_sentences=claim_flags.by_sentence(found),
                flagged_claim_count=len(found),
                applied_disclaimers=disclaimers.explain_disclaimers(
                    obj, claim_categories=claim_flags.categories_of(found)
                ),
                schedule_form=ScheduleForm(),
                unpublish_form=UnpublishForm(),
                schedule_unpublish_form=ScheduleUnpublishForm(),
                recertify_form=RecertifyForm(),
            )
        form = context["adminform"].form
        if obj is not None and form.edit_conflict is not None:
            formsets = [inline.formset for inline in context["inline_admin_formsets"]]
            context.update(
                edit_conflict=form.edit_conflict,
                conflict_diff=diffing.diff_content(
                    editing.saved_content(obj), submitted_content(form, formsets)
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit_for_review" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit_for_review" in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    def _submit_after_save(self, request, article):
        """"Save and submit for review": the save stands even if submission is refused."""
        try:
            revision = actions.submit_for_review(
                article, by=request.user, note=request.POST.get("submission_note", "")
            )
        except actions.ActionError as refusal:
            self.message_user(request, f"Saved, but not submitted: {refusal}", messages.ERROR)
            return HttpResponseRedirect(_change_url(article))
        self.message_user(
            request,
            f"Saved and submitted: revision {revision.number} of “{revision.title}” is in the review queue.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist") + "?mine=1")

    # Workflow buttons on the change form -------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/withdraw/",
                wrap(self.withdraw_view),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/workflow/publish/",
                wrap(self.publish_view),
                name="articles_article_publish",
            ),
            path(
                "<path:object_id>/workflow/schedule/",
                wrap(self.schedule_view),
                name="articles_article_schedule",
            ),
            path(
                "<path:object_id>/workflow/unpublish/",
                wrap(self.unpublish_view),
                name="articles_article_unpublish",
            ),
            path(
                "<path:object_id>/workflow/schedule-unpublish/",
                wrap(self.schedule_unpublish_view),
                name="articles_article_schedule_unpublish",
            ),
            path(
                "<path:object_id>/workflow/cancel-schedule/",
                wrap(self.cancel_schedule_view),
                name="articles_article_cancel_schedule",
            ),
            path(
                "<path:object_id>/workflow/cancel-unpublish/",
                wrap(self.cancel_unpublish_view),
                name="articles_article_cancel_unpublish",
            ),
            path(
                "<path:object_id>/workflow/recertify/",
                wrap(self.recertify_view),
                name="articles_article_recertify",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/compare/",
                wrap(self.compare_view),
                name="articles_article_compare",
            ),
            *review_due_urls(self),
        ] + super().get_urls()

    def _article_or_403(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    @staticmethod
    def _refuse_unless(allowed):
        if not allowed:
            raise PermissionDenied

    def _run(self, request, article, step, success):
        try:
            result = step()
        except actions.ActionError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.message_user(request, success(result), messages.SUCCESS)
        return HttpResponseRedirect(_change_url(article))

    @staticmethod
    def _latest_in_review(article):
        revision = article.revisions.in_review().first()
        if revision is None:
            raise actions.InvalidTransition(f"“{article.title}” has no revision in review.")
        return revision

    @method_decorator(require_POST)
    def withdraw_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.WITHDRAW))
        return self._run(
            request,
            article,
            lambda: actions.withdraw(
                self._latest_in_review(article), by=request.user, note=request.POST.get("note", "")
            ),
            lambda revision: f"Revision {revision.number} was withdrawn from review; keep editing.",
        )

    @method_decorator(require_POST)
    def publish_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        return self._run(
            request,
            article,
            lambda: actions.publish(article, by=request.user),
            lambda revision: f"Revision {revision.number} of “{revision.title}” is live.",
        )

    @method_decorator(require_POST)
    def schedule_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("go_live_at", []):
                self.message_user(request, f"Not scheduled: {error}", messages.ERROR)
            return HttpResponseRedirect(_change_url(article))
        when = form.cleaned_data["go_live_at"]
        return self._run(
            request,
            article,
            lambda: actions.publish(article, by=request.user, at=when),
            lambda revision: f"Revision {revision.number} of “{revision.title}” will go live at {_local(when)}.",
        )

    @method_decorator(require_POST)
    def unpublish_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        return self._run(
            request,
            article,
            lambda: actions.unpublish(article, by=request.user, reason=request.POST.get("reason", "")),
            lambda _none: f"“{article.title}” was taken off the site. Its history is kept.",
        )

    @method_decorator(require_POST)
    def schedule_unpublish_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        form = ScheduleUnpublishForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, f"Not scheduled: {error}", messages.ERROR)
            return HttpResponseRedirect(_change_url(article))
        when = form.cleaned_data["unpublish_at"]
        return self._run(
            request,
            article,
            lambda: actions.unpublish(
                article, by=request.user, reason=form.cleaned_data["unpublish_reason"], at=when
            ),
            lambda _article: f"“{article.title}” will be taken off the site at {_local(when)}.",
        )

    @method_decorator(require_POST)
    def cancel_schedule_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        return self._run(
            request,
            article,
            lambda: actions.cancel_scheduled_publish(article, by=request.user),
            lambda _article: f"The scheduled publication of “{article.title}” was cancelled.",
        )

    @method_decorator(require_POST)
    def cancel_unpublish_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PUBLISH))
        return self._run(
            request,
            article,
            lambda: actions.cancel_scheduled_unpublish(article, by=request.user),
            lambda _article: f"“{article.title}” stays on the site: its scheduled unpublication was cancelled.",
        )

    @method_decorator(require_POST)
    def recertify_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.reviewer_profile(request.user) is not None)
        return self._run(
            request,
            article,
            lambda: actions.recertify(article, by=request.user, note=request.POST.get("note", "")),
            lambda revision: _recertified_message(article, revision),
        )

    def preview_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        self._refuse_unless(policy.can(request.user, policy.PREVIEW))
        return admin_views.working_copy_preview(request, article)

    def compare_view(self, request, object_id):
        article = self._article_or_403(request, object_id)
        return admin_views.compare(request, self, article)

    def history_view(self, request, object_id, extra_context=None):
        """The article's workflow log, newest first, with links to each revision."""
        article = self._article_or_403(request, object_id)
        return admin_views.history(request, self, article)

    # Bulk actions: each loops over the workflow and reports per article -----

    def has_submit_permission(self, request):
        return policy.can(request.user, policy.SUBMIT)

    def has_publish_permission(self, request):
        return policy.can(request.user, policy.PUBLISH)

    def has_recertify_permission(self, request):
        return policy.reviewer_profile(request.user) is not None

    @admin.action(description="Submit selected articles for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._for_each(
            request,
            queryset,
            lambda article: actions.submit_for_review(article, by=request.user),
            lambda article, revision: f"“{article.title}”: revision {revision.number} submitted for review.",
        )

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if "apply" not in request.POST:
            response = self._bulk_form(request, queryset, None, "publish_selected", "Publish")
            response.context_data["plan"] = bulk.publish_plan(response.context_data["articles"])
            return response
        self._for_each(
            request,
            queryset,
            lambda article: actions.publish(article, by=request.user),
            lambda article, revision: f"“{article.title}”: revision {revision.number} is live.",
        )

    @admin.action(description="Schedule selected articles…", permissions=["publish"])
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._bulk_form(request, queryset, form, "schedule_selected", "Schedule")
        when = form.cleaned_data["go_live_at"]
        self._for_each(
            request,
            queryset,
            lambda article: actions.publish(article, by=request.user, at=when),
            lambda article, revision: (
                f"“{article.title}”: revision {revision.number} will go live at {_local(when)}."
            ),
        )

    @admin.action(description="Unpublish selected articles…", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        form = UnpublishForm(request.POST if "apply" in request.POST else None)
        if "apply" not in request.POST:
            return self._bulk_form(request, queryset, form, "unpublish_selected", "Unpublish")
        reason = request.POST.get("reason", "")
        self._for_each(
            request,
            queryset,
            lambda article: actions.unpublish(article, by=request.user, reason=reason),
            lambda article, _none: f"“{article.title}” was taken off the site.",
        )

    @admin.action(
        description="Re-certify selected live articles as still accurate", permissions=["recertify"]
    )
    def recertify_selected(self, request, queryset):
        """Each article is re-certified (and logged) on its own; refusals are reported per article."""
        self._for_each(
            request,
            queryset,
            lambda article: actions.recertify(article, by=request.user),
            _recertified_message,
        )

    def _for_each(self, request, queryset, step, success):
        for article in queryset.order_by("title", "pk"):
            try:
                result = step(article)
            except actions.ActionError as refusal:
                self.message_user(request, f"“{article.title}”: not done. {refusal}", messages.ERROR)
            else:
                self.message_user(request, success(article, result), messages.SUCCESS)

    def _bulk_form(self, request, queryset, form, action, verb):
        return TemplateResponse(
            request,
            "admin/articles/article/bulk_action.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{verb} {queryset.count()} article(s)",
                "opts": self.opts,
                "form": form,
                "articles": queryset.order_by("title", "pk"),
                "action": action,
                "verb": verb,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


def _recertified_message(article, revision):
    live = Article.objects.filter(pk=article.pk, live_revision=revision).exists()
    return (
        f"“{article.title}”: re-certified as still accurate (revision {revision.number}"
        + (", now live)." if live else ", waiting for a publisher).")
    )


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _local(when):
    return timezone.localtime(when).strftime("%d %b %Y, %H:%M %Z")


class ReadOnlyAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Records only the workflow writes: visible to the team, changeable by nobody."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdmin):
    """Revisions are read on their review page; the changelist finds them."""

    list_display = ["title", "number", "revision_state", "created_by", "created_at", "flags"]
    list_filter = [RevisionStateFilter]
    list_select_related = ["article", "created_by", "decision"]
    search_fields = ["title", "article__title"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_flag_counts()

    @admin.display(description="State")
    def revision_state(self, revision):
        return revision.state.label

    @admin.display(description="Flagged claims", ordering="flag_count")
    def flags(self, revision):
        return f"{revision.unresolved_flag_count} open / {revision.flag_count}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("queue/", wrap(self.queue_view), name="articles_articlerevision_queue"),
            path(
                "<path:object_id>/review/",
                wrap(self.review_view),
                name="articles_articlerevision_review",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="articles_articlerevision_preview",
            ),
            path(
                "<path:object_id>/assignment/",
                wrap(require_POST(self.assignment_view)),
                name="articles_articlerevision_assignment",
            ),
        ] + super().get_urls()

    def _revision_or_403(self, request, object_id):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self._revision_or_403(request, object_id)
        return HttpResponseRedirect(
            reverse("admin:articles_articlerevision_review", args=[revision.pk])
        )

    def queue_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return admin_views.review_queue(request, self)

    def review_view(self, request, object_id):
        revision = self._revision_or_403(request, object_id)
        return admin_views.review(request, self, revision)

    def assignment_view(self, request, object_id):
        revision = self._revision_or_403(request, object_id)
        return admin_views.assignment(request, self, revision)

    def preview_view(self, request, object_id):
        revision = self._revision_or_403(request, object_id)
        if not policy.can(request.user, policy.PREVIEW):
            raise PermissionDenied
        return admin_views.revision_preview(request, revision)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ["revision", "outcome", "reviewer_name", "reviewer_credentials", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["revision"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article", "revision", "actor", "action", "from_state", "to_state"]
    list_filter = ["action"]
    list_select_related = ["article", "revision", "actor"]


@admin.register(IntegrityAlert)
class IntegrityAlertAdmin(ReadOnlyAdmin):
    """Revisions public pages withheld because they failed the integrity check (articles.domain.integrity)."""

    list_display = ["created_at", "revision", "problems"]
    list_select_related = ["revision"]


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(SavedByActionMixin, PolicyAdminMixin, admin.ModelAdmin):
    """
    Publishers enter the profile; a second person holding the verify
    reviewer credentials permission checks it against the register and
    verifies it (the button on the change form, or the bulk action).
    """

    save_action = staticmethod(actions.save_reviewer_profile)
    list_display = ["name", "credentials", "specialty", "active", "verification"]
    list_filter = ["active"]
    list_select_related = ["user", "verified_by"]
    search_fields = ["display_name", "user__first_name", "user__last_name", "credentials"]
    prepopulated_fields = {"slug": ["display_name"]}
    readonly_fields = ["verification", "credential_history"]
    actions = ["verify_selected"]

    @admin.display(description="Verification")
    def verification(self, profile):
        if profile.pk is None or profile.verified_at is None:
            return "Not verified: cannot review until someone else verifies these credentials."
        verifier = profile.verified_by.get_full_name() or profile.verified_by.get_username()
        expiry = f"{profile.credentials_expire_on:%d %b %Y}" if profile.credentials_expire_on else "never"
        if not profile.credentials_verified:
            return f"Expired on {expiry} (verified by {verifier}): cannot review until verified again."
        return f"Verified by {verifier} on {_local(profile.verified_at)}; expires {expiry}."

    @admin.display(description="Credential log")
    def credential_history(self, profile):
        if profile.pk is None:
            return "-"
        rows = profile.credential_changes.select_related("changed_by")[:20]
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {} by {} {}</li>",
                (
                    (_local(row.changed_at), row.get_action_display(), row.changed_by.get_username(),
                     ", ".join(f"{k}: {row.old_values.get(k, '')!s} → {v!s}" for k, v in row.new_values.items()
                               if row.action == "changed"))
                    for row in rows
                ),
            ),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and policy.has(request.user, policy.VERIFY_CREDENTIALS):
            context["verify_url"] = reverse("admin:articles_reviewerprofile_verify", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name="articles_reviewerprofile_verify",
            ),
        ] + super().get_urls()

    @method_decorator(require_POST)
    def verify_view(self, request, object_id):
        profile = self.get_object(request, unquote(object_id))
        if profile is None or not policy.has(request.user, policy.VERIFY_CREDENTIALS):
            raise PermissionDenied
        self._verify(request, profile)
        return HttpResponseRedirect(reverse("admin:articles_reviewerprofile_change", args=[profile.pk]))

    def has_verify_permission(self, request):
        return policy.has(request.user, policy.VERIFY_CREDENTIALS)

    @admin.action(description="Verify the credentials of the selected reviewers", permissions=["verify"])
    def verify_selected(self, request, queryset):
        for profile in queryset.select_related("user"):
            self._verify(request, profile)

    def _verify(self, request, profile):
        try:
            actions.verify_credentials(profile, by=request.user)
        except actions.ActionError as refusal:
            self.message_user(request, f"{profile.name}: not verified. {refusal}", messages.ERROR)
        else:
            self.message_user(
                request,
                f"{profile.name}'s credentials are verified until {profile.credentials_expire_on:%d %b %Y}.",
                messages.SUCCESS,
            )


@admin.register(Topic)
class TopicAdmin(SavedByActionMixin, PolicyAdminMixin, admin.ModelAdmin):
    save_action = staticmethod(actions.save_topic)
    list_display = ["name", "slug", "review_interval_days"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Disclaimer)
class DisclaimerAdmin(SavedByActionMixin, PolicyAdminMixin, admin.ModelAdmin):
    """Publishers manage disclaimers; a change to the text makes a new version."""

    list_display = ["title", "key", "placement", "severity", "applies_to_all", "active", "version"]
    list_filter = ["active", "placement", "severity", "applies_to_all"]
    filter_horizontal = ["topics"]

    def get_readonly_fields(self, request, obj=None):
        # The key is how revisions name the disclaimer they froze; it never changes.
        return ["key", "version"] if obj is not None else ["version"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "claim_categories":
            # A checkbox per category instead of a JSON list typed by hand.
            return forms.MultipleChoiceField(
                choices=ClaimCategory.choices(), required=False, widget=forms.CheckboxSelectMultiple,
                label="Claim categories", help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    save_action = staticmethod(actions.save_disclaimer)


@admin.register(Image)
class ImageAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["alt_text", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]

    def get_readonly_fields(self, request, obj=None):
        # The file of a stored image never changes (revisions point at it).
        return ["file"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ImageUploadForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        # A new picture is stored by the action (a clean copy under a name the
        # site chooses); the admin's log entry and redirect then point at it.
        data = form.cleaned_data
        return create_image(
            by=request.user, file=data["file"], alt_text=data["alt_text"],
            caption=data.get("caption", ""), credit=data.get("credit", ""),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if change:  # an Image has no related rows; a new one was saved whole by the action
            super().save_related(request, form, formsets, change)
