from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.domain.review_expiry import review_due


class Command(BaseCommand):
    help = (
        "List live articles due for medical review, soonest first: past their topic's review "
        "interval (or the default), due within --within days, or carrying disclaimers that "
        "changed since approval."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--within", type=int, default=None,
            help="Also list pages falling due within this many days (default VETTED_REVIEW_DUE_SOON_DAYS).",
        )

    def handle(self, *args, within=None, **options):
        items = review_due(within_days=within)
        if not items:
            self.stdout.write("No live article is due for review.")
            return
        now = timezone.now()
        for item in items:
            when = timezone.localtime(item.due_at).strftime("%Y-%m-%d")
            status = "OVERDUE" if item.due_at <= now else "due soon"
            self.stdout.write(
                f"{when}  {status:8}  {item.article.live_revision.title}  "
                f"(last reviewed {timezone.localtime(item.last_reviewed_at):%Y-%m-%d}, "
                f"every {item.interval_days} days) {' '.join(item.reasons)}"
            )
