"""What the background worker records: its heartbeat and the due work that failed."""

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """
    One row per worker process, touched at the end of every pass. The admin
    dashboard warns when the newest is older than
    ``settings.VETTED_WORKER_STALE_SECONDS``: nothing is publishing on time.
    """

    name = models.CharField(max_length=200, unique=True, help_text="host:pid of the worker.")
    started_at = models.DateTimeField(default=timezone.now)
    last_beat_at = models.DateTimeField(default=timezone.now)
    passes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-last_beat_at"]

    def __str__(self):
        return f"{self.name} (last pass {self.last_beat_at:%Y-%m-%d %H:%M:%S})"


class DueWorkFailure(models.Model):
    """
    A due item the worker could not perform (a scheduled publication whose
    revision no longer matches its fingerprint, a scheduler who lost the
    publish permission...). Shown to publishers on the admin dashboard and
    retried after ``next_attempt_at`` with growing delays; removed once the
    item succeeds or its schedule is cancelled.
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", "Scheduled publication"
        UNPUBLISH = "unpublish", "Scheduled unpublication"
        REVIEW_EXPIRY = "review_expiry", "Unpublish after review expired"

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="due_failures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField()
    first_failed_at = models.DateTimeField(default=timezone.now)
    last_failed_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["first_failed_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "kind"], name="due_failure_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of “{self.article}” failed {self.attempts}×: {self.error}"
