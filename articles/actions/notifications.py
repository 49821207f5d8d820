"""Each person's choice of workflow email: immediately, a daily digest, or none."""

from django.db import transaction

from articles.errors import InvalidInput, NotPermitted
from articles.models import DeliveryMode, NotificationPreference


def notification_preference(user):
    """The user's preference row, created (immediate email) on first use."""
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    return preference


def set_notification_preference(user, *, by, mode):
    """
    Set how ``user`` receives workflow email. Only the user themselves may:
    nobody turns off a colleague's notifications. Applies to notifications
    created from now on.
    """
    if by is None or not by.is_authenticated or by.pk != user.pk:
        raise NotPermitted("Only the person themselves can change their email notifications.")
    if mode not in DeliveryMode.values:
        raise InvalidInput(
            f"“{mode}” is not a choice: choose one of " + ", ".join(DeliveryMode.labels) + "."
        )
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        preference.mode = mode
        preference.save(update_fields=["mode", "updated_at"])
    return preference
