"""
Email notifications: an outbox the worker fills from committed workflow
events (and from what falls due), then delivers. See
``articles.notifications`` for who gets what and how it is sent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeliveryMode(models.TextChoices):
    OFF = "off", "Off: no email"
    IMMEDIATE = "immediate", "Immediately, one email per event"
    DAILY = "daily", "A daily digest"


class NotificationPreference(models.Model):
    """
    How one person wants their workflow email. Without a row they get each
    notification immediately. People change only their own row, in the
    admin, through ``articles.actions.set_notification_preference``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField(
        "email notifications", max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "my email notifications"
        verbose_name_plural = "my email notifications"

    def __str__(self):
        return f"Email notifications of {self.user}: {self.get_mode_display()}"


class OutgoingEmail(models.Model):
    """
    What an email waiting for the SMTP server carries besides its content:
    where it is in delivery, and the retries. ``status`` moves pending →
    sending (claimed by one worker) → sent, or back to pending with a later
    ``next_attempt_at`` after a failure, or to failed after the last attempt.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"
        IN_DIGEST = "in_digest", "In a daily digest"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Notification(OutgoingEmail):
    """
    One email about one event to one person: never two for the same
    ``key`` (the workflow event, or the period of a reminder) and recipient.
    Rendered when created, so a retry sends exactly the same message.
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(
        max_length=200, help_text='"event:<id>" for a workflow event; a reminder names its period.'
    )
    event = models.ForeignKey(
        "articles.WorkflowEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    address = models.EmailField(max_length=254)
    delivery = models.CharField(max_length=20, choices=DeliveryMode.choices)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    digest = models.ForeignKey(
        "articles.NotificationDigest", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="notification_once_per_recipient"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self):
        return f"{self.subject} → {self.address}"


class NotificationDigest(OutgoingEmail):
    """One person's daily digest: one email listing the notifications of their day."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField(max_length=254)
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="digest_due_idx")]

    def __str__(self):
        return f"Daily digest of {self.day} → {self.address}"


class NotificationSource(models.Model):
    """
    Marks something the worker already turned into notifications (a
    workflow event, one period of a reminder, a day's review-due scan),
    created in the same transaction as its notifications. Each source is
    handled once, whatever the number of workers, and an event that commits
    after a later one is still found (no high-water mark to skip it).
    """

    key = models.CharField(max_length=200, unique=True)
    event = models.OneToOneField(
        "articles.WorkflowEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.key
