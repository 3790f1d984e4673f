"""Which lots to pick for a work order: first expiry first out (FEFO) or first in first out (FIFO).

For each input of the work order's recipe (frozen version once released), the quantity still to issue is
the recipe's need less what the work order has already consumed of that item. Released lots with stock are
taken in order — FEFO: earliest expiry first, lots without an expiry last, then oldest; FIFO: oldest first
(made or received) — until the need is met. Lots on hold and lots already expired are never offered. When
the primary input runs out, its alternatives are offered for the rest. Nothing is reserved: two work orders
may be offered the same lot; the availability page shows whether there is enough for all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import EventKind, EventLine, Lot, RecipeLine, StockBalance, WorkOrder
from lotline.planning.errors import PlanningError

from .bom import line_need, round_need
from .recipe_of import recipe_for

ZERO = Decimal(0)
RULES = ("fefo", "fifo")


@dataclass(frozen=True)
class LotPick:
    """Take ``quantity`` of this lot (from ``locations``, the codes where it lies)."""

    lot_number: str
    item_code: str
    quantity: Decimal
    unit: str
    on_hand: Decimal
    expires_on: date | None
    created_at: object
    locations: tuple[str, ...]


@dataclass
class InputSuggestion:
    """One recipe input of the work order: still to issue, the lots offered, and what no lot covers."""

    item_code: str
    item_name: str
    unit: str
    needed: Decimal
    consumed: Decimal
    to_issue: Decimal
    picks: list[LotPick] = field(default_factory=list)
    short: Decimal = ZERO


def suggested_lots(
    work_order: WorkOrder, rule: str = "fefo", *, today: date | None = None
) -> list[InputSuggestion]:
    """The lots to offer first for each input of ``work_order``, in the order to use them."""
    if rule not in RULES:
        raise PlanningError("bad_rule", _("Pick lots by fefo or fifo."), field="rule")
    recipe = recipe_for(work_order)
    if recipe is None:
        return []
    today = today or timezone.localdate()
    lines = list(RecipeLine.objects.filter(recipe=recipe).select_related("component").order_by("id"))
    consumed = consumed_by_item(work_order)
    result = []
    for line in lines:
        if line.alternative_for_id is not None:
            continue
        need = round_need(line_need(work_order.quantity_planned, line), line.component.unit)
        done = consumed.get(line.component_id, ZERO)
        suggestion = InputSuggestion(
            line.component.code, line.component.name, line.component.unit, need, done, max(need - done, ZERO)
        )
        remaining = suggestion.to_issue
        remaining = pick(suggestion, line, remaining, rule, today)
        for alternative in (alt for alt in lines if alt.alternative_for_id == line.pk):
            if remaining <= 0:
                break
            # The rest of the primary's need, expressed in the alternative's quantities.
            alt_need = round_need(
                remaining * line_need(Decimal(1), alternative) / line_need(Decimal(1), line),
                alternative.component.unit,
            )
            left = pick(suggestion, alternative, alt_need, rule, today)
            remaining = remaining * left / alt_need if alt_need else ZERO
        suggestion.short = round_need(remaining, line.component.unit)
        result.append(suggestion)
    return result


def pick(
    suggestion: InputSuggestion, line: RecipeLine, remaining: Decimal, rule: str, today: date
) -> Decimal:
    if remaining <= 0:
        return ZERO
    lots = (
        Lot.objects.filter(item_id=line.component_id, status=Lot.Status.RELEASED)
        .exclude(expires_on__lt=today)
        .annotate(on_hand=Sum("balances__quantity", filter=Q(balances__quantity__gt=0)))
        .filter(on_hand__gt=0)
    )
    if rule == "fefo":
        lots = lots.order_by(F("expires_on").asc(nulls_last=True), "created_at", "number")
    else:
        lots = lots.order_by("created_at", "number")
    for lot in lots:
        if remaining <= 0:
            break
        take = min(lot.on_hand, remaining)
        locations = tuple(
            StockBalance.objects.filter(lot=lot, quantity__gt=0)
            .order_by("location__code")
            .values_list("location__code", flat=True)
        )
        suggestion.picks.append(
            LotPick(
                lot.number,
                line.component.code,
                take,
                line.component.unit,
                lot.on_hand,
                lot.expires_on,
                lot.created_at,
                locations,
            )
        )
        remaining -= take
    return remaining


def consumed_by_item(work_order: WorkOrder) -> dict[int, Decimal]:
    """Quantity consumed so far on the work order per input item (corrections net out: their lines carry
    the reversed line's direction with the quantity negated)."""
    rows = (
        EventLine.objects.filter(event__work_order=work_order, kind=EventKind.CONSUME, direction=-1)
        .values_list("lot__item_id")
        .annotate(total=Sum("quantity"))
        .order_by()
    )
    return {item_id: -total for item_id, total in rows}
