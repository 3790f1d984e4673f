"""The append-only ledger: events, their lines, genealogy links, link voids — and the stock projection.

Event, EventLine, GenealogyLink and LinkVoid are never updated or deleted: the database refuses it (triggers
in migration 0002). A mistake is answered by a correction event that references the original, reverses its
lines and voids its links — history is kept, as 21 CFR 11.10(e) asks. StockBalance is a projection kept in
the same transaction as the events (tests prove it equals the sum of the lines).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .lots import Delivery, Lot
from .master import Location, Machine, Site
from .orders import Shipment, WorkOrder

LEDGER_TABLES = ("core_event", "core_eventline", "core_genealogylink", "core_linkvoid")


class EventKind(models.TextChoices):
    RECEIVE = "receive", _("receive")
    CONSUME = "consume", _("consume")
    PRODUCE = "produce", _("produce")
    SPLIT = "split", _("split")
    MERGE = "merge", _("merge")
    MOVE = "move", _("move")
    SHIP = "ship", _("ship")
    ADJUST = "adjust", _("adjust")
    SCRAP = "scrap", _("scrap")
    HOLD = "hold", _("hold")
    RELEASE = "release", _("release")
    CORRECT = "correct", _("correct")


class Event(models.Model):
    """Something that happened to lots: who, when (on the floor and in the system), where, why."""

    uid = models.UUIDField(_("event id"), unique=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("happened at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, related_name="+")
    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, related_name="+")
    # No index of its own: event_wo_kind_time starts with it (a second index only slows every insert).
    work_order = models.ForeignKey(
        WorkOrder, on_delete=models.PROTECT, null=True, related_name="events", db_index=False
    )
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, null=True, related_name="events")
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, null=True, related_name="events")
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, related_name="corrections")
    new_status = models.CharField(_("new status"), max_length=12, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)  # e.g. a recall case number
    # Hash of what was asked for, so a re-sent event id with different content is refused, not ignored.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [
            models.Index(fields=["work_order", "kind", "occurred_at"], name="event_wo_kind_time"),
            models.Index(fields=["occurred_at"], name="event_time"),
        ]
        verbose_name = _("event")
        # Roles (lotline.core.roles) are built from these.
        permissions = [
            ("record_events", _("Can record receipts, consumption, output and shipments")),
            ("hold_release", _("Can hold and release lots")),
            ("correct_events", _("Can correct recorded events")),
            ("view_reports", _("Can see traces, recalls and reports")),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uid}"


class EventLine(models.Model):
    """One lot's change in one event: a signed quantity at a location (in > 0, out < 0)."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="lines")
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="lines", db_index=False
    )  # eventline_lot_kind
    # Null only on status lines (hold, release), which move no stock.
    location = models.ForeignKey(Location, on_delete=models.PROTECT, null=True, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=8)
    # Copies of the event's kind and shipment: events never change, so the copies cannot drift, and the
    # recall query aggregates lines without joining events.
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, null=True, related_name="lines")
    # In (+1) or out (-1) of the lot, 0 for status lines. A correction's line keeps the direction of the
    # line it reverses, with the quantity negated, so "received", "consumed", "shipped" sum per
    # (kind, direction) and corrections net out.
    direction = models.SmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["lot", "kind"], name="eventline_lot_kind")]
        verbose_name = _("event line")

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity} {self.unit}"


class GenealogyLink(models.Model):
    """Input lot → output lot, written when the event is recorded (never inferred later).

    ``basis`` says how we know: *explicit* when the operator named the inputs of this output (or a split or
    merge), *implicit* when the work-order rule linked it (see ARCHITECTURE.md, "the link rule"). Whether an
    implicit link is *ambiguous* is decided at query time from the work order's other links.
    """

    class Basis(models.TextChoices):
        EXPLICIT = "explicit", _("explicit")
        IMPLICIT = "implicit", _("implicit (work order rule)")

    # Indexed by the two composite indexes below, which also cover the recursive step of a trace (the
    # link id is the rowid, in every SQLite index), so the walk never reads the table itself.
    parent = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="child_links", db_index=False)
    child = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="parent_links", db_index=False)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=6, null=True)
    unit = models.CharField(_("unit"), max_length=8, blank=True)
    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, null=True, related_name="links")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="links")
    consume_event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, related_name="+")
    basis = models.CharField(_("basis"), max_length=8, choices=Basis.choices)

    class Meta:
        indexes = [
            models.Index(fields=["parent", "child"], name="link_parent_child"),
            models.Index(fields=["child", "parent"], name="link_child_parent"),
        ]
        verbose_name = _("genealogy link")

    def __str__(self) -> str:
        return f"{self.parent_id} → {self.child_id}"


class LinkVoid(models.Model):
    """A link withdrawn by a correction (the link row itself stays, as history)."""

    link = models.OneToOneField(
        GenealogyLink, on_delete=models.PROTECT, primary_key=True, related_name="void"
    )
    correction = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"link {self.link_id} voided"


class StockBalance(models.Model):
    """On-hand quantity of a lot at a location: the running sum of its event lines (a projection)."""

    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="balances", db_index=False
    )  # unique below
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="balances")
    quantity = models.DecimalField(_("on hand"), max_digits=18, decimal_places=6, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "location"], name="balance_unique_lot_location")
        ]
        verbose_name = _("stock balance")

    def __str__(self) -> str:
        return f"{self.lot_id}@{self.location_id}: {self.quantity}"
