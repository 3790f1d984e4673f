"""Django's ``flush`` (erase every row), with the ledger's append-only triggers lifted while it runs.

Erasing the whole database is the one operation that may remove ledger rows; Django's test runner uses it
between browser tests. Every other DELETE or UPDATE on the ledger is refused by the database.
"""

from django.core.management.commands import flush
from django.db import connections

from lotline.core import ledger_guard


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        with ledger_guard.lifted(connection):
            return super().handle(**options)
