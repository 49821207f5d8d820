"""
A minimal admin: editors edit the working copy; revisions, decisions and the
log are read-only. The full editorial admin builds on this.
"""

from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from .admin_import import DraftImportAdminMixin
from .models import (
    Article,
    ArticleRevision,
    Disclaimer,
    ReviewDecision,
    ReviewerProfile,
    Section,
    Topic,
    WorkflowEvent,
)


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0


@admin.register(Article)
class ArticleAdmin(DraftImportAdminMixin, MarkdownxModelAdmin):
    list_display = ["title", "slug", "live_revision", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline]
    readonly_fields = ["live_revision", "scheduled_revision", "go_live_at"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(ReadOnlyAdmin):
    list_display = ["article", "number", "created_by", "created_at"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ["revision", "outcome", "decided_by", "decided_at"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "article", "revision", "actor", "action", "from_state", "to_state"]


admin.site.register(Topic)
admin.site.register(ReviewerProfile)
admin.site.register(Disclaimer)
