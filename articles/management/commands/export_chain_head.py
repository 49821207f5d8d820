"""
Print the ledger's head as one signed line. Keep it somewhere the database's
users cannot write (an external log, an email to the publishers); later,
``verify_integrity --against LINE`` shows whether the chain up to that head
was rewritten since.
"""

from django.core.management.base import BaseCommand

from articles.domain.integrity import head_line


class Command(BaseCommand):
    help = "Print the ledger's chain head as a signed line (HMAC with VETTED_LEDGER_KEY)."

    def handle(self, *args, **options):
        self.stdout.write(head_line())
