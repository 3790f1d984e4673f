"""Mass balance: does every quantity of a lot, and every input of a work order, have a home?

Per lot:   made (received or produced) = used + shipped + scrapped + on hand ± adjustments.
    ``adjusted`` is stock that left or appeared through a count correction — quantity the ledger cannot
    follow to a consumer or customer, so it is listed as a gap. ``unexplained`` is what remains after the
    equation (made − used − shipped − scrapped + adjusted − on hand): the stock projection disagrees with
    the ledger, which should never happen and is flagged loudest.
Per work order: each recipe line's actual yield = output × quantity per unit ÷ consumed, compared with the
    recipe's expected yield; a deviation beyond the output item's ``yield_tolerance_pct`` is flagged —
    once the order is finished (done or cancelled). An order still running (planned, released, in
    progress) shows its figures so far and is never flagged: material is issued ahead of the output.
    Worked example: recipe 1 kg steel per blank, expected yield 0.92, 100 blanks made from 110 kg →
    yield 100 / 110 = 0.909, deviation −1.2 % (inside 2 %); from 120 kg → 0.833, −9.4 % → flagged, with
    120 − 100 / 0.92 = 11.3 kg of steel unexplained.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.utils.translation import gettext as _

from lotline.core.models import EventKind, EventLine, Lot, RecipeLine, WorkOrder
from lotline.core.queries.recall import AffectedLot, add_to_buckets
from lotline.core.queries.rows import as_quantity
from lotline.core.queries.sql import id_set

ZERO = Decimal(0)
HUNDRED = Decimal(100)
FINISHED = (WorkOrder.Status.DONE, WorkOrder.Status.CANCELLED)


@dataclass
class LotBalance:
    """One lot's mass balance, in the item's unit."""

    lot_number: str
    item_code: str
    unit: str
    made: Decimal = ZERO
    used: Decimal = ZERO
    shipped: Decimal = ZERO
    scrapped: Decimal = ZERO
    adjusted: Decimal = ZERO
    on_hand: Decimal = ZERO

    @property
    def unexplained(self) -> Decimal:
        return self.made - self.used - self.shipped - self.scrapped + self.adjusted - self.on_hand

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.unexplained:
            flags.append(
                _("stock on hand differs from the ledger by %(qty)s %(unit)s")
                % {"qty": fmt(self.unexplained), "unit": self.unit}
            )
        if self.adjusted:
            flags.append(
                _("%(qty)s %(unit)s adjusted: not traced to a consumer or customer")
                % {"qty": fmt(self.adjusted), "unit": self.unit}
            )
        return flags

    @property
    def has_gap(self) -> bool:
        return bool(self.unexplained or self.adjusted)


@dataclass
class InputBalance:
    """One input of a work order (a recipe line with its alternatives, or an item not in the recipe)."""

    item_code: str
    unit: str
    consumed: Decimal
    quantity_per_unit: Decimal | None = None  # None: no recipe line for it
    actual_yield: Decimal | None = None
    deviation_pct: Decimal | None = None
    unexplained: Decimal | None = None  # consumed beyond (or short of) what the output and yield explain
    flagged: bool = False


@dataclass
class WorkOrderBalance:
    """A work order's inputs against its output and the recipe's expected yield."""

    number: str
    item_code: str
    unit: str
    status: str
    output: Decimal
    expected_yield: Decimal | None
    tolerance_pct: Decimal
    inputs: list[InputBalance] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return any(line.flagged for line in self.inputs)

    @property
    def running(self) -> bool:
        """Still being made: the yield is shown so far, and judged when the order is finished."""
        return self.status not in FINISHED

    @property
    def checked(self) -> bool:
        return self.expected_yield is not None


def fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if value < 0 else f"+{text}" if value else text


def on_hand_by_lot(lot_ids: list[int]) -> dict[int, Decimal]:
    """The stock projection's total per lot (what the racks say, not what the ledger sums to)."""
    if not lot_ids:
        return {}
    subselect, params = id_set(connection.vendor, lot_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT lot_id, SUM(quantity) FROM core_stockbalance WHERE lot_id IN ({subselect}) "
            "GROUP BY lot_id",
            params,
        )
        return {lot_id: as_quantity(total) for lot_id, total in cursor.fetchall()}


def balances_of_scope(lots: list[AffectedLot]) -> dict[str, LotBalance]:
    """Mass balance of every lot of a recall scope, from the quantities the scope already summed."""
    projection = on_hand_by_lot([a.lot.id for a in lots])
    return {
        a.lot.number: LotBalance(
            a.lot.number,
            a.lot.item_code,
            a.lot.unit,
            a.made,
            a.used,
            a.shipped,
            a.scrapped,
            a.adjusted,
            projection.get(a.lot.id, ZERO),
        )
        for a in lots
    }


def lot_balance(lot: Lot) -> LotBalance:
    """One lot's mass balance (the lot page)."""
    return balances_of_lots([lot.pk])[lot.number]


def balances_of_lots(lot_ids: list[int]) -> dict[str, LotBalance]:
    """Mass balance of any set of lots in two statements (a drill's whole path, both ways)."""
    if not lot_ids:
        return {}
    subselect, params = id_set(connection.vendor, lot_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT x.id, x.number, i.code, i.unit FROM core_lot x JOIN core_item i ON i.id = x.item_id
                           WHERE x.id IN ({subselect})""",
            params,
        )
        by_id = {row[0]: LotBalance(row[1], row[2], row[3]) for row in cursor.fetchall()}
        cursor.execute(
            f"""SELECT lot_id, kind, direction, SUM(quantity) FROM core_eventline
                           WHERE lot_id IN ({subselect}) GROUP BY lot_id, kind, direction""",
            params,
        )
        for lot_id, kind, direction, total in cursor.fetchall():
            add_to_buckets(by_id[lot_id], kind, direction, as_quantity(total))
    for lot_id, total in on_hand_by_lot(lot_ids).items():
        by_id[lot_id].on_hand = total
    return {balance.lot_number: balance for balance in by_id.values()}


def work_order_balance(work_order: WorkOrder) -> WorkOrderBalance:
    """Inputs consumed vs output made, per recipe line, against the recipe's expected yield."""
    item = work_order.item
    lines = EventLine.objects.filter(event__work_order=work_order)
    output = lines.filter(kind=EventKind.PRODUCE, direction__gt=0).aggregate(t=Sum("quantity"))["t"] or ZERO
    consumed: dict[int, Decimal] = defaultdict(lambda: ZERO)
    units: dict[int, tuple[str, str]] = {}
    for row in (
        lines.filter(kind=EventKind.CONSUME, direction__lt=0)
        .values("lot__item_id", "lot__item__code", "lot__item__unit")
        .annotate(t=Sum("quantity"))
    ):
        consumed[row["lot__item_id"]] -= row["t"] or ZERO
        units[row["lot__item_id"]] = (row["lot__item__code"], row["lot__item__unit"])
    recipe = work_order.recipe
    result = WorkOrderBalance(
        work_order.number,
        item.code,
        item.unit,
        work_order.status,
        output,
        recipe.expected_yield if recipe else None,
        item.yield_tolerance_pct,
    )
    if recipe is not None:
        recipe_lines = list(RecipeLine.objects.filter(recipe=recipe).select_related("component"))
        primaries = [line for line in recipe_lines if line.alternative_for_id is None]
        for line in primaries:
            # An alternative's consumption counts against the line it stands in for.
            members = [line.component_id] + [
                alt.component_id for alt in recipe_lines if alt.alternative_for_id == line.pk
            ]
            used = sum((consumed.pop(member, ZERO) for member in members), ZERO)
            result.inputs.append(
                judge_input(
                    line.component.code,
                    line.component.unit,
                    used,
                    line.quantity_per_unit,
                    output,
                    recipe.expected_yield,
                    item.yield_tolerance_pct,
                    judged=not result.running,
                )
            )
    for item_id, used in consumed.items():
        code, unit = units[item_id]
        result.inputs.append(InputBalance(code, unit, used))
    return result


def judge_input(
    code: str,
    unit: str,
    consumed: Decimal,
    per_unit: Decimal,
    output: Decimal,
    expected_yield: Decimal,
    tolerance_pct: Decimal,
    *,
    judged: bool = True,
) -> InputBalance:
    """One recipe line's yield; ``judged`` False (the order is still running) never flags it."""
    line = InputBalance(code, unit, consumed, per_unit)
    standard = output * per_unit
    if expected_yield:
        line.unexplained = (consumed - standard / expected_yield).quantize(Decimal("0.001"))
    if consumed > 0:
        ratio = standard / consumed
        line.actual_yield = ratio.quantize(Decimal("0.0001"))
        line.deviation_pct = ((ratio / expected_yield - 1) * HUNDRED).quantize(Decimal("0.1"))
        line.flagged = abs(line.deviation_pct) > tolerance_pct
    else:
        line.flagged = output > 0  # made something from nothing recorded
    line.flagged = line.flagged and judged
    return line
