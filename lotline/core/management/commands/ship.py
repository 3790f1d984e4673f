"""`lotline ship`: ship lots to a customer under one document number."""

from decimal import Decimal

from django.utils.translation import gettext as _

from lotline.core.models import Party
from lotline.core.services import ship
from lotline.lib.quantities import format_amount

from ._output import LedgerCommand, find_party, lot_quantities


class Command(LedgerCommand):
    help = _(
        "Ship lots: lotline ship --customer ROWNAK --document DS-26-0200 --lot LOT=QTY [--lot LOT=QTY ...]"
    )

    def add_arguments(self, parser):
        parser.add_argument("--customer", required=True, help=_("customer code"))
        parser.add_argument("--document", required=True, help=_("shipping document number"))
        parser.add_argument(
            "--lot",
            action="append",
            required=True,
            metavar="LOT=QTY",
            help=_("a lot and the quantity shipped (repeatable)"),
        )
        super().add_arguments(parser)

    def handle(self, **options):
        customer = find_party(options["customer"], Party.Role.CUSTOMER)
        lines = lot_quantities(options["lot"], "--lot")
        recorded = ship(self.context(options), customer=customer, document=options["document"], lines=lines)
        self.stdout.write(
            _("Shipment %(doc)s to %(customer)s:")
            % {"doc": options["document"].strip(), "customer": customer.name}
        )
        shipped: dict[str, tuple[Decimal, str]] = {}
        for line in recorded.event.lines.select_related("lot").order_by("id"):  # one lot may leave two racks
            before = shipped.get(line.lot.number, (Decimal(0), line.unit))[0]
            shipped[line.lot.number] = (before - line.quantity, line.unit)
        for number, (quantity, unit) in shipped.items():
            self.stdout.write(f"  {number}  {format_amount(quantity)} {unit}")
