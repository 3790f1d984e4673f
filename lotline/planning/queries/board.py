"""The planning board: machines × days, each cell with the work orders starting there and the day's load."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from lotline.core.models import Machine, Site, WorkOrder

from .capacity import (
    LOOKBACK,
    OPEN,
    ZERO,
    Conflict,
    RoutingBook,
    Span,
    conflicts,
    daily_load,
    day_start,
    hours_text,
    spans,
)


@dataclass
class BoardCell:
    """One machine on one day: the jobs starting that day, the jobs running on from earlier, the load."""

    machine: Machine
    day: date
    starting: list[Span] = field(default_factory=list)
    running: list[Span] = field(default_factory=list)
    load: Decimal = ZERO

    @property
    def capacity(self) -> Decimal:
        return self.machine.hours_per_day

    @property
    def overloaded(self) -> bool:
        return self.load > self.capacity

    @property
    def load_pct(self) -> int:
        """Width of the load bar, capped at 100 (the overload shows as colour and number)."""
        return min(100, int(self.load * 100 / self.capacity)) if self.capacity else 100

    @property
    def load_text(self) -> str:
        return hours_text(self.load)

    @property
    def capacity_text(self) -> str:
        return hours_text(self.capacity)


@dataclass
class BoardRow:
    machine: Machine
    cells: list[BoardCell]


@dataclass
class Board:
    """What the board page shows: days, one row per machine, conflicts, and the open work orders not yet
    placed on a machine and a start."""

    site: Site
    days: list[date]
    rows: list[BoardRow]
    conflicts: list[Conflict]
    unplanned: list[WorkOrder]


def planning_board(site: Site, first_day: date, days: int, machine_codes: list[str] | None = None) -> Board:
    zone = ZoneInfo(site.timezone)
    day_list = [first_day + timedelta(days=k) for k in range(days)]
    machines = list(Machine.objects.filter(site=site).order_by("code"))
    if machine_codes:
        machines = [m for m in machines if m.code in machine_codes]
    by_id = {m.pk: m for m in machines}
    window_start = day_start(first_day, zone)
    window_end = day_start(first_day + timedelta(days=days), zone)
    open_orders = (
        WorkOrder.objects.filter(site=site, status__in=OPEN)
        .select_related("item")
        .order_by("planned_start", "number")
    )
    placed = list(
        open_orders.filter(
            machine_id__in=by_id, planned_start__gte=window_start - LOOKBACK, planned_start__lt=window_end
        )
    )
    for wo in placed:
        wo.machine = by_id[wo.machine_id]
    book = RoutingBook({wo.item_id for wo in placed})
    board_spans = [s for s in spans(placed, book, zone) if s.end > window_start or s.start >= window_start]
    loads = daily_load(board_spans)
    cells = {(m.pk, d): BoardCell(m, d, load=loads.get((m.pk, d), ZERO)) for m in machines for d in day_list}
    for span in board_spans:
        start_day = span.start.astimezone(zone).date()
        for day in span.load or {start_day: ZERO}:
            cell = cells.get((span.machine.pk, day))
            if cell is not None:
                (cell.starting if day == start_day else cell.running).append(span)
    in_window = {
        (m, d): h for (m, d), h in loads.items() if first_day <= d < first_day + timedelta(days=days)
    }
    found = conflicts(board_spans, in_window, by_id, zone)
    unplanned = list(open_orders.filter(Q(planned_start__isnull=True) | Q(machine__isnull=True)))
    return Board(
        site,
        day_list,
        [BoardRow(m, [cells[(m.pk, d)] for d in day_list]) for m in machines],
        found,
        unplanned,
    )
