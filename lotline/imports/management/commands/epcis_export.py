"""lotline epcis_export [--format json|xml] [--since ISO] [--until ISO] [--site CODE] [-o FILE]

Exit status 0 with the document; 2 when refused — a time without a zone or outside 1970–2100, an unknown
site, a file that cannot be written — with one line on stderr (docs/cli.md, "Exit codes").
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse, write_output
from lotline.core.models import Site
from lotline.interop.epcis_export import FORMATS, WindowError, export_epcis

from ._common import moment

__all__ = ["Command", "moment"]  # fsma_export reads its times the same way


class Command(BaseCommand):
    help = _("Export the ledger as an EPCIS 2.0 document (JSON-LD or XML).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="json", help=_("json (default) or xml"))
        parser.add_argument("--since", help=_("first moment, ISO with its zone (2026-03-01T00:00+01:00)"))
        parser.add_argument("--until", help=_("end of the window (excluded), ISO with its zone"))
        parser.add_argument("--site", help=_("only this site's events (site code)"))
        parser.add_argument("-o", "--output", help=_("file to write (default: standard output)"))

    def handle(self, *args, **options) -> None:
        site = options["site"]
        if site and not Site.objects.filter(code=site).exists():
            # An unknown code would give an empty document that looks like "no events".
            raise refuse(_("No site %(code)s.") % {"code": site})
        try:
            data = export_epcis(
                options["format"],
                since=moment(options["since"], "--since"),
                until=moment(options["until"], "--until"),
                site_code=site,
            )
        except WindowError as exc:
            raise refuse(exc.message) from None
        write_output(data, options["output"])
