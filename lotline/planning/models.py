"""Routings (operations per item), operation confirmations, work-order transitions and plan changes.

Confirmations, transitions and plan changes are history: services only ever add rows to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotline.core.models import Item, Machine, WorkOrder


class Routing(models.Model):
    """How an item is made: its operations, in order."""

    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="routing")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("routing")

    def __str__(self) -> str:
        return f"{self.item.code} routing"


class Operation(models.Model):
    """One step of a routing, on a machine or on any machine of a group, with setup and run times."""

    routing = models.ForeignKey(Routing, on_delete=models.CASCADE, related_name="operations")
    sequence = models.PositiveIntegerField(_("sequence"))
    name = models.CharField(_("name"), max_length=120)
    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    machine_group = models.CharField(_("machine group"), max_length=60, blank=True)
    setup_minutes = models.DecimalField(_("setup, minutes"), max_digits=9, decimal_places=2, default=0)
    run_minutes_per_unit = models.DecimalField(
        _("run, minutes per unit"), max_digits=12, decimal_places=4, default=0
    )

    class Meta:
        ordering = ["routing", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["routing", "sequence"], name="operation_sequence_unique")
        ]
        verbose_name = _("operation")

    def __str__(self) -> str:
        return f"{self.sequence} {self.name}"

    def accepts(self, machine: Machine | None) -> bool:
        """Whether the operation may run on this machine (its own machine, or one of its group)."""
        if machine is None:
            return False
        if self.machine_id is not None:
            return self.machine_id == machine.pk
        return not self.machine_group or self.machine_group == machine.group


class CheckItem(models.Model):
    """A question the operator answers when confirming an operation (e.g. "first part measured")."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="checks")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=200)

    class Meta:
        ordering = ["operation", "position", "id"]
        verbose_name = _("checklist item")

    def __str__(self) -> str:
        return self.text


class OperationConfirmation(models.Model):
    """An operator's confirmation that an operation of a work order was done, with the checklist answers."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="confirmations")
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="confirmations")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("confirmed at"))
    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        verbose_name = _("operation confirmation")

    def __str__(self) -> str:
        return f"{self.work_order_id} op {self.operation_id} at {self.confirmed_at:%Y-%m-%d %H:%M}"


class ChecklistAnswer(models.Model):
    """One answer on a confirmation. The question's text is copied: a later edit of the checklist must not
    change what the operator was asked."""

    confirmation = models.ForeignKey(OperationConfirmation, on_delete=models.CASCADE, related_name="answers")
    check_item = models.ForeignKey(CheckItem, on_delete=models.SET_NULL, null=True, related_name="+")
    question = models.CharField(_("question"), max_length=200)
    done = models.BooleanField(_("done"))

    class Meta:
        ordering = ["confirmation", "id"]
        verbose_name = _("checklist answer")

    def __str__(self) -> str:
        return f"{self.question}: {self.done}"


class WorkOrderTransition(models.Model):
    """A work order's status change: from, to, who, when."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=WorkOrder.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=WorkOrder.Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["work_order", "at"], name="wo_transition_time")]
        verbose_name = _("work-order transition")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class PlanChange(models.Model):
    """A move on the planning board: the work order's machine and planned start, before and after."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="plan_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(_("at"))
    from_machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, related_name="+")
    to_machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, related_name="+")
    from_start = models.DateTimeField(_("from start"), null=True)
    to_start = models.DateTimeField(_("to start"), null=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["work_order", "at"], name="plan_change_time")]
        verbose_name = _("plan change")

    def __str__(self) -> str:
        return f"plan change {self.work_order_id} at {self.at:%Y-%m-%d %H:%M}"
