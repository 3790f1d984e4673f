"""Material availability: what the open work orders need, against released stock, and when it runs short.

Netting, level by level (a small MRP): every planned or released work order needs its recipe's inputs on its
planned start day (its frozen recipe once released, else the item's active one). Each item's needs are met,
in date order, first from released stock on hand (held, quarantined and recalled lots never count), then from
the output of open work orders that make the item, available on their planned end day. What is still
missing of a made item is exploded one level further down (someone will have to make it); what is missing of
a bought-in item is a shortage on that day. Items are netted top-down by their deepest level in any recipe,
so an intermediate's shortfall reaches its raw material before that is netted.
Needs in the past are needed today. Quantities are exact Decimals in each item's base unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Sum
from django.utils import timezone

from lotline.core.models import Item, Lot, Site, StockBalance, WorkOrder

from .bom import RecipeBook, line_need, round_need
from .capacity import RoutingBook, span_of

ZERO = Decimal(0)
DEMAND_STATUSES = (WorkOrder.Status.PLANNED, WorkOrder.Status.RELEASED)


@dataclass
class Demand:
    day: date
    item_id: int
    quantity: Decimal
    work_order: str  # the work order the need comes from (also for needs exploded further down)
    priority: int = 5


@dataclass(frozen=True)
class Shortage:
    """A bought-in item missing on a day, and the work orders it leaves short."""

    day: date
    item_code: str
    item_name: str
    quantity: Decimal
    unit: str
    work_orders: tuple[str, ...]


@dataclass
class ItemAvailability:
    """One item: what is needed, what is released on hand, what open work orders will make, what is short."""

    item: Item
    bought_in: bool
    needed: Decimal = ZERO
    on_hand: Decimal = ZERO
    held: Decimal = ZERO  # on hold, quarantined or recalled: shown, never counted
    incoming: Decimal = ZERO
    short: Decimal = ZERO
    to_make: Decimal = ZERO  # made items: shortfall passed down to their inputs
    first_short_day: date | None = None


@dataclass
class Availability:
    today: date
    items: list[ItemAvailability]
    shortages: list[Shortage]
    short_work_orders: dict[str, list[str]] = field(default_factory=dict)  # work order → item codes short
    work_order_count: int = 0


def local_day(moment, zone: ZoneInfo) -> date:
    try:
        return timezone.localtime(moment, zone).date()
    except OverflowError:  # a start typed as 9999-12-31 23:30 in the admin: the next day does not exist
        return moment.date()


def material_availability(site: Site | None = None, *, today: date | None = None) -> Availability:
    orders = WorkOrder.objects.filter(status__in=DEMAND_STATUSES).select_related("item", "machine", "site")
    if site is not None:
        orders = orders.filter(site=site)
    orders = list(orders.order_by("planned_start", "priority", "number"))
    zone = ZoneInfo(site.timezone if site is not None else timezone.get_default_timezone_name())
    today = today or timezone.localdate(timezone=zone)
    book = RecipeBook({wo.recipe_id for wo in orders if wo.recipe_id})
    routings = RoutingBook({wo.item_id for wo in orders})

    demands: dict[int, list[Demand]] = defaultdict(list)
    supplies: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for wo in orders:
        start = (
            max(local_day(wo.planned_start, zone), today)
            if wo.planned_start
            else max(wo.due_date or today, today)
        )
        recipe = book.recipes.get(wo.recipe_id) if wo.recipe_id else book.for_item(wo.item_id)
        for line in book.lines.get(recipe.pk, []) if recipe else []:
            if line.alternative_for_id is None:
                demands[line.component_id].append(
                    Demand(
                        start, line.component_id, line_need(wo.quantity_planned, line), wo.number, wo.priority
                    )
                )
        supplies[wo.item_id].append((finish_day(wo, routings, zone, today), wo.quantity_planned))

    components = {line.component_id for lines in book.lines.values() for line in lines}
    items = {i.pk: i for i in Item.objects.filter(pk__in=set(demands) | set(book.active) | components)}
    on_hand, held = stock_by_item(site)
    result: dict[int, ItemAvailability] = {}
    shortages: list[Shortage] = []
    short_orders: dict[str, list[str]] = defaultdict(list)
    for item_id in sorted(items, key=levels(book, items)):
        if not demands.get(item_id):
            continue
        item = items[item_id]
        recipe = book.for_item(item_id)
        row = result[item_id] = ItemAvailability(
            item, recipe is None, on_hand=on_hand.get(item_id, ZERO), held=held.get(item_id, ZERO)
        )
        row.incoming = sum((q for _d, q in supplies.get(item_id, [])), ZERO)
        for day, missing, work_orders in net(row, demands[item_id], supplies.get(item_id, [])):
            if recipe is not None:
                row.to_make += missing
                for line in book.lines[recipe.pk]:
                    if line.alternative_for_id is None:
                        demands[line.component_id].extend(
                            Demand(day, line.component_id, line_need(part, line), wo)
                            for wo, part in work_orders
                        )
                continue
            row.short += missing
            row.first_short_day = row.first_short_day or day
            shortages.append(
                Shortage(
                    day,
                    item.code,
                    item.name,
                    round_need(missing, item.unit),
                    item.unit,
                    tuple(sorted({wo for wo, _p in work_orders})),
                )
            )
            for wo, _part in work_orders:
                if item.code not in short_orders[wo]:
                    short_orders[wo].append(item.code)
    rows = sorted(result.values(), key=lambda r: (not r.bought_in, r.item.code))
    for row in rows:
        row.needed, row.short, row.to_make = (
            round_need(row.needed, row.item.unit),
            round_need(row.short, row.item.unit),
            round_need(row.to_make, row.item.unit),
        )
    shortages.sort(key=lambda s: (s.day, s.item_code))
    return Availability(today, rows, shortages, dict(short_orders), len(orders))


def net(row: ItemAvailability, item_demands: list[Demand], item_supplies: list[tuple[date, Decimal]]):
    """Meet the demands in date order from stock, then from work-order output ready by that day; yields
    (day, missing quantity, [(work order, its part of the missing quantity)]) per day something is missing."""
    item_demands.sort(key=lambda d: (d.day, d.priority, d.work_order))
    incoming = sorted(item_supplies)
    balance, next_supply = row.on_hand, 0
    missing_by_day: dict[date, list[tuple[str, Decimal]]] = {}
    for demand in item_demands:
        row.needed += demand.quantity
        while next_supply < len(incoming) and incoming[next_supply][0] <= demand.day:
            balance += incoming[next_supply][1]
            next_supply += 1
        taken = min(balance, demand.quantity)
        balance -= taken
        if demand.quantity > taken:
            missing_by_day.setdefault(demand.day, []).append((demand.work_order, demand.quantity - taken))
    for day, parts in missing_by_day.items():
        yield day, sum((part for _wo, part in parts), ZERO), parts


def finish_day(wo: WorkOrder, routings: RoutingBook, zone: ZoneInfo, today: date) -> date:
    """The day a work order's output is ready: the end of its planned span, else its due date, else today."""
    if wo.planned_start is not None and wo.machine is not None:
        hours = routings.hours(wo.item_id, wo.quantity_planned) or ZERO
        return max(local_day(span_of(wo, wo.machine, wo.planned_start, hours, zone).end, zone), today)
    return max(wo.due_date or today, today)


def stock_by_item(site: Site | None) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Released on-hand and held on-hand quantity per item, from the stock projection (one query)."""
    balances = StockBalance.objects.filter(quantity__gt=0)
    if site is not None:
        balances = balances.filter(lot__site=site)
    released: dict[int, Decimal] = {}
    held: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for item_id, status, total in (
        balances.values_list("lot__item_id", "lot__status").annotate(total=Sum("quantity")).order_by()
    ):
        if status == Lot.Status.RELEASED:
            released[item_id] = total
        else:
            held[item_id] += total
    return released, dict(held)


def levels(book: RecipeBook, items: dict[int, Item]):
    """Sort key: an item's deepest level in any active recipe (finished goods 0, raw material deepest)."""
    level: dict[int, int] = defaultdict(int)
    for _round in range(20):  # deeper than any real bill of materials; stops a cycle from looping forever
        changed = False
        for item_id, recipe in book.active.items():
            for line in book.lines[recipe.pk]:
                if level[line.component_id] < level[item_id] + 1:
                    level[line.component_id] = level[item_id] + 1
                    changed = True
        if not changed:
            break
    return lambda item_id: (level[item_id], items[item_id].code)
