"""lotline epcis_import FILE [--site CODE] [--user NAME] — a partner's EPCIS 2.0 document (JSON-LD or XML).

Exit status 0 when every event is recorded (or was before); 2 when refused — an invalid document or a
refused event (listed on stdout), no such file, an unknown site or user — and nothing was written
(docs/cli.md, "Exit codes").
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse
from lotline.core.models import Site
from lotline.interop.epcis_import import import_epcis


class Command(BaseCommand):
    help = _(
        "Import receiving, shipping, hold/release, scrap and move ObjectEvents and TransformationEvents "
        "(work orders, splits, merges); all events or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("the EPCIS document (.json or .xml)"))
        parser.add_argument("--site", help=_("site code (default: the first site)"))
        parser.add_argument("--user", help=_("username recorded on the events"))

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise refuse(_("No file %(path)s.") % {"path": path})
        site = Site.objects.filter(code=options["site"]).first() if options["site"] else None
        if options["site"] and site is None:  # not silently the default site
            raise refuse(_("No site %(code)s.") % {"code": options["site"]})
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        if options["user"] and user is None:
            raise refuse(_("No user %(name)s.") % {"name": options["user"]})
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise refuse(
                _("Cannot read %(file)s: %(reason)s.") % {"file": path, "reason": exc.strerror}
            ) from None
        report = import_epcis(data, site=site, user=user)
        for error in report.errors:
            self.stdout.write(str(error))
        counts = {
            "events": report.events,
            "recorded": report.recorded,
            "unchanged": report.unchanged,
            "skipped": len(report.skipped),
            "errors": len(report.errors),
        }
        if not report.ok:
            raise refuse(_("%(events)d events, %(errors)d errors — refused, nothing written.") % counts)
        self.stdout.write(
            _(
                "%(events)d events: %(recorded)d recorded, %(unchanged)d already recorded, "
                "%(skipped)d skipped, %(errors)d errors"
            )
            % counts
        )
