"""Work orders, recipes (bills of materials) and shipments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .master import Item, Machine, Party, Site


class Recipe(models.Model):
    """One version of an item's bill of materials: inputs per unit of output and the expected yield.

    Versions are never edited once a work order uses them; a change is a new version.
    """

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="recipes")
    version = models.PositiveIntegerField(_("version"))
    is_active = models.BooleanField(_("active"), default=True)
    # Output per unit of input mass/count, e.g. 0.92 when cutting loses 8 %.
    expected_yield = models.DecimalField(_("expected yield"), max_digits=7, decimal_places=4, default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "-version"]
        constraints = [models.UniqueConstraint(fields=["item", "version"], name="recipe_version_unique")]
        verbose_name = _("recipe")

    def __str__(self) -> str:
        return f"{self.item.code} v{self.version}"


class RecipeLine(models.Model):
    """An input of a recipe: how much of which item per one base unit of output."""

    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="lines")
    component = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="used_in")
    quantity_per_unit = models.DecimalField(_("quantity per unit"), max_digits=18, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=8)
    scrap_pct = models.DecimalField(_("scrap allowance %"), max_digits=5, decimal_places=2, default=0)
    # An alternative input replaces the line it names (e.g. coil from a second supplier's grade).
    alternative_for = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="alternatives"
    )

    class Meta:
        verbose_name = _("recipe line")

    def __str__(self) -> str:
        return f"{self.quantity_per_unit} {self.unit} {self.component_id}"


class WorkOrder(models.Model):
    """Make a quantity of one item, on a machine, from the recipe version frozen at release."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RELEASED = "released", _("released")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    number = models.CharField(_("work order"), max_length=30, unique=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="work_orders")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="work_orders")
    machine = models.ForeignKey(
        Machine, on_delete=models.PROTECT, null=True, blank=True, related_name="work_orders"
    )
    recipe = models.ForeignKey(
        Recipe, on_delete=models.PROTECT, null=True, blank=True, related_name="work_orders"
    )
    quantity_planned = models.DecimalField(_("planned quantity"), max_digits=18, decimal_places=6)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RELEASED)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), default=5)
    customer_ref = models.CharField(_("customer order"), max_length=60, blank=True)
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("work order")

    def __str__(self) -> str:
        return self.number

    @property
    def accepts_events(self) -> bool:
        return self.status in (self.Status.RELEASED, self.Status.IN_PROGRESS)


class Shipment(models.Model):
    """A dispatch to a customer under one document number; its lines are ship events in the ledger."""

    number = models.CharField(_("document number"), max_length=40, unique=True)
    customer = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="shipments")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="shipments")
    shipped_at = models.DateTimeField(_("shipped at"))
    sscc = models.CharField(_("SSCC"), max_length=18, blank=True)

    class Meta:
        ordering = ["-shipped_at", "-id"]
        verbose_name = _("shipment")

    def __str__(self) -> str:
        return self.number
