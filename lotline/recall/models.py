"""Recall cases (a recall scope kept as a record, with its containment) and dry-recall drills."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotline.core.models import Delivery, Lot, Machine


class RecallCase(models.Model):
    """A recall scope saved for the record: what it was made from, a frozen snapshot, and its status."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONTAINED = "contained", _("contained")
        CLOSED = "closed", _("closed")

    number = models.CharField(_("case number"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # What the scope was made from: suspect lots, and/or a delivery, and/or a machine/operator window.
    suspect_lots = models.ManyToManyField(Lot, blank=True, related_name="recall_cases")
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    window_start = models.DateTimeField(_("window start"), null=True, blank=True)
    window_end = models.DateTimeField(_("window end"), null=True, blank=True)
    machine = models.ForeignKey(Machine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The scope as it was computed when the case was saved (lotline.recall.snapshot); the live scope may
    # grow later (late scans), the record must not change under an auditor's eyes.
    snapshot = models.JSONField(_("scope snapshot"), default=dict)
    notes = models.TextField(_("notes"), blank=True)
    # The one-time token of the form that saved the case: the same form sent again (Back, then Save, or a
    # double click) finds this case instead of creating a second one.
    save_token = models.CharField(_("save token"), max_length=64, null=True, blank=True, unique=True)
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)
    contained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recall case")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Drill(models.Model):
    """One dry-recall (mock recall) drill: a lot traced both ways, timed, checked for holes."""

    ran_at = models.DateTimeField(_("ran at"))
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: the monthly cron job
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="drills")
    # Counts of what the trace reached: {"backward_lots", "raw_lots", "deliveries", "forward_lots",
    # "shipments", "customers", "work_orders"}.
    results = models.JSONField(_("results"), default=dict)
    elapsed_ms = models.DecimalField(_("time to answer (ms)"), max_digits=12, decimal_places=1)
    target_seconds = models.PositiveIntegerField(_("target (s)"))
    # [{"code", "severity", "message", "lot"}, …] — see lotline.recall.drills.
    findings = models.JSONField(_("findings"), default=list)
    passed = models.BooleanField(_("passed"))
    # The drills page's one-time form token: the same form sent twice (a double click) is one drill.
    form_token = models.CharField(_("form token"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = _("drill")

    def __str__(self) -> str:
        return f"drill {self.lot.number} {self.ran_at:%Y-%m-%d}"

    @property
    def hole_count(self) -> int:
        return sum(1 for f in self.findings if f.get("severity") == "hole")
