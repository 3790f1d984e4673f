"""`lotline drill [--lot LOT] [--target-seconds N]` — run a dry-recall drill (monthly cron job).

Exit status 0 when the drill passes, 1 when it fails (so cron mails the plant), 2 on a usage error.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lotline.core.models import Lot
from lotline.recall.drills import run_drill


class Command(BaseCommand):
    help = "Run a dry-recall drill on a random finished lot (or the one given) and record the result."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lot", help="lot number to drill on (default: a random finished lot)")
        parser.add_argument(
            "--target-seconds",
            type=int,
            default=None,
            help="pass/fail target (default: LOTLINE_DRILL_TARGET_SECONDS)",
        )

    def handle(self, *args, lot: str | None = None, target_seconds: int | None = None, **options) -> None:
        chosen = None
        if lot:
            chosen = Lot.objects.filter(number=lot.strip().upper()).first()
            if chosen is None:
                raise CommandError(_("No lot %(number)s is known here.") % {"number": lot})
        try:
            drill = run_drill(chosen, target_seconds=target_seconds)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        verdict = _("PASS") if drill.passed else _("FAIL")
        self.stdout.write(
            _("Drill on %(lot)s: %(verdict)s in %(ms)s ms (target %(target)s s)")
            % {
                "lot": drill.lot.number,
                "verdict": verdict,
                "ms": drill.elapsed_ms,
                "target": drill.target_seconds,
            }
        )
        for key, value in drill.results.items():
            self.stdout.write(f"  {key}: {value}")
        for f in drill.findings:
            self.stdout.write(f"  [{f['severity']}] {f['message']}")
        if not drill.passed:
            raise SystemExit(1)
