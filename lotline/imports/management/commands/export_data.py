"""lotline export_data KIND [--format csv|xlsx] [-o FILE] — the same columns the import reads."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from lotline.imports.exports import FORMATS, export_kind, template
from lotline.imports.kinds import KINDS


class Command(BaseCommand):
    help = "Export one kind as CSV or XLSX (re-imports as it is); --template gives the empty sheet."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--template", action="store_true")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options) -> None:
        make = template if options["template"] else export_kind
        data = make(options["kind"], options["format"])
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
        else:
            sys.stdout.buffer.write(data)
