"""`lotline send_webhooks [--loop] [--interval 10]`: queue and deliver webhook events (lotline.api.webhooks).

Run it once a minute from cron or a systemd timer, or keep it running with --loop.
"""

import math
import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lotline.api import webhooks
from lotline.core.management.commands._output import refuse


class Command(BaseCommand):
    help = _("Send lot.held, lot.released and recall_case.created to the registered webhooks (with retries).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help=_("keep running, one round every --interval seconds")
        )
        parser.add_argument("--interval", type=float, default=10.0, help=_("seconds between rounds"))

    def handle(self, *args, loop: bool, interval: float, **options):
        if loop and not (math.isfinite(interval) and interval > 0):  # time.sleep(-1) is a traceback
            raise refuse(
                _("--interval takes a number of seconds above zero, not %(given)s.") % {"given": interval}
            )
        while True:
            queued, attempts = webhooks.send()
            failed = [a for a in attempts if not a.ok]
            if queued or attempts or not loop:
                self.stdout.write(
                    _("queued %(queued)d, sent %(sent)d, failed %(failed)d")
                    % {"queued": queued, "sent": len(attempts) - len(failed), "failed": len(failed)}
                )
            for failure in failed:
                self.stderr.write(
                    _("delivery %(delivery)s: %(error)s")
                    % {"delivery": failure.delivery_id, "error": failure.error}
                )
            if not loop:
                return
            time.sleep(interval)
