"""`lotline send_webhooks [--loop] [--interval 10]`: queue and deliver webhook events (lotline.api.webhooks).

Run it once a minute from cron or a systemd timer, or keep it running with --loop.
"""

import time

from django.core.management.base import BaseCommand

from lotline.api import webhooks


class Command(BaseCommand):
    help = "Send lot.held, lot.released and recall_case.created to the registered webhooks (with retries)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, one round every --interval s")
        parser.add_argument("--interval", type=float, default=10.0)

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            queued, attempts = webhooks.send()
            failed = [a for a in attempts if not a.ok]
            if queued or attempts or not loop:
                self.stdout.write(
                    f"queued {queued}, sent {len(attempts) - len(failed)}, failed {len(failed)}"
                )
            for failure in failed:
                self.stderr.write(f"delivery {failure.delivery_id}: {failure.error}")
            if not loop:
                return
            time.sleep(interval)
