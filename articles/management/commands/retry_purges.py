from django.core.management.base import BaseCommand

from articles.domain.purging import retry_failed_purges


class Command(BaseCommand):
    help = "Send again the cache purges a proxy did not acknowledge (the worker does this too)."

    def handle(self, *args, **options):
        sent, pending = retry_failed_purges()
        self.stdout.write(f"Sent {sent} purge(s); {pending} still pending.")
