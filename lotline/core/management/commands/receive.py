"""`lotline receive`: record a supplier's lot arriving on a delivery note; prints the new lot number."""

from django.utils.translation import gettext as _

from lotline.core.models import Party
from lotline.core.services import receive

from ._output import LedgerCommand, find_item, find_location, find_party, parse_day


class Command(LedgerCommand):
    help = _(
        "Receive a supplier lot: lotline receive --item C45-40 --qty 500 --supplier HUETTE "
        "--supplier-lot H26-4471-1 --delivery DN-2026-0815"
    )

    def add_arguments(self, parser):
        parser.add_argument("--item", required=True, help=_("item code"))
        parser.add_argument("--qty", required=True, help=_("quantity"))
        parser.add_argument("--unit", help=_("unit of --qty (default: the item's base unit)"))
        parser.add_argument("--supplier", required=True, help=_("supplier code"))
        parser.add_argument("--supplier-lot", required=True, help=_("the supplier's lot or heat number"))
        parser.add_argument("--delivery", required=True, help=_("delivery note number"))
        parser.add_argument("--location", help=_("where it is put (default: the site's receiving location)"))
        parser.add_argument("--expires", help=_("expiry date YYYY-MM-DD"))
        parser.add_argument("--lot-number", help=_("use this lot number instead of the item's pattern"))
        super().add_arguments(parser)

    def handle(self, **options):
        item = find_item(options["item"])
        supplier = find_party(options["supplier"], Party.Role.SUPPLIER)
        expires = parse_day(options["expires"], "--expires") if options["expires"] else None
        ctx = self.context(options)
        ctx.location = find_location(ctx.site, options["location"])
        recorded = receive(
            ctx,
            item=item,
            quantity=options["qty"],
            unit=options["unit"],
            supplier=supplier,
            supplier_lot=options["supplier_lot"],
            delivery_ref=options["delivery"],
            expires_on=expires,
            lot_number=options["lot_number"],
        )
        self.stdout.write(recorded.lot.number)
