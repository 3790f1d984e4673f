"""lotline fsma_export [--product CODE] [--since ISO] [--until ISO] [--format csv|xlsx] [-o FILE] [--gaps]

Exit status 0 with the sheet (or the gaps); 2 when the request is refused — a product code naming no item, a
time without a zone or outside 1970–2100, a file that cannot be written (docs/cli.md, "Exit codes").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lotline.core.management.commands._output import refuse, write_output
from lotline.interop.epcis_export import WindowError
from lotline.interop.fsma_export import food_items_exist, fsma_report, fsma_spreadsheet, unknown_product
from lotline.lib.tables import FORMATS

from ._common import moment


class Command(BaseCommand):
    help = _("FSMA 204 electronic sortable spreadsheet for food lots; --gaps lists missing KDEs instead.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--product", help=_("only this product's lots (item code)"))
        parser.add_argument("--since", help=_("first moment, ISO with its zone (2026-03-01T00:00+01:00)"))
        parser.add_argument("--until", help=_("end of the window (excluded), ISO with its zone"))
        parser.add_argument("--format", choices=FORMATS, default="csv", help=_("csv (default) or xlsx"))
        parser.add_argument("--gaps", action="store_true", help=_("list the rows with missing KDEs instead"))
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output)"))

    def handle(self, *args, **options) -> None:
        refusal = unknown_product(options["product"])
        if refusal:
            raise refuse(refusal)
        window = {
            "product_code": options["product"],
            "since": moment(options["since"], "--since"),
            "until": moment(options["until"], "--until"),
        }
        if not food_items_exist():
            # A diagnostic, not data: stdout stays the sheet (or the gaps count).
            self.stderr.write(
                _(
                    "No item is marked as a food on the Food Traceability List, so the sheet is empty. "
                    "Mark the items that are foods as food (FSMA 204 traceability list) first."
                )
            )
        try:
            if options["gaps"]:
                _rows, gaps = fsma_report(**window)
            else:
                data = fsma_spreadsheet(options["format"], **window)
        except WindowError as exc:
            raise refuse(exc.message) from None
        if not options["gaps"]:
            write_output(data, options["output"])
            return
        for gap in gaps:
            self.stdout.write(
                _("%(date)s %(event)s %(lot)s: missing %(kdes)s")
                % {
                    "date": gap.event_date,
                    "event": gap.event_type,
                    "lot": gap.lot,
                    "kdes": ", ".join(gap.missing),
                }
            )
        self.stdout.write(
            ngettext("%(count)d row with missing KDEs", "%(count)d rows with missing KDEs", len(gaps))
            % {"count": len(gaps)}
        )
