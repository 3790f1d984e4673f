"""lotline epcis_import FILE [--site CODE] [--user NAME] — a partner's EPCIS 2.0 document (JSON-LD or XML)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lotline.core.models import Site
from lotline.interop.epcis_import import import_epcis


class Command(BaseCommand):
    help = (
        "Import receiving, shipping, hold/release, scrap and move ObjectEvents and TransformationEvents "
        "(work orders, splits, merges); all events or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--site")
        parser.add_argument("--user")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No file {path}")
        site = Site.objects.filter(code=options["site"]).first() if options["site"] else None
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        report = import_epcis(path.read_bytes(), site=site, user=user)
        for error in report.errors:
            self.stdout.write(str(error))
        self.stdout.write(
            f"{report.events} events: {report.recorded} recorded, {report.unchanged} already recorded, "
            f"{len(report.skipped)} skipped, {len(report.errors)} errors"
        )
        if not report.ok:
            raise SystemExit(1)
