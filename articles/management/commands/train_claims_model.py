"""Train the learned risky-claim detector and store it where scanning loads it."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.claims import combined
from articles.claims import model as claims_model


class Command(BaseCommand):
    help = (
        "Train the learned risky-claim detector on the labelled sentence files and the "
        "reviewers' exported labels (if present). Deterministic; takes seconds."
    )

    requires_system_checks = []  # the model check would only say what this command fixes

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="Only train when the stored model is missing or out of date (set-up scripts).",
        )
        parser.add_argument(
            "--with-reviews",
            action="store_true",
            help="Export the reviewers' decisions first (manage.py export_claim_labels).",
        )

    def handle(self, *args, with_reviews=False, if_stale=False, **options):
        labels = settings.CLAIMS_REVIEWER_LABELS_PATH
        if if_stale and not with_reviews and not combined.stored_model_problem():
            self.stdout.write(f"The risky-claim model at {settings.CLAIMS_MODEL_PATH} is up to date.")
            return
        if with_reviews:
            call_command("export_claim_labels", output=str(labels), stdout=self.stdout)
        files = combined.training_files(labels)
        started = time.perf_counter()
        model = claims_model.train_from_files(files)
        claims_model.save(model, settings.CLAIMS_MODEL_PATH)
        combined.configure(model_path=settings.CLAIMS_MODEL_PATH, reviewer_labels=labels)
        rows = sum(len(claims_model.read_labelled(f)) for f in files)
        self.stdout.write(
            f"Trained on {rows} sentences from {len(files)} files in "
            f"{time.perf_counter() - started:.1f} s; wrote {settings.CLAIMS_MODEL_PATH} "
            f"(model {claims_model.artefact_digest(model)[:12]}, data {model.data_hash[:12]})."
        )
