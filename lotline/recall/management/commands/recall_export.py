"""`lotline recall_export (--case RC-… | --lot LOT…) --format csv|xlsx|pdf [-o FILE]` — the recall-scope
document without a browser (a saved case prints its frozen snapshot; lots print the live scope)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from lotline.recall.exports import FORMATS
from lotline.recall.models import RecallCase
from lotline.recall.scope import ScopeError, ScopeSource, compute_scope, snapshot_of


class Command(BaseCommand):
    help = "Export a recall scope (a saved case, or suspect lots) as CSV, XLSX or PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--case", help="recall case number")
        parser.add_argument("--lot", action="append", default=[], help="suspect lot (repeatable)")
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, case: str | None, lot: list[str], format: str, output: str | None, **options):
        if case:
            found = RecallCase.objects.filter(number=case).first()
            if found is None:
                raise CommandError(f"No recall case {case}.")
            snapshot, title = found.snapshot, f"{found.number} {found.title}"
        elif lot:
            try:
                snapshot = snapshot_of(compute_scope(ScopeSource(lot_numbers=[n.upper() for n in lot])))
            except ScopeError as exc:
                raise CommandError(str(exc)) from None
            title = ""
        else:
            raise CommandError("Give --case or --lot.")
        render, _content_type = FORMATS[format]
        data = render(snapshot, title)
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
        else:
            sys.stdout.buffer.write(data)
