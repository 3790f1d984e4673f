"""lotline fsma_export [--product CODE] [--since ISO] [--until ISO] [--format csv|xlsx] [-o FILE] [--gaps]

Exit status 0 with the sheet (or the gaps); 2 when the request is refused (a product code naming no item).
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import REFUSED
from lotline.imports.exports import FORMATS
from lotline.imports.management.commands.epcis_export import moment
from lotline.interop.fsma_export import food_items_exist, fsma_report, fsma_spreadsheet, unknown_product


class Command(BaseCommand):
    help = "FSMA 204 electronic sortable spreadsheet for food lots; --gaps lists missing KDEs instead."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--product")
        parser.add_argument("--since")
        parser.add_argument("--until")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--gaps", action="store_true")
        parser.add_argument("-o", "--output")

    def handle(self, *args, **options) -> None:
        refusal = unknown_product(options["product"])
        if refusal:
            raise CommandError(refusal, returncode=REFUSED)
        window = {
            "product_code": options["product"],
            "since": moment(options["since"]),
            "until": moment(options["until"]),
        }
        if not food_items_exist():
            # A diagnostic, not data: stdout stays the sheet (or the gaps count).
            self.stderr.write(
                _(
                    "No item is marked as a food on the Food Traceability List, so the sheet is empty. "
                    "Mark the items that are foods as food (FSMA 204 traceability list) first."
                )
            )
        if options["gaps"]:
            _rows, gaps = fsma_report(**window)
            for gap in gaps:
                self.stdout.write(
                    f"{gap.event_date} {gap.event_type} {gap.lot}: missing {', '.join(gap.missing)}"
                )
            self.stdout.write(f"{len(gaps)} rows with missing KDEs")
            return
        data = fsma_spreadsheet(options["format"], **window)
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
        else:
            sys.stdout.buffer.write(data)
