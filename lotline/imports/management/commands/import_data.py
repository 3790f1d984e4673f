"""lotline import_data KIND FILE [--map "Their column=field" ...] [--dry-run] [--site CODE] [--user NAME]

Exit status 0 when every row is (or, with --dry-run, would be) imported; 2 when the import is refused —
a row error, an unknown site or user, no such file — and nothing was written (docs/cli.md, "Exit codes").
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse
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
    help = _("Import a CSV or XLSX sheet of one kind; all rows or none. --dry-run checks without writing.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=_("their column name = our field name (repeatable)"),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("check every row, write nothing"))
        parser.add_argument("--site", help=_("site code (default: the first site)"))
        parser.add_argument("--user", help=_("username recorded on the events"))

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise refuse(_("No file %(path)s.") % {"path": path})
        mapping = {}
        for pair in options["map"]:
            column, sep, field = pair.rpartition("=")
            if not sep or not column:
                raise refuse(_("--map takes COLUMN=FIELD, not %(given)s.") % {"given": pair})
            mapping[column.strip()] = field.strip()
        site = Site.objects.filter(code=options["site"]).first() if options["site"] else None
        if options["site"] and site is None:
            raise refuse(_("No site %(code)s.") % {"code": options["site"]})
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        if options["user"] and user is None:
            raise refuse(_("No user %(name)s.") % {"name": options["user"]})
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
        counts = {"rows": report.rows, "errors": len(report.errors), "seconds": report.elapsed_seconds}
        if not report.ok:
            if report.dry_run:
                message = _("%(rows)d rows, %(errors)d errors — dry run: would be refused (%(seconds).1f s)")
            else:
                message = _("%(rows)d rows, %(errors)d errors — refused, nothing written (%(seconds).1f s)")
            raise refuse(message % counts)
        if report.dry_run:
            message = _("%(rows)d rows, %(errors)d errors — dry run: would import (%(seconds).1f s)")
        else:
            message = _("%(rows)d rows, %(errors)d errors — imported (%(seconds).1f s)")
        self.stdout.write(message % counts)
