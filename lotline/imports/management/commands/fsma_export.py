"""lotline fsma_export [--product CODE] [--since ISO] [--until ISO] [--format csv|xlsx] [-o FILE] [--gaps]"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from lotline.imports.exports import FORMATS
from lotline.imports.management.commands.epcis_export import moment
from lotline.interop.fsma_export import fsma_report, fsma_spreadsheet


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
        window = {
            "product_code": options["product"],
            "since": moment(options["since"]),
            "until": moment(options["until"]),
        }
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
