"""Label templates, printers, the append-only print record and the SSCC counter."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotline.core.models import Item, Lot, Shipment, Site
from lotline.labels import SHEET_A4_3X7, SHEET_LETTER_3X10, SIZE_4X6, SIZE_100X50, SYMBOL_KINDS, TEXT_FIELDS

SYMBOL_CHOICES = [
    ("qr", _("QR code of the lot number")),
    ("code128", _("Code 128 of the lot number")),
    ("gs1_datamatrix", _("GS1 DataMatrix (GTIN, lot, dates)")),
    ("gs1_128", _("GS1-128 (GTIN, lot, dates)")),
    ("gs1_qr", _("GS1 QR Code (GTIN, lot, dates)")),
    ("dl_qr", _("QR code with a GS1 Digital Link")),
]
assert [code for code, _label in SYMBOL_CHOICES] == list(SYMBOL_KINDS)
SIZES = {"100x50": SIZE_100X50, "4x6": SIZE_4X6}
SIZE_CHOICES = [("100x50", _("100 × 50 mm")), ("4x6", _("4 × 6 in"))]
SHEETS = {"a4_3x7": SHEET_A4_3X7, "letter_3x10": SHEET_LETTER_3X10}
SHEET_CHOICES = [("a4_3x7", _("A4, 3 × 7 labels")), ("letter_3x10", _("US Letter, 3 × 10 labels"))]
FIELD_CHOICES = [
    ("lot_number", _("lot number")),
    ("item", _("item code and name")),
    ("quantity", _("quantity and unit")),
    ("date", _("production or receipt date")),
    ("expiry", _("expiry date")),
    ("supplier", _("supplier and supplier's lot")),
    ("site", _("site")),
    ("gtin", _("GTIN")),
    ("sscc", _("SSCC")),
    ("extra", _("extra lines")),
]
assert [code for code, _label in FIELD_CHOICES] == list(TEXT_FIELDS)


def validate_field_list(value: str) -> None:
    unknown = [name for name in value.split(",") if name and name not in TEXT_FIELDS]
    if unknown:
        raise ValidationError(_("Unknown label fields: %(names)s") % {"names": ", ".join(unknown)})


class LabelTemplate(models.Model):
    """How lots of one item kind are labelled: symbol, label size, sheet for bulk prints, fields shown."""

    item_kind = models.CharField(_("item kind"), max_length=12, choices=Item.Kind.choices, unique=True)
    symbol = models.CharField(_("barcode"), max_length=16, choices=SYMBOL_CHOICES, default="qr")
    size = models.CharField(_("label size"), max_length=8, choices=SIZE_CHOICES, default="100x50")
    sheet = models.CharField(
        _("sheet for bulk prints"), max_length=12, choices=SHEET_CHOICES, default="a4_3x7"
    )
    # Comma-separated names from lotline.labels.TEXT_FIELDS, in any order (the label's order is fixed).
    fields = models.CharField(
        _("fields shown"), max_length=200, default=",".join(TEXT_FIELDS), validators=[validate_field_list]
    )
    encode_net_weight = models.BooleanField(
        _("net weight in GS1 barcodes (kg items)"),
        default=False,
        help_text=_("Adds AI (310n) to GS1 symbols of items counted in kg."),
    )

    class Meta:
        ordering = ["item_kind"]
        verbose_name = _("label template")

    def __str__(self) -> str:
        return str(self.get_item_kind_display())

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(name for name in self.fields.split(",") if name)


class Printer(models.Model):
    """A Zebra (ZPL) label printer reachable over raw TCP, usually port 9100."""

    class Dpi(models.IntegerChoices):
        DPI_203 = 203, _("203 dpi (8 dots/mm)")
        DPI_300 = 300, _("300 dpi (12 dots/mm)")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="printers")
    name = models.CharField(_("name"), max_length=60)
    host = models.CharField(_("host name or IP address"), max_length=200)
    port = models.PositiveIntegerField(_("port"), default=9100)
    dpi = models.PositiveSmallIntegerField(_("resolution"), choices=Dpi.choices, default=Dpi.DPI_203)
    size = models.CharField(_("loaded label size"), max_length=8, choices=SIZE_CHOICES, default="100x50")
    is_default = models.BooleanField(_("default printer of the site"), default=False)

    class Meta:
        ordering = ["site", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="printer_name_unique_per_site"),
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(is_default=True), name="printer_one_default_per_site"
            ),
        ]
        verbose_name = _("printer")

    def __str__(self) -> str:
        return f"{self.name} ({self.host}:{self.port})"


class LabelPrint(models.Model):
    """One print or reprint of labels for a lot or a shipment's pallet — who, when, how, and why.

    Append-only: rows are written by lotline.printing.services and never changed (save and delete refuse),
    so the record answers an auditor's "how many labels of this lot exist, and why the second one?".
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        ZPL = "zpl", "ZPL"

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="label_prints")
    shipment = models.ForeignKey(
        Shipment, on_delete=models.PROTECT, null=True, blank=True, related_name="label_prints"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(_("printed at"), default=timezone.now)
    format = models.CharField(_("format"), max_length=3, choices=Format.choices)
    printer = models.ForeignKey(
        Printer, on_delete=models.PROTECT, null=True, blank=True, related_name="prints"
    )
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    symbol = models.CharField(_("barcode"), max_length=16, choices=SYMBOL_CHOICES)
    is_reprint = models.BooleanField(_("reprint"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    # What the barcode holds (the SSCC for a pallet), so the record shows what was actually printed.
    barcode_data = models.CharField(_("barcode data"), max_length=200, blank=True)
    # The one-time token of the form that sent this print (empty for download links and scripts): the same
    # form sent again (a double click, Back and send again) finds what its first send recorded instead of
    # recording another reprint. See PrintFormClaim.
    form_token = models.CharField(_("form token"), max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-printed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lot__isnull=False) | models.Q(shipment__isnull=False),
                name="labelprint_lot_or_shipment",
            ),
            models.CheckConstraint(
                condition=models.Q(is_reprint=False) | ~models.Q(reason=""), name="labelprint_reprint_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["lot", "printed_at"], name="labelprint_lot_time"),
            models.Index(
                fields=["form_token"], name="labelprint_form_token", condition=~models.Q(form_token="")
            ),
        ]
        verbose_name = _("label print")

    def __str__(self) -> str:
        return f"{self.lot or self.shipment} {self.printed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Label prints are a record: they are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise ValidationError(_("Label prints are a record: they are never deleted."))


class PrintFormClaim(models.Model):
    """A print or reprint form's one-time token, claimed by the first send of that form before anything is
    drawn, sent to a printer or recorded.

    The two requests of a double click arrive together; the unique token lets only one of them print, and
    the other waits for what it recorded (LabelPrint.form_token) and answers with that. A send that fails
    (the printer does not answer, a label is refused) removes its claim, so the same form may be sent again.
    Claims are bookkeeping, not the print record: LabelPrint is the record."""

    token = models.CharField(_("form token"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)

    class Meta:
        verbose_name = _("print form claim")

    def __str__(self) -> str:
        return self.token


class SsccCounter(models.Model):
    """The last SSCC serial reference used under one GS1 Company Prefix and extension digit."""

    company_prefix = models.CharField(_("GS1 company prefix"), max_length=12)
    extension_digit = models.PositiveSmallIntegerField(_("extension digit"), default=0)
    last = models.PositiveBigIntegerField(_("last serial reference"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company_prefix", "extension_digit"], name="sscc_counter_unique")
        ]
        verbose_name = _("SSCC counter")

    def __str__(self) -> str:
        return f"{self.extension_digit} {self.company_prefix}: {self.last}"
