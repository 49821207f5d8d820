"""Admin lists that publishers read and nobody edits: records the system keeps."""

from articles import policy


class PublishersReadOnlyMixin:
    """Visible to those the policy lets publish; no one adds, changes or deletes a row here."""

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
