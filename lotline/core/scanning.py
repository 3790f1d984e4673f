"""What a scan means to lotline: one function turns scanned text into a lot (or a clear refusal).

A scan is an internal lot number (plain QR, Code 128, typed), a GS1 element string (GS1 DataMatrix, GS1-128,
GS1 QR; with or without symbology identifier, GS as ``\\x1d``) or a GS1 Digital Link URI. GS1 data names our
lot by AI (10); when the item has a GTIN, AI (01) must match it — a label of another product that happens to
carry the same batch text is refused, not booked.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lotline.core.models import Lot
from lotline.core.services import LedgerError, find_lot
from lotline.gs1 import GS1ParseError, ScanResult, parse_scan

__all__ = ["ScanResult", "interpret_scan", "lot_from_scan"]


def interpret_scan(text: str) -> ScanResult:
    """Classify a scan; unreadable GS1 data raises LedgerError('unreadable_scan') in the operator's words."""
    try:
        # Labels often split data over two symbols; one holding (10) without (01) still names our lot.
        return parse_scan(text, require_associations=False)
    except GS1ParseError as exc:
        raise LedgerError("unreadable_scan", str(exc), field="lot") from None


def lot_from_scan(text: str, *, field: str = "lot") -> Lot:
    """The lot a scan identifies, or LedgerError (unknown_lot, no_lot_in_scan, wrong_gtin,
    unreadable_scan)."""
    scan = interpret_scan(text)
    if not scan.lot:
        raise LedgerError(
            "no_lot_in_scan", _("This barcode carries no lot number. Scan the lot label."), field=field
        )
    lot = find_lot(scan.lot, field=field)
    if scan.gtin and lot.item.gtin and scan.gtin.zfill(14) != lot.item.gtin.zfill(14):
        raise LedgerError(
            "wrong_gtin",
            _("This label is for product %(gtin)s, but lot %(lot)s is %(item)s. Check the label.")
            % {"gtin": scan.gtin, "lot": lot.number, "item": lot.item},
            field=field,
        )
    return lot
