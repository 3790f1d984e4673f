"""lotline import_data KIND FILE [--map "Their column=field" ...] [--dry-run] [--site CODE] [--user NAME]"""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lotline.core.models import Site
from lotline.imports.kinds import KINDS
from lotline.imports.runner import commit, dry_run


def progress_bar(stream=sys.stderr, width: int = 40):
    def show(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rows")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


class Command(BaseCommand):
    help = "Import a CSV or XLSX sheet of one kind; all rows or none. --dry-run checks without writing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="their column name = our field name (repeatable)",
        )
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--site", help="site code (default: the first site)")
        parser.add_argument("--user", help="username recorded on the events")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No file {path}")
        mapping = {}
        for pair in options["map"]:
            column, sep, field = pair.rpartition("=")
            if not sep or not column:
                raise CommandError(f"--map wants COLUMN=FIELD, got {pair!r}")
            mapping[column.strip()] = field.strip()
        site = Site.objects.filter(code=options["site"]).first() if options["site"] else None
        if options["site"] and site is None:
            raise CommandError(f"No site {options['site']}")
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        run = dry_run if options["dry_run"] else commit
        report = run(
            options["kind"],
            path.read_bytes(),
            path.name,
            mapping,
            site=site,
            user=user,
            progress=progress_bar(self.stderr._out),
        )
        for error in report.errors:
            self.stdout.write(str(error))
        verdict = (
            ("dry run: would import" if report.dry_run else "imported")
            if report.ok
            else "refused, nothing written"
        )
        self.stdout.write(
            f"{report.rows} rows, {len(report.errors)} errors — {verdict} ({report.elapsed_seconds:.1f} s)"
        )
        if not report.ok:
            raise SystemExit(1)
