import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from articles.actions import import_drafts
from articles.actions.importing import DraftImportError, ImportAction, resolve_author, resolve_topics
from articles.errors import NotPermitted
from articles.importing.sources import file_source, iter_draft_paths, stream_source

STDIN = "-"
#: How the summary line counts each outcome.
TALLY = {
    ImportAction.CREATED: "created",
    ImportAction.UPDATED: "updated",
    ImportAction.WOULD_CREATE: "would be created",
    ImportAction.WOULD_UPDATE: "would be updated",
}


class Command(BaseCommand):
    help = (
        "Import plain-text drafts as draft articles, one per file: files, folders (their *.txt files) "
        "or - for standard input. Nothing is submitted or published. Exits non-zero if any draft failed; "
        "the others are imported, each in its own transaction. The import is done as a writer "
        "(--by, or else --author), who is recorded as an editor of every draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a draft file, a folder of .txt drafts, or -")
        parser.add_argument(
            "--topic",
            action="append",
            default=[],
            dest="topics",
            metavar="TOPIC",
            help="add this existing topic (name or slug) to every draft; repeat for several",
        )
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="a writer to credit on drafts without an 'author:' line",
        )
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="the writer doing the import (default: the --author); recorded as an editor of every draft, "
            "so they cannot review it",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and check every draft and report; write nothing"
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="re-import into an existing draft with the same slug instead of refusing "
            "(never into a live, scheduled or in-review article)",
        )

    def handle(self, *args, paths, topics, author, by, dry_run, update, verbosity, **options):
        sources = self._sources(paths)
        try:
            author = resolve_author(author, source_name="--author") if author else None
            importer = resolve_author(by, source_name="--by") if by else author
            if importer is None:
                raise CommandError(
                    "Name the writer doing the import with --by USERNAME (or --author USERNAME); "
                    "nothing was imported."
                )
            outcomes = import_drafts(
                sources,
                by=importer,
                author=author,
                topics=resolve_topics(topics, source_name="--topic"),
                update=update,
                dry_run=dry_run,
            )
        except (DraftImportError, NotPermitted) as error:
            raise CommandError(str(error)) from None

        total = len(sources)
        width = len(str(total))
        counts = Counter()
        for number, outcome in enumerate(outcomes, start=1):
            counts[outcome.action] += 1
            counter = f"[{number:>{width}}/{total}] "
            if outcome.failed:
                self.stderr.write(counter + outcome.describe())
                continue
            if verbosity >= 1:
                self.stdout.write(counter + outcome.describe())
                for warning in outcome.warnings:
                    self.stdout.write(f"{' ' * len(counter)}warning: {warning}")

        failed = counts[ImportAction.FAILED]
        done = ", ".join(f"{counts[action]} {label}" for action, label in TALLY.items() if counts[action])
        summary = f"{total} draft{'' if total == 1 else 's'}: {done or 'none imported'}"
        if failed:
            summary += f", {failed} failed (nothing was written for those)"
        if dry_run:
            summary += "; dry run, nothing was written"
        self.stdout.write(summary + ".")
        if failed:
            raise CommandError(f"{failed} of {total} drafts failed; see the messages above.")

    def _sources(self, paths):
        stdin_count = paths.count(STDIN)
        if stdin_count > 1:
            raise CommandError("'-' (standard input) can be given only once.")
        files = [p for p in paths if p != STDIN]
        try:
            sources = [file_source(path) for path in iter_draft_paths(files)]
        except FileNotFoundError as error:
            raise CommandError(f"{error}; nothing was imported.") from None
        if stdin_count:
            sources.insert(paths.index(STDIN), stream_source("<stdin>", sys.stdin.buffer))
        if not sources:
            raise CommandError(f"no .txt drafts found in {', '.join(paths)}; nothing was imported.")
        return sources
