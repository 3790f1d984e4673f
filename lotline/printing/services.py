"""Printing lot and pallet labels: render, send to a printer, and record every print in LabelPrint.

Policy (docs/labels.md): the first label of a lot (or a shipment's pallet) needs no reason; any later one is
a reprint and needs a reason, recorded with who and when. A label that cannot be right (bad GTIN, a lot
number GS1 cannot carry) is refused before anything is drawn; a printer that does not take the data means
nothing is recorded. Nothing is recorded for a refusal.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lotline.core.models import Lot, Shipment
from lotline.gs1 import GS1Error, build_sscc
from lotline.labels import LabelContent, LabelError, LabelSpec, PrinterError, render_label_zpl, send_zpl
from lotline.labels.content import GS1_SYMBOLS
from lotline.labels.symbols import symbol_payload

from .config import company_prefix
from .content import (
    checked_lot_label,
    label_content_for_lot,
    pallet_content,
    pallet_spec,
    spec_for,
    template_sheet,
)
from .errors import PrintingError
from .models import LabelPrint, Printer, PrintFormClaim, SsccCounter
from .render import render_mixed_pdf

__all__ = [
    "PrintJob",
    "PrintingError",
    "form_token",
    "label_content_for_lot",
    "pallet_label_for_shipment",
    "print_lot_labels",
    "print_pallet_label",
    "redownload",
    "spec_for",
]

FORMATS = ("pdf", "zpl")
MAX_COPIES = 50
SSCC_EXTENSION_DIGIT = 0
# A form's one-time token as the pages render it (uuid4().hex); anything else is not deduplicated.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# How long the second send of a form waits for the first one to record (drawing and sending a label takes
# well under a second; a printer that does not answer gives up after 3 s).
CLAIM_WAIT_SECONDS = 10.0
CLAIM_POLL_SECONDS = 0.05


@dataclass
class PrintJob:
    """What was produced: the document (also when it went to a printer) and the records written."""

    data: bytes
    fmt: str
    filename: str
    printer: Printer | None = None
    prints: list[LabelPrint] = field(default_factory=list)
    # True when this send of a form found the prints its first send recorded: nothing new was recorded or
    # sent to a printer, ``prints`` are the earlier ones and ``data`` their document drawn again.
    replayed: bool = False

    @property
    def media_type(self) -> str:
        return "application/pdf" if self.fmt == "pdf" else "application/vnd.zebra-zpl"

    @property
    def label_count(self) -> int:
        return sum(p.copies for p in self.prints)


def _check_request(fmt: str, printer: Printer | None, copies: int, sheet: str | None) -> None:
    if fmt not in FORMATS:
        raise PrintingError("bad_format", _("Labels are printed as PDF or ZPL, not %(fmt)s.") % {"fmt": fmt})
    if printer is not None and fmt != "zpl":
        raise PrintingError("bad_format", _("Label printers take ZPL."), field="printer")
    if fmt == "zpl" and sheet is not None:
        raise PrintingError("bad_sheet", _("Sheets of labels are printed from the PDF."), field="sheet")
    if not 1 <= copies <= MAX_COPIES:
        raise PrintingError(
            "bad_copies", _("Copies must be between 1 and %(max)d.") % {"max": MAX_COPIES}, field="copies"
        )


def _check_reason(already: Sequence[str], reason: str) -> bool:
    """True for a reprint; refused when it is one and no reason was given."""
    if not already:
        return False
    if not reason.strip():
        raise PrintingError(
            "reason_required",
            _("Already printed: %(what)s. A reprint is recorded — say why (e.g. label damaged).")
            % {"what": ", ".join(already)},
            field="reason",
        )
    return True


def _render(labels: list[tuple[LabelContent, LabelSpec]], fmt: str, dpi: int, title: str) -> bytes:
    try:
        if fmt == "pdf":
            return render_mixed_pdf(labels, title)
        return "".join(render_label_zpl(content, spec, dpi) for content, spec in labels).encode("ascii")
    except LabelError as exc:
        raise PrintingError("label_refused", str(exc)) from None


def _send(printer: Printer, data: bytes) -> None:
    try:
        send_zpl(printer.host, data, port=printer.port)
    except PrinterError as exc:
        raise PrintingError(
            "printer_unreachable",
            _(
                "Nothing was printed on %(printer)s: %(reason)s. Check that it is on and connected, then try "
                "again — or print the PDF."
            )
            % {"printer": printer.name, "reason": exc},
            field="printer",
        ) from None


def form_token(text: str | None) -> str:
    """A print form's one-time token as sent, or "" when there is none (a download link, a script)."""
    text = (text or "").strip()
    return text if TOKEN.fullmatch(text) else ""


def _sent_with(token: str) -> list[LabelPrint]:
    return list(
        LabelPrint.objects.filter(form_token=token)
        .select_related("lot__item", "lot__site", "lot__supplier", "shipment__site", "shipment__customer")
        .order_by("id")
    )


def _claim(token: str, user: AbstractBaseUser) -> list[LabelPrint] | None:
    """Claim the form's token for this send: None when this send may go ahead, else the prints the form's
    first send recorded (answer with those; print and record nothing). The second request of a double click
    arrives while the first is still drawing or sending, so it waits for what the first records."""
    deadline = time.monotonic() + CLAIM_WAIT_SECONDS
    while True:
        earlier = _sent_with(token)
        if earlier:
            return earlier
        try:
            with transaction.atomic():
                PrintFormClaim.objects.create(token=token, user=user)
            return None
        except IntegrityError:
            pass  # the form's other send holds the claim: wait for it to record, or to fail and let go
        if time.monotonic() >= deadline:
            raise PrintingError(
                "form_busy",
                _(
                    "This form was sent a moment ago and is still being printed. Open the label page again "
                    "to see what was recorded."
                ),
            )
        time.sleep(CLAIM_POLL_SECONDS)


def _release(token: str) -> None:
    """A send that failed lets go of its form's token, so the same form may be sent again."""
    if token:
        PrintFormClaim.objects.filter(token=token).delete()


def _already_printed(lots: Sequence[Lot]) -> list[str]:
    return list(
        LabelPrint.objects.filter(lot__in=lots)
        .values_list("lot__number", flat=True)
        .distinct()
        .order_by("lot__number")
    )


def _replayed_lots(
    earlier: list[LabelPrint], lots: Sequence[Lot], size: str | None, sheet: str | None, dpi: int
) -> PrintJob:
    """The answer to a form sent again: the prints its first send recorded, if they are of these lots."""
    if {p.lot_id for p in earlier} != {lot.pk for lot in lots}:
        raise PrintingError(
            "form_used", _("This form was already used for other labels; open the page again.")
        )
    job = redownload(earlier, size=size, sheet=sheet, dpi=dpi)
    job.printer, job.replayed = earlier[0].printer, True
    return job


def print_lot_labels(
    lots: Sequence[Lot],
    user: AbstractBaseUser,
    fmt: str,
    printer: Printer | None = None,
    reason: str = "",
    *,
    copies: int = 1,
    size: str | None = None,
    sheet: str | None = None,
    dpi: int = 203,
    token: str = "",
) -> PrintJob:
    """Labels for ``lots`` (``copies`` of each) as PDF — single labels, or a ``sheet`` ("" = the template's)
    — or ZPL, sent to ``printer`` when given (at its resolution and loaded label size).

    ``token`` is the sending form's one-time token: the same form sent again (a double click, Back and send
    again) records and prints nothing more and returns the first send's prints (``PrintJob.replayed``)."""
    _check_request(fmt, printer, copies, sheet)
    if not lots:
        raise PrintingError("no_lots", _("There are no lots to label."))
    token = form_token(token)
    if printer is not None:
        dpi, size = printer.dpi, size or printer.size
    if sheet == "":  # one sheet layout for the whole document, though lots of several kinds may differ
        sheet = template_sheet(lots[0].item)
    earlier = _sent_with(token) if token else []
    if earlier:  # Back and send again: answered before anything is drawn
        return _replayed_lots(earlier, lots, size, sheet, dpi)
    already = _already_printed(lots)
    is_reprint = _check_reason(already, reason)
    labels, barcodes, name = _lot_labels(lots, copies, size, sheet)
    data = _render(labels, fmt, dpi, _("Labels %(name)s") % {"name": name})
    earlier = (_claim(token, user) or []) if token else []
    if earlier:  # a double click: the other request printed and recorded
        return _replayed_lots(earlier, lots, size, sheet, dpi)
    try:
        if printer is not None:
            _send(printer, data)
        with transaction.atomic():
            if printer is None:
                # Look again, with the lots locked: a double click on a download link sends two GETs (no
                # form, no token); the second must ask for a reason, not record a second first print.
                # (Not after a send: those labels exist and are recorded as what they were sent as.)
                list(Lot.objects.select_for_update().filter(pk__in=[lot.pk for lot in lots]).values("pk"))
                now = _already_printed(lots)
                if now != already:
                    is_reprint = _check_reason(now, reason)
            prints = [
                LabelPrint(
                    lot=lot,
                    user=user,
                    format=fmt,
                    printer=printer,
                    copies=copies,
                    symbol=barcodes[lot.pk][0],
                    is_reprint=is_reprint,
                    reason=reason.strip(),
                    barcode_data=barcodes[lot.pk][1][:200],
                    form_token=token,
                )
                for lot in lots
            ]
            LabelPrint.objects.bulk_create(prints)
    except BaseException:
        _release(token)
        raise
    return PrintJob(data, fmt, f"labels-{safe_name(name)}.{fmt}", printer, prints)


def _lot_labels(
    lots: Sequence[Lot], copies: int, size: str | None, sheet: str | None
) -> tuple[list[tuple[LabelContent, LabelSpec]], dict[int, tuple[str, str]], str]:
    """The labels to draw (``copies`` of each lot), each lot's (symbol, barcode data), the document's name."""
    labels: list[tuple[LabelContent, LabelSpec]] = []
    barcodes: dict[int, tuple[str, str]] = {}
    for lot in lots:
        spec = spec_for(lot.item, size=size, sheet=sheet)
        content = checked_lot_label(lot, spec)
        labels += [(content, spec)] * copies
        try:
            barcodes[lot.pk] = (spec.symbol, symbol_payload(content, spec).text)
        except LabelError as exc:
            field_name = "lot_number" if spec.symbol in GS1_SYMBOLS else None
            raise PrintingError("label_refused", str(exc), field=field_name) from None
    name = lots[0].number if len(lots) == 1 else f"{lots[0].number}-{len(lots)}"
    return labels, barcodes, name


def redownload(
    prints: Sequence[LabelPrint], *, size: str | None = None, sheet: str | None = None, dpi: int = 203
) -> PrintJob:
    """The document of prints already recorded (one download: the same format and copies), drawn again and
    recording nothing — what the browser fetches after a reprint was recorded by a POST (post/redirect/get),
    so reloading that page neither records another reprint nor asks for a reason again."""
    if not prints:
        raise PrintingError("no_lots", _("There are no lots to label."))
    first = prints[0]
    fmt, copies = first.format, first.copies
    if first.shipment_id is not None:
        content, spec = pallet_content(first.shipment, first.shipment.sscc), pallet_spec(first.symbol)
        title = _("Pallet %(number)s") % {"number": first.shipment.number}
        data = _render([(content, spec)] * copies, fmt, dpi, title)
        return PrintJob(data, fmt, f"pallet-{safe_name(first.shipment.number)}.{fmt}", None, list(prints))
    if sheet == "":
        sheet = template_sheet(first.lot.item)
    labels, _barcodes, name = _lot_labels([p.lot for p in prints], copies, size, sheet)
    data = _render(labels, fmt, dpi, _("Labels %(name)s") % {"name": name})
    return PrintJob(data, fmt, f"labels-{safe_name(name)}.{fmt}", None, list(prints))


def safe_name(text: str) -> str:
    """For a Content-Disposition file name: ASCII letters, digits and - _ . only."""
    return "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in text)


def assign_sscc(shipment: Shipment) -> str:
    """The shipment's SSCC, drawn from the counter on its first pallet label and kept on the shipment, so a
    reprint carries the same number (an SSCC names one logistic unit, for ever)."""
    if shipment.sscc:
        return shipment.sscc
    prefix = company_prefix()
    with transaction.atomic():
        current = (
            Shipment.objects.select_for_update().filter(pk=shipment.pk).values_list("sscc", flat=True).get()
        )
        if current:
            shipment.sscc = current
            return current
        SsccCounter.objects.get_or_create(company_prefix=prefix, extension_digit=SSCC_EXTENSION_DIGIT)
        counter = SsccCounter.objects.select_for_update().get(
            company_prefix=prefix, extension_digit=SSCC_EXTENSION_DIGIT
        )
        counter.last += 1
        try:
            sscc = build_sscc(SSCC_EXTENSION_DIGIT, prefix, counter.last)
        except GS1Error as exc:
            raise PrintingError("sscc_exhausted", str(exc), field="LOTLINE_GS1_COMPANY_PREFIX") from None
        counter.save(update_fields=["last"])
        Shipment.objects.filter(pk=shipment.pk).update(sscc=sscc)
    shipment.sscc = sscc
    return sscc


def pallet_label_for_shipment(shipment: Shipment, symbol: str = "gs1_128") -> tuple[LabelContent, LabelSpec]:
    """The pallet label of a shipment: its SSCC as (00) in GS1-128 (or GS1 DataMatrix), on a 4x6 label."""
    spec = pallet_spec(symbol)
    return pallet_content(shipment, assign_sscc(shipment)), spec


def print_pallet_label(
    shipment: Shipment,
    user: AbstractBaseUser,
    fmt: str,
    printer: Printer | None = None,
    reason: str = "",
    *,
    symbol: str = "gs1_128",
    copies: int = 1,
    dpi: int = 203,
    token: str = "",
) -> PrintJob:
    """Render (and send) the pallet label and record it; reprints need a reason, like lot labels, and the
    same form sent twice (``token``) records once."""
    _check_request(fmt, printer, copies, None)
    token = form_token(token)
    if printer is not None:
        dpi = printer.dpi
    earlier = _sent_with(token) if token else []
    if earlier:
        return _replayed_pallet(earlier, shipment, dpi)
    previous = [shipment.number] if LabelPrint.objects.filter(shipment=shipment).exists() else []
    is_reprint = _check_reason(previous, reason)
    content, spec = pallet_label_for_shipment(shipment, symbol)
    data = _render([(content, spec)] * copies, fmt, dpi, _("Pallet %(number)s") % {"number": shipment.number})
    earlier = (_claim(token, user) or []) if token else []
    if earlier:
        return _replayed_pallet(earlier, shipment, dpi)
    try:
        if printer is not None:
            _send(printer, data)
        with transaction.atomic():
            if printer is None and not previous:
                # A double click on the first pallet label's link: the second GET asks for a reason.
                Shipment.objects.select_for_update().filter(pk=shipment.pk).values_list("pk", flat=True).get()
                if LabelPrint.objects.filter(shipment=shipment).exists():
                    is_reprint = _check_reason([shipment.number], reason)
            record = LabelPrint(
                shipment=shipment,
                user=user,
                format=fmt,
                printer=printer,
                copies=copies,
                symbol=spec.symbol,
                is_reprint=is_reprint,
                reason=reason.strip(),
                barcode_data=content.sscc or "",
                form_token=token,
            )
            record.save()
    except BaseException:
        _release(token)
        raise
    return PrintJob(data, fmt, f"pallet-{safe_name(shipment.number)}.{fmt}", printer, [record])


def _replayed_pallet(earlier: list[LabelPrint], shipment: Shipment, dpi: int) -> PrintJob:
    if [p.shipment_id for p in earlier] != [shipment.pk]:
        raise PrintingError(
            "form_used", _("This form was already used for other labels; open the page again.")
        )
    job = redownload(earlier, dpi=dpi)
    job.printer, job.replayed = earlier[0].printer, True
    return job


def default_printer(site_id: int) -> Printer | None:
    return Printer.objects.filter(site_id=site_id, is_default=True).first()
