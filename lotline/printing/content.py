"""Lots and shipments turned into label data (LabelContent) and layouts (LabelSpec).

Everything a barcode will hold is checked here, before rendering, with a message naming the field to fix:
an item's GTIN is validated again at print time (the form validator does not protect rows written by an
import or straight into the database), and a lot number must be valid GS1 AI (10) data for GS1 symbols.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from lotline.core.models import EventKind, EventLine, Item, Lot, Shipment
from lotline.core.services.lots import local_date
from lotline.gs1 import check_value, normalize_gtin
from lotline.labels import SIZE_4X6, TEXT_FIELDS, LabelContent, LabelSpec, SheetLayout
from lotline.labels.content import GS1_SYMBOLS

from .errors import PrintingError
from .models import SHEETS, SIZES, LabelTemplate

# Lines that bring a lot into being: its quantity "as made or received". Corrections keep the kind and
# direction of the line they reverse with the quantity negated, so a corrected receipt sums to zero.
CREATING_KINDS = (EventKind.RECEIVE, EventKind.PRODUCE, EventKind.SPLIT, EventKind.MERGE)
# A template asking for a GS1 symbol on an item without a GTIN falls back to the plain symbol of the lot
# number: still exactly the lot, never a GS1 symbol with made-up data.
PLAIN_FALLBACK = {"gs1_128": "code128", "gs1_datamatrix": "qr", "gs1_qr": "qr", "dl_qr": "qr"}


def checked_gtin(item: Item) -> str | None:
    """The item's GTIN as 14 digits, None when it has none; refused when it is not a valid GTIN."""
    if not item.gtin:
        return None
    try:
        return normalize_gtin(item.gtin)
    except ValueError as exc:
        raise PrintingError(
            "bad_gtin",
            _("Item %(item)s: the GTIN field is wrong (%(reason)s). Correct the item's GTIN before printing.")
            % {"item": item.code, "reason": exc},
            field="gtin",
        ) from None


def check_lot_for_gs1(lot_number: str) -> None:
    """AI (10): at most 20 characters of GS1's CSET 82 — checked before anything is drawn."""
    problem = check_value("10", lot_number)
    if problem:
        raise PrintingError(
            "bad_lot_number",
            _("Lot number %(lot)s cannot go into a GS1 barcode: %(reason)s")
            % {"lot": lot_number, "reason": problem},
            field="lot_number",
        )


def made_quantity(lot: Lot) -> Decimal:
    """The quantity the lot was received or made with (what its first label states)."""
    total = EventLine.objects.filter(lot=lot, direction=1, kind__in=CREATING_KINDS).aggregate(
        t=Sum("quantity")
    )
    return total["t"] or Decimal(0)


def label_content_for_lot(lot: Lot) -> LabelContent:
    """Everything a lot label can show. Raw lots show the receipt date (not encoded: AI 11 is a production
    date); produced lots the production date, encoded as (11)."""
    item = lot.item
    quantity = made_quantity(lot)
    produced = lot.origin == Lot.Origin.PRODUCED
    return LabelContent(
        lot_number=lot.number,
        item_code=item.code,
        item_name=item.name,
        quantity=quantity.normalize() if quantity else Decimal(0),
        unit=item.unit,
        date_label=_("Produced") if produced else (_("Received") if lot.origin == "received" else _("Made")),
        date=local_date(lot.created_at, lot.site),
        date_ai="11" if produced else None,
        expiry=lot.expires_on,
        supplier_name=lot.supplier.name if lot.supplier else "",
        supplier_lot=lot.supplier_lot,
        site_name=lot.site.name,
        gtin=checked_gtin(item),
    )


def spec_for(item: Item, *, size: str | None = None, sheet: str | None = None) -> LabelSpec:
    """The layout for ``item``'s lots: its kind's LabelTemplate, else GS1 DataMatrix with a GTIN and a plain
    QR of the lot number without one. ``size`` ("100x50", "4x6") and ``sheet`` ("a4_3x7", "letter_3x10")
    override the template's."""
    template = LabelTemplate.objects.filter(item_kind=item.kind).first()
    has_gtin = checked_gtin(item) is not None
    fields: tuple[str, ...]
    if template is None:
        symbol, fields, net_weight = ("gs1_datamatrix" if has_gtin else "qr"), TEXT_FIELDS, False
        size_code, sheet_code = "100x50", "a4_3x7"
    else:
        symbol, fields, net_weight = template.symbol, template.field_names, template.encode_net_weight
        size_code, sheet_code = template.size, template.sheet
        if symbol in GS1_SYMBOLS and not has_gtin:
            symbol = PLAIN_FALLBACK[symbol]
    size_code = size or size_code
    if size_code not in SIZES:
        raise PrintingError("bad_size", _("Unknown label size %(size)s.") % {"size": size_code}, field="size")
    chosen_sheet: SheetLayout | None = None
    if sheet is not None:  # "" = the template's sheet
        sheet_code = sheet or sheet_code
        if sheet_code not in SHEETS:
            raise PrintingError(
                "bad_sheet", _("Unknown label sheet %(sheet)s.") % {"sheet": sheet_code}, field="sheet"
            )
        chosen_sheet = SHEETS[sheet_code]
    return LabelSpec(
        symbol=symbol,  # type: ignore[arg-type]
        size=SIZES[size_code],
        sheet=chosen_sheet,
        fields=tuple(fields),
        encode_net_weight=net_weight,
        title=_("lotline labels"),
    )


def template_sheet(item: Item) -> str:
    """The sheet a bulk print uses when none is asked for: the first lot's template's."""
    template = LabelTemplate.objects.filter(item_kind=item.kind).first()
    return template.sheet if template else "a4_3x7"


def checked_lot_label(lot: Lot, spec: LabelSpec) -> LabelContent:
    """Content for ``lot`` after every check its symbol needs."""
    content = label_content_for_lot(lot)
    if spec.symbol in GS1_SYMBOLS:
        check_lot_for_gs1(lot.number)
    return content


def shipped_lines(shipment: Shipment) -> list[tuple[Lot, Decimal]]:
    """Lots on the shipment with the net quantity shipped (corrections net out), in the order scanned."""
    rows = (
        EventLine.objects.filter(shipment=shipment, kind=EventKind.SHIP)
        .values("lot")
        .annotate(total=Sum("quantity"))
        .order_by("lot")
    )
    totals = {row["lot"]: -row["total"] for row in rows if row["total"]}
    lots = Lot.objects.select_related("item").in_bulk(list(totals))
    return [(lots[pk], totals[pk]) for pk in sorted(totals)]


def pallet_content(shipment: Shipment, sscc: str) -> LabelContent:
    """A pallet (logistic unit) label: the SSCC is the only barcode data; the text says what is on it."""
    lines = shipped_lines(shipment)
    units = {lot.item.unit for lot, _qty in lines}
    quantity = sum((qty for _lot, qty in lines), Decimal(0)) if len(units) == 1 else Decimal(0)
    extra = [
        _("Shipment %(number)s") % {"number": shipment.number},
        _("To %(customer)s") % {"customer": shipment.customer.name},
        _("Shipped %(date)s") % {"date": local_date(shipment.shipped_at, shipment.site).isoformat()},
        shipment.site.name,
    ]
    extra += [f"{lot.number}  {qty.normalize():f} {lot.item.unit}  {lot.item.code}" for lot, qty in lines]
    return LabelContent(
        lot_number=shipment.number,  # shown nowhere (the pallet spec leaves "lot_number" out), never encoded
        item_code="",
        item_name="",
        quantity=quantity,
        unit=units.pop() if len(units) == 1 else "",
        site_name=shipment.site.name,
        sscc=sscc,
        extra_lines=tuple(extra),
    )


def pallet_spec(symbol: str = "gs1_128") -> LabelSpec:
    if symbol not in ("gs1_128", "gs1_datamatrix"):
        raise PrintingError(
            "bad_symbol",
            _("A pallet label uses GS1-128 or GS1 DataMatrix, not %(symbol)s.") % {"symbol": symbol},
            field="symbol",
        )
    return replace(
        LabelSpec(symbol=symbol, size=SIZE_4X6),  # type: ignore[arg-type]
        fields=("sscc", "extra"),
        title=_("lotline pallet label"),
    )
