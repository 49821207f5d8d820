"""Cache purges a proxy did not acknowledge, kept until the worker gets them through."""

from django.db import models


class PendingPurge(models.Model):
    """
    One PURGE or BAN request that failed (the proxy was down, slow or
    refused it). ``articles.domain.purging.retry_failed_purges`` sends it
    again; publishers see how many are waiting on the admin dashboard, since
    until it goes through a proxy may still show a page that changed.
    """

    proxy = models.CharField(max_length=300, help_text="Base URL of the proxy, from CACHE_PURGE_URLS.")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_tried_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.method} {self.proxy}{self.path}"
