"""`lotline produce`: record an output lot of a work order; prints the new lot number."""

from django.utils.translation import gettext as _

from lotline.core.services import produce

from ._output import LedgerCommand, find_location, find_machine, find_work_order, lot_quantities


class Command(LedgerCommand):
    help = _(
        "Record output of a work order: lotline produce --work-order WO-26-0001 --qty 400 "
        "[--input LOT=QTY ...] [--machine CNC1]"
    )

    def add_arguments(self, parser):
        parser.add_argument("--work-order", required=True, help=_("work order number"))
        parser.add_argument("--qty", required=True, help=_("quantity made"))
        parser.add_argument("--unit", help=_("unit of --qty (default: the item's base unit)"))
        parser.add_argument(
            "--input",
            action="append",
            default=[],
            metavar="LOT=QTY",
            help=_(
                "an input lot and the quantity used for this output (repeatable); it is consumed by this "
                "same event, so do not also run consume for it. Without --input, the work-order rule links "
                "the lots consumed on the order up to this output's time"
            ),
        )
        parser.add_argument("--machine", help=_("machine code (default: the work order's)"))
        parser.add_argument("--location", help=_("where the output is put"))
        parser.add_argument("--lot-number", help=_("use this lot number instead of the item's pattern"))
        super().add_arguments(parser)

    def handle(self, **options):
        work_order = find_work_order(options["work_order"])
        inputs = lot_quantities(options["input"], "--input")
        machine = find_machine(options["machine"]) or work_order.machine  # as the API and the floor do
        ctx = self.context(options, site=work_order.site, work_order=work_order, machine=machine)
        ctx.location = find_location(ctx.site, options["location"])
        recorded = produce(
            ctx,
            quantity=options["qty"],
            unit=options["unit"],
            inputs=inputs or None,
            lot_number=options["lot_number"],
        )
        self.stdout.write(recorded.lot.number)
