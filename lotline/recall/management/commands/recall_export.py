"""`lotline recall_export (--case RC-… | --lot LOT…) --format csv|xlsx|pdf [-o FILE]` — the recall-scope
document without a browser (a saved case prints its frozen snapshot; lots print the live scope).

Exit status 0 when written, 2 when refused (unknown case or lot, nothing chosen, file not writable)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse, write_output
from lotline.recall.exports import FORMATS
from lotline.recall.models import RecallCase
from lotline.recall.scope import ScopeError, ScopeSource, compute_scope, snapshot_of


class Command(BaseCommand):
    help = _("Export a recall scope (a saved case, or suspect lots) as CSV, XLSX or PDF.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--case", help=_("recall case number"))
        parser.add_argument("--lot", action="append", default=[], help=_("suspect lot (repeatable)"))
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv")
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output)"))

    def handle(self, *args, case: str | None, lot: list[str], format: str, output: str | None, **options):
        if case:
            found = RecallCase.objects.filter(number__iexact=case.strip()).first()
            if found is None:
                raise refuse(_("No recall case %(number)s.") % {"number": case.strip()})
            snapshot, title = found.snapshot, f"{found.number} {found.title}"
        elif lot:
            try:
                snapshot = snapshot_of(compute_scope(ScopeSource(lot_numbers=[n.upper() for n in lot])))
            except ScopeError as exc:
                raise refuse(str(exc)) from None
            title = ""
        else:
            raise refuse(_("Give --case or --lot."))
        render, _content_type = FORMATS[format]
        data = render(snapshot, title)
        write_output(data, output)
