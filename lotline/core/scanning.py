"""What a scan means to lotline: one function turns scanned text into a lot (or a clear refusal).

A scan is an internal lot number (plain QR, Code 128, typed), a GS1 element string (GS1 DataMatrix, GS1-128,
GS1 QR; with or without symbology identifier, GS as ``\\x1d``) or a GS1 Digital Link URI. GS1 data names our
lot by AI (10); AI (01) must be the item's GTIN, or at least not another item's — a label of another product
that happens to carry the same batch text is refused, not booked.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotline.core.models import Item, Lot
from lotline.core.services import LedgerError, find_lot
from lotline.gs1 import GS1ParseError, ScanResult, parse_scan

__all__ = ["ScanResult", "interpret_scan", "lot_from_scan"]


def interpret_scan(text: str, *, field: str = "lot") -> ScanResult:
    """Classify a scan; unreadable GS1 data raises LedgerError('unreadable_scan') in the operator's words,
    naming ``field`` (the scan field, or lines[1].lot of a many-line request)."""
    try:
        # Labels often split data over two symbols; one holding (10) without (01) still names our lot.
        return parse_scan(text, require_associations=False)
    except GS1ParseError as exc:
        raise LedgerError("unreadable_scan", str(exc), field=field) from None


def lot_from_scan(text: str, *, field: str = "lot") -> Lot:
    """The lot a scan identifies, or LedgerError (unknown_lot, no_lot_in_scan, wrong_gtin,
    unreadable_scan)."""
    scan = interpret_scan(text, field=field)
    if not scan.lot:
        raise LedgerError(
            "no_lot_in_scan", _("This barcode carries no lot number. Scan the lot label."), field=field
        )
    lot = find_lot(scan.lot, field=field)
    if scan.gtin and not same_product(scan.gtin, lot.item):
        raise LedgerError(
            "wrong_gtin",
            _("This label is for product %(gtin)s, but lot %(lot)s is %(item)s. Check the label.")
            % {"gtin": scan.gtin, "lot": lot.number, "item": lot.item},
            field=field,
        )
    return lot


def same_product(gtin: str, item: Item) -> bool:
    """Whether a scanned GTIN can be this item's. With a GTIN on the item, they must match. Without one
    there is nothing to compare, except that a GTIN we know as *another* item's is surely not this one; a
    GTIN we don't know at all (a supplier's own code on a raw-material label) is let through."""
    wanted = gtin.zfill(14)
    if item.gtin:
        return wanted == item.gtin.zfill(14)
    others = Item.objects.exclude(pk=item.pk).exclude(gtin="").values_list("gtin", flat=True)
    return all(wanted != other.zfill(14) for other in others)
