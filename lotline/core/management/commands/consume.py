"""`lotline consume`: issue a quantity of a lot into a work order."""

from django.utils.translation import gettext as _

from lotline.core.services import consume
from lotline.lib.quantities import format_amount

from ._output import LedgerCommand, find_work_order


class Command(LedgerCommand):
    help = _("Consume a lot on a work order: lotline consume --work-order WO-26-0001 --lot LOT --qty 120")

    def add_arguments(self, parser):
        parser.add_argument("--work-order", required=True, help=_("work order number"))
        parser.add_argument("--lot", required=True, help=_("lot number"))
        parser.add_argument("--qty", required=True, help=_("quantity"))
        parser.add_argument("--unit", help=_("unit of --qty (default: the item's base unit)"))
        super().add_arguments(parser)

    def handle(self, **options):
        work_order = find_work_order(options["work_order"])
        ctx = self.context(options, site=work_order.site, work_order=work_order, machine=work_order.machine)
        recorded = consume(ctx, lot=options["lot"], quantity=options["qty"], unit=options["unit"])
        total = -sum(line.quantity for line in recorded.event.lines.all())
        lot = recorded.lot
        self.stdout.write(
            _("Consumed %(qty)s %(unit)s of %(lot)s on %(wo)s.")
            % {"qty": format_amount(total), "unit": lot.item.unit, "lot": lot.number, "wo": work_order.number}
        )
