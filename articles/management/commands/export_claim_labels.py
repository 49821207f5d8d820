"""Write the reviewers' decisions on risky-claim flags as labelled training sentences."""

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Q

from articles.models import ClaimFlag
from articles.models.review import ReviewDecision


def reviewed_labels():
    """
    ``{sentence: categories}`` from flags a reviewer acted on: accepted as
    written (a resolution), part of a revision sent back with changes
    requested, or marked by a reviewer. Each says the sentence makes a claim of
    the flag's category.
    """
    labels = defaultdict(set)
    flags = ClaimFlag.objects.filter(
        Q(resolution__isnull=False)
        | Q(revision__decision__outcome=ReviewDecision.Outcome.CHANGES_REQUESTED)
        | Q(detector="reviewer")
    ).order_by("pk")
    for sentence, category in flags.values_list("sentence", "category"):
        sentence = " ".join(sentence.split())
        if sentence:
            labels[sentence].add(category)
    return labels


class Command(BaseCommand):
    help = (
        "Write the reviewers' decisions on flags (accepted as written, changes requested, "
        "sentences they marked) as labelled sentences for train_claims_model."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.CLAIMS_REVIEWER_LABELS_PATH),
            help="TSV file to write (default: settings.CLAIMS_REVIEWER_LABELS_PATH).",
        )

    def handle(self, *args, output, **options):
        labels = reviewed_labels()
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("sentence\tcategories\n")
            for sentence in sorted(labels):
                f.write(f"{sentence}\t{','.join(sorted(labels[sentence]))}\n")
        self.stdout.write(f"Wrote {len(labels)} reviewed sentences to {path}.")
