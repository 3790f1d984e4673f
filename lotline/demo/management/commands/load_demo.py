"""`lotline load_demo`: fill an empty database with the seeded demo plant (see lotline.demo)."""

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from lotline.core.management.commands._output import LedgerCommand, refuse
from lotline.core.models import Lot
from lotline.demo.master import DEMO_PASSWORD
from lotline.demo.plant import DEFAULT_SEED, DemoSummary, build_demo_plant


class Command(LedgerCommand):
    help = _(
        "Load the demo plant (an 18-person metal shop, about four months of events) into an empty database."
    )
    records_events = False

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help=_("do nothing when lots exist already"))
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=_("random seed (same seed, same plant)")
        )

    def handle(self, **options):
        if Lot.objects.exists():
            if options["if_empty"]:
                self.stdout.write(_("The database already has lots; the demo plant was not loaded."))
                return
            raise refuse(
                _("The database already has lots; load the demo into an empty database (or pass --if-empty).")
            )
        self.stdout.write(describe(build_demo_plant(seed=options["seed"])))


def describe(summary: DemoSummary) -> str:
    """What was loaded, the plan ahead, and the recall to try first."""
    suspect = summary.suspect
    plan = summary.plan
    return "\n".join(
        [
            _(
                "Demo plant loaded in %(s).1f s (seed %(seed)d): %(lots)d lots, %(events)d events, "
                "%(shipments)d shipments, %(customers)d customers."
            )
            % {
                "s": summary.seconds,
                "seed": summary.seed,
                "lots": summary.lots,
                "events": summary.events,
                "shipments": summary.shipments,
                "customers": summary.customers,
            },
            _(
                "%(orders)d open work orders planned for %(first)s – %(last)s (%(released)d released): "
                "see the planning board at /plan/."
            )
            % {
                "orders": plan.work_orders,
                "first": format_date(plan.first_day, "j M"),
                "last": format_date(plan.last_day, "j M Y"),
                "released": plan.released,
            },
            _("Sign in as operator, supervisor or admin (password %(password)s).")
            % {"password": DEMO_PASSWORD},
            _("Suspicious delivery: %(supplier)s %(ref)s, %(story)s.")
            % {"supplier": suspect.supplier, "ref": suspect.reference, "story": suspect.story},
            _("Try: lotline recall --delivery %(ref)s") % {"ref": suspect.reference},
        ]
    )
