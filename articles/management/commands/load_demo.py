from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import demo


class Command(BaseCommand):
    help = "Load demo users (one per role), topics and articles. For local use only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even when DEBUG is off (the demo users share a published password).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "Refusing to create demo users with a published password while DEBUG is off. "
                "Use --allow-production if this really is a throwaway site."
            )
        demo.load(self.stdout)
        self.stdout.write(
            "Demo logins at /admin/ (password for all: "
            f"{demo.DEMO_PASSWORD}): writer, reviewer, reviewer2, publisher, admin."
        )
