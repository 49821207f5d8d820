from django.core.management.base import BaseCommand

from articles import worker


class Command(BaseCommand):
    help = "One pass of the worker (same as `worker --once`): kept for existing cron entries."

    def handle(self, *args, **options):
        report = worker.run_pass()
        for outcome in report.outcomes:
            if str(outcome):
                self.stdout.write(str(outcome))
