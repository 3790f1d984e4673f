"""Dry-recall (mock recall) drills: trace one finished lot both ways, check the path for holes, time it.

Holes (fail the drill): an output with no recorded input ("consumption with no source lot"), a raw lot
without the supplier's lot number or delivery, a lot that enters the genealogy from nowhere (imported),
a shipment document without lots, a lot or work order whose mass balance does not close.
Warnings (reported, do not fail): ambiguous links — the recall widens on them, it never misses a path.
The drill passes when it has no holes and the answer came within the plant's target time.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotline.core.models import Item, Lot, Shipment, WorkOrder
from lotline.core.queries import Trace, merge_links, recall_scope, trace

from .balance import balances_of_lots, work_order_balance
from .models import Drill

HOLE, WARNING = "hole", "warning"
# The longest pass/fail target, in whole seconds: a day, for the page, the `drill` command and the setting
# LOTLINE_DRILL_TARGET_SECONDS alike. A longer target is no drill; 10^20 cannot even be stored.
MAX_TARGET_SECONDS: int = settings.MAX_DRILL_TARGET_SECONDS


class DrillRefused(ValueError):
    """A drill request refused before anything ran or was recorded; ``field`` names what to fix."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def target_refusal(given: str) -> DrillRefused:
    return DrillRefused(
        _("Target (seconds) takes whole seconds from 1 to %(max)d, not %(given)s.")
        % {"max": MAX_TARGET_SECONDS, "given": given[:40]},
        "target_seconds",
    )


def parse_target_seconds(text: str) -> int | None:
    """The target typed on the drills page: None when empty (the plant's default), else whole seconds from 1
    to MAX_TARGET_SECONDS written in ASCII digits ("1e3", "²", "-5" and 10^20 are refused, not guessed)."""
    text = text.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit() and len(text) <= 6 and 1 <= int(text) <= MAX_TARGET_SECONDS:
        return int(text)
    raise target_refusal(text)


# What a drill's results count, as people read it (the keys stay stable in the stored JSON).
RESULT_LABELS = {
    "backward_lots": gettext_lazy("Lots backward (where it came from)"),
    "raw_lots": gettext_lazy("Raw lots"),
    "deliveries": gettext_lazy("Supplier deliveries"),
    "forward_lots": gettext_lazy("Lots forward (where it went)"),
    "shipments": gettext_lazy("Shipments"),
    "customers": gettext_lazy("Customers"),
    "work_orders": gettext_lazy("Work orders"),
}


def labelled_results(results: dict[str, Any]) -> list[tuple[str, Any]]:
    """A drill's counts with human labels, in the order above; an unknown key is shown as it is."""
    known = [(str(label), results[key]) for key, label in RESULT_LABELS.items() if key in results]
    return known + [(key, value) for key, value in results.items() if key not in RESULT_LABELS]


def pick_lot(rng: random.Random | None = None) -> Lot | None:
    """A random finished lot (any produced lot when the plant has no finished goods yet)."""
    rng = rng or random.Random()
    for lots in (
        Lot.objects.filter(item__kind=Item.Kind.FINISHED, origin=Lot.Origin.PRODUCED),
        Lot.objects.filter(origin=Lot.Origin.PRODUCED),
    ):
        count = lots.count()
        if count:
            return lots.order_by("id")[rng.randrange(count)]
    return None


def run_drill(
    lot: Lot | None = None,
    *,
    target_seconds: int | None = None,
    user=None,
    rng: random.Random | None = None,
    form_token: str | None = None,
) -> Drill:
    """Run one drill and keep it. Raises LookupError when the plant has no produced lot to drill on, and
    DrillRefused for a target the Drill table cannot hold (negative, or past a day). A target of 0 is kept:
    a drill that cannot pass, which the tests use. ``form_token`` (the page's one-time token) makes a form
    sent twice return the drill the first send recorded."""
    form_token = (form_token or "").strip()[:64] or None
    if form_token and (done := Drill.objects.filter(form_token=form_token).first()) is not None:
        return done
    if target_seconds is not None and not 0 <= target_seconds <= MAX_TARGET_SECONDS:
        raise target_refusal(str(target_seconds))
    lot = lot or pick_lot(rng)
    if lot is None:
        raise LookupError(_("There is no produced lot to run a drill on."))
    target = target_seconds if target_seconds is not None else settings.LOTLINE_DRILL_TARGET_SECONDS
    started = time.perf_counter()
    backward = trace(lot, "backward")
    forward = recall_scope([lot])
    findings = find_holes(backward, forward.trace)
    elapsed_ms = Decimal(str((time.perf_counter() - started) * 1000)).quantize(Decimal("0.1"))
    holes = sum(1 for f in findings if f["severity"] == HOLE)
    results = {
        "backward_lots": len(backward.lots),
        "raw_lots": len(backward.raw_lots),
        "deliveries": len(backward.deliveries),
        "forward_lots": len(forward.lots),
        "shipments": len({s.shipment for s in forward.shipments}),
        "customers": len(forward.customers),
        "work_orders": len(work_orders_of(backward, forward.trace)),
    }
    fields = {
        "form_token": form_token,
        "ran_at": timezone.now(),
        "ran_by": user if user is not None and user.is_authenticated else None,
        "lot": lot,
        "results": results,
        "elapsed_ms": elapsed_ms,
        "target_seconds": target,
        "findings": findings,
        "passed": holes == 0 and elapsed_ms <= target * 1000,
    }
    try:
        with transaction.atomic():
            return Drill.objects.create(**fields)
    except IntegrityError:
        # The same form's other send finished first (both ran the trace; one drill is kept).
        done = Drill.objects.filter(form_token=form_token).first() if form_token else None
        if done is None:
            raise
        return done


def finding(code: str, severity: str, message: str, lot: str = "") -> dict[str, Any]:
    return {"code": code, "severity": severity, "message": message, "lot": lot}


def work_orders_of(*traces: Trace) -> list[str]:
    return sorted({lot.work_order for t in traces for lot in t.lots if lot.work_order})


def find_holes(backward: Trace, forward: Trace) -> list[dict[str, Any]]:
    """Everything on the lot's path (both ways) that a recall could not fully account for."""
    findings: list[dict[str, Any]] = []
    has_parent = {link.child_id for link in backward.links}
    for lot in backward.lots:
        if lot.origin == Lot.Origin.PRODUCED and lot.id not in has_parent:
            findings.append(
                finding(
                    "no_source",
                    HOLE,
                    _("Lot %(lot)s was produced on %(wo)s with no input lot recorded.")
                    % {"lot": lot.number, "wo": lot.work_order},
                    lot.number,
                )
            )
        elif lot.origin == Lot.Origin.IMPORTED and lot.id not in has_parent:
            findings.append(
                finding(
                    "no_source",
                    HOLE,
                    _("Lot %(lot)s was imported without its origin.") % {"lot": lot.number},
                    lot.number,
                )
            )
        if lot.origin in (Lot.Origin.RECEIVED, Lot.Origin.IMPORTED) and lot.id not in has_parent:
            missing = [
                label
                for label, value in ((_("supplier's lot"), lot.supplier_lot), (_("delivery"), lot.delivery))
                if not value
            ]
            if missing:
                findings.append(
                    finding(
                        "raw_without_supplier",
                        HOLE,
                        _("Raw lot %(lot)s has no %(missing)s.")
                        % {"lot": lot.number, "missing": _(" or ").join(missing)},
                        lot.number,
                    )
                )
    lots = {lot.id: lot for t in (backward, forward) for lot in t.lots}
    for number, balance in sorted(balances_of_lots(list(lots)).items()):
        for flag in balance.flags:
            findings.append(
                finding(
                    "mass_balance", HOLE, _("Lot %(lot)s: %(flag)s.") % {"lot": number, "flag": flag}, number
                )
            )
    for wo in (
        WorkOrder.objects.filter(number__in=work_orders_of(backward, forward))
        .select_related("item", "recipe")
        .order_by("number")
    ):
        result = work_order_balance(wo)
        for line in result.inputs:
            if line.flagged:
                findings.append(
                    finding(
                        "yield",
                        HOLE,
                        _(
                            "Work order %(wo)s: %(item)s yield %(actual)s against %(expected)s expected "
                            "(%(deviation)s %%, tolerance %(tolerance)s %%)."
                        )
                        % {
                            "wo": wo.number,
                            "item": line.item_code,
                            "actual": line.actual_yield,
                            "expected": result.expected_yield,
                            "deviation": line.deviation_pct,
                            "tolerance": result.tolerance_pct,
                        },
                    )
                )
    customers = {s.customer_id for s in Shipment.objects.filter(lines__lot_id__in=list(lots)).distinct()}
    for shipment in shipments_without_lots(customers):
        findings.append(
            finding(
                "shipment_without_lots",
                HOLE,
                _("Shipment %(doc)s to %(customer)s has no lots.")
                % {"doc": shipment.number, "customer": shipment.customer.name},
            )
        )
    for t in (backward, forward):
        for link in merge_links(t.ambiguous_links):
            findings.append(
                finding(
                    "ambiguous_link",
                    WARNING,
                    _("%(parent)s → %(child)s on %(wo)s is ambiguous: the recall includes it to be safe.")
                    % {
                        "parent": t.number_of(link.parent_id),
                        "child": t.number_of(link.child_id),
                        "wo": link.work_order,
                    },
                    t.number_of(link.child_id),
                )
            )
    return dedupe(findings)


def shipments_without_lots(customer_ids: set[int]) -> list[Shipment]:
    """Documents to the path's customers with no lot left on them (never scanned, or every line corrected)."""
    return list(
        Shipment.objects.filter(customer_id__in=customer_ids)
        .select_related("customer")
        .annotate(net=Sum("lines__quantity"))
        .filter(Q(net__isnull=True) | Q(net=0))
        .order_by("number")
    )


def dedupe(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple] = set()
    unique = []
    for f in findings:
        key = (f["code"], f["message"])
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def last_drill() -> Drill | None:
    return Drill.objects.order_by("-ran_at", "-id").first()


def drill_overdue(days: int = 30) -> bool:
    """For the dashboard: no drill yet, or the last one is older than ``days``."""
    last = last_drill()
    return last is None or timezone.now() - last.ran_at > timedelta(days=days)
