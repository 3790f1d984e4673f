"""lotline epcis_export [--format json|xml] [--since ISO] [--until ISO] [--site CODE] [-o FILE]"""

from __future__ import annotations

import sys
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from lotline.interop.epcis_export import FORMATS, export_epcis


def moment(text: str | None) -> datetime | None:
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise CommandError(f"{text}: give a time zone, e.g. {text}+00:00")
    return value


class Command(BaseCommand):
    help = "Export the ledger as an EPCIS 2.0 document (JSON-LD or XML)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--since")
        parser.add_argument("--until")
        parser.add_argument("--site")
        parser.add_argument("-o", "--output")

    def handle(self, *args, **options) -> None:
        data = export_epcis(
            options["format"],
            since=moment(options["since"]),
            until=moment(options["until"]),
            site_code=options["site"],
        )
        if options["output"]:
            with open(options["output"], "wb") as out:
                out.write(data)
        else:
            sys.stdout.buffer.write(data)
