"""Failed cache purges, listed read-only for publishers; the worker retries them."""

from django.contrib import admin

from articles.admin.read_only import PublishersReadOnlyMixin
from articles.models import PendingPurge


@admin.register(PendingPurge)
class PendingPurgeAdmin(PublishersReadOnlyMixin, admin.ModelAdmin):
    list_display = ("method", "proxy", "path", "attempts", "last_error", "created_at", "last_tried_at")
    readonly_fields = list_display + ("headers",)
