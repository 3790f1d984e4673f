"""`lotline drill [--lot LOT] [--target-seconds N]` — run a dry-recall drill (monthly cron job).

Exit status 0 when the drill passes, 1 when it ran and failed (so cron mails the plant), 2 when it was
refused and did not run (unknown lot, bad target, no produced lot) — docs/cli.md, "Exit codes".
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import refuse
from lotline.core.services import LedgerError, find_lot
from lotline.recall.drills import MAX_TARGET_SECONDS, DrillRefused, parse_target_seconds, run_drill

FAILED = 1


class Command(BaseCommand):
    help = _("Run a dry-recall drill on a random finished lot (or the one given) and record the result.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--lot", help=_("lot number to drill on (default: a random finished lot)"))
        parser.add_argument(
            "--target-seconds",
            help=_("pass/fail target in whole seconds, 1 to 86400 (default: LOTLINE_DRILL_TARGET_SECONDS)"),
        )

    def handle(self, *args, lot: str | None = None, target_seconds=None, **options) -> None:
        target = None if target_seconds is None else parse_target(str(target_seconds))
        chosen = None
        if lot:
            try:
                chosen = find_lot(lot)
            except LedgerError as exc:
                raise refuse(exc.message) from None
        try:
            drill = run_drill(chosen, target_seconds=target)
        except LookupError as exc:
            raise refuse(str(exc)) from None
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
            raise SystemExit(FAILED)


def parse_target(text: str) -> int:
    """Whole seconds from 1 to a day (the drills page's rule); anything else is refused before the drill
    runs, nothing recorded."""
    try:
        seconds = parse_target_seconds(text)
    except DrillRefused:
        seconds = None
    if seconds is None:
        raise refuse(
            _("--target-seconds takes whole seconds from 1 to %(max)d, not %(given)s.")
            % {"max": MAX_TARGET_SECONDS, "given": text}
        )
    return seconds
