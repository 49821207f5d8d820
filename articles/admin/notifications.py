"""
Workflow email in the admin: each person's own notification preference,
and the outbox (read-only, for publishers: what was sent, what waits for a
retry and why).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from articles import actions, policy
from articles.admin.read_only import PublishersReadOnlyMixin
from articles.models import Notification, NotificationPreference


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Everyone on the team sees and changes their own row only; the change goes through the action."""

    fields = ["mode"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def _on_team(self, request):
        return request.user.is_active and request.user.is_staff and policy.is_editorial(request.user)

    def has_module_permission(self, request):
        return self._on_team(request)

    def has_view_permission(self, request, obj=None):
        return self._on_team(request) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one row to see: the user's own."""
        if not self._on_team(request):
            raise PermissionDenied
        own = actions.notification_preference(request.user)
        return HttpResponseRedirect(reverse("admin:articles_notificationpreference_change", args=[own.pk]))

    def save_model(self, request, obj, form, change):
        try:
            actions.set_notification_preference(obj.user, by=request.user, mode=form.cleaned_data["mode"])
        except actions.ActionError as refusal:
            self.message_user(request, str(refusal), messages.ERROR)

    def response_change(self, request, obj):
        self.message_user(request, "Your email notifications are saved.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:index"))


@admin.register(Notification)
class NotificationAdmin(PublishersReadOnlyMixin, admin.ModelAdmin):
    """The outbox, read-only for publishers: what went out and what waits for a retry."""

    list_display = ["created_at", "kind", "subject", "address", "delivery", "status", "attempts", "last_error"]
    list_filter = ["status", "kind", "delivery"]
    search_fields = ["subject", "address"]
    readonly_fields = [
        "created_at", "kind", "key", "subject", "address", "delivery", "status", "attempts",
        "next_attempt_at", "sent_at", "last_error", "link", "body_text",
    ]
    fields = readonly_fields
