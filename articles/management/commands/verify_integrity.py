"""
Walk the ledger's hash chain, every chained row and every revision's
fingerprint. Exit status 0 when all is intact; otherwise 1, with one line per
break naming the table, the row and what is wrong.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.domain.integrity import verify_ledger
from articles.models import LedgerHead


class Command(BaseCommand):
    help = "Check the ledger's hash chain, the chained rows and the revisions' fingerprints."

    def add_arguments(self, parser):
        parser.add_argument(
            "--against",
            metavar="LINE",
            help="A head line printed earlier by export_chain_head: the chain must still contain it unchanged.",
        )

    def handle(self, *args, against=None, **options):
        started = time.perf_counter()
        breaks = verify_ledger(against=against)
        elapsed = time.perf_counter() - started
        head = LedgerHead.objects.filter(pk=1).first()
        entries = head.seq if head else 0
        if breaks:
            for found in breaks:
                self.stderr.write(str(found))
            raise CommandError(
                f"Integrity check failed: {len(breaks)} break{'s' if len(breaks) != 1 else ''} "
                f"({entries} ledger entries checked in {elapsed:.1f} s).",
                returncode=1,
            )
        self.stdout.write(f"Intact: {entries} ledger entries and every revision's fingerprint checked in {elapsed:.1f} s.")
