"""lotline export_data KIND [--format csv|xlsx] [-o FILE] — the same columns the import reads.

Exit status 0 with the sheet; 2 when a file cannot be written (docs/cli.md, "Exit codes").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import write_output
from lotline.imports.exports import export_kind, template
from lotline.imports.kinds import KINDS
from lotline.lib.tables import FORMATS


class Command(BaseCommand):
    help = _("Export one kind as CSV or XLSX (re-imports as it is); --template gives the empty sheet.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--format", choices=FORMATS, default="csv", help=_("csv (default) or xlsx"))
        parser.add_argument("--template", action="store_true", help=_("only the header row, to fill in"))
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output)"))

    def handle(self, *args, **options) -> None:
        make = template if options["template"] else export_kind
        write_output(make(options["kind"], options["format"]), options["output"])
