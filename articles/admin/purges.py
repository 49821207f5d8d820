"""Failed cache purges, listed read-only for publishers; the worker retries them."""

from django.contrib import admin

from articles import policy
from articles.models import PendingPurge


@admin.register(PendingPurge)
class PendingPurgeAdmin(admin.ModelAdmin):
    list_display = ("method", "proxy", "path", "attempts", "last_error", "created_at", "last_tried_at")
    readonly_fields = list_display + ("headers",)

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, policy.PUBLISH)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
