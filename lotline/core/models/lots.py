"""Lots, supplier deliveries and the lot-number counters."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .master import Item, Party, Site


class Delivery(models.Model):
    """One supplier delivery (a delivery note); the raw lots received with it point here."""

    supplier = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="deliveries")
    reference = models.CharField(_("delivery note"), max_length=60)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="deliveries")
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "reference"], name="delivery_unique_per_supplier")
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.supplier.code} {self.reference}"


class Lot(models.Model):
    """A quantity of one item treated as one, under a unique internal lot number that is never reused.

    Quantities and genealogy live in the ledger; ``status`` is a projection of the hold/release events,
    kept in the same transaction (tests compare it with the ledger).
    """

    class Status(models.TextChoices):
        RELEASED = "released", _("released")
        ON_HOLD = "on_hold", _("on hold")
        QUARANTINED = "quarantined", _("quarantined")
        RECALLED = "recalled", _("recalled")

    class Origin(models.TextChoices):
        RECEIVED = "received", _("received")
        PRODUCED = "produced", _("produced")
        SPLIT = "split", _("split")
        MERGED = "merged", _("merged")
        IMPORTED = "imported", _("imported")

    number = models.CharField(_("lot number"), max_length=20, unique=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="lots")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="lots")
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RELEASED)
    created_at = models.DateTimeField(_("made or received at"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Raw lots: whose lot it was, and on which delivery it came.
    supplier = models.ForeignKey(Party, on_delete=models.PROTECT, null=True, blank=True, related_name="lots")
    supplier_lot = models.CharField(_("supplier's lot"), max_length=60, blank=True, db_index=True)
    delivery = models.ForeignKey(
        Delivery, on_delete=models.PROTECT, null=True, blank=True, related_name="lots"
    )
    # Produced lots: the work order and machine that made them.
    work_order = models.ForeignKey(
        "core.WorkOrder", on_delete=models.PROTECT, null=True, blank=True, related_name="output_lots"
    )
    machine = models.ForeignKey(
        "core.Machine", on_delete=models.PROTECT, null=True, blank=True, related_name="lots"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["machine", "created_at"], name="lot_machine_time")]
        verbose_name = _("lot")

    def __str__(self) -> str:
        return self.number

    @property
    def unit(self) -> str:
        return self.item.unit

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.RELEASED


class LotNumberCounter(models.Model):
    """The last sequence number used within one scope (see lotline.lib.lotnumbers.sequence_scope)."""

    scope = models.CharField(max_length=40, primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"
