from django.core.management.base import BaseCommand

from articles import actions


class Command(BaseCommand):
    help = "Publish every scheduled revision whose go-live time has passed. Run it from cron every minute."

    def handle(self, *args, **options):
        for article in actions.publish_due():
            self.stdout.write(f"Published “{article.title}” (revision {article.live_revision.number}).")
