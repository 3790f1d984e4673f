"""Capacity: how long a work order keeps its machine, the load per machine per day, and conflicts.

A work order's machine time is the sum of its routing's operations: setup + run per unit × planned quantity.
A machine works ``hours_per_day`` a day, so a job of H hours started at S ends at
S + ⌊H / capacity⌋ days + (H mod capacity) hours, and its load lands on consecutive days from the start day:
a full day's capacity on each whole day, the rest on the last. Worked example: 20 h on an 8 h machine from
Monday 06:00 loads Mon 8 h, Tue 8 h, Wed 4 h and ends Wednesday 10:00. Each job is spread as if it had the
machine to itself; two jobs sharing a machine show up as overload and as a double booking, not as a silent
reshuffle — the planner decides.
Days are the site's calendar days (Site.timezone); times are stored in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import Machine, WorkOrder
from lotline.lib.quantities import format_amount
from lotline.planning.models import Operation

ZERO = Decimal(0)
SIXTY = Decimal(60)
OPEN = (WorkOrder.Status.PLANNED, WorkOrder.Status.RELEASED, WorkOrder.Status.IN_PROGRESS)
# A job started this long before the board's first day may still run into it.
LOOKBACK = timedelta(days=21)
# Where spreading a job's load stops: more than ten years of machine time is a typo (10^11 pieces), and
# spreading it day by day would fill memory. Its end is still computed (and flagged late) when it can be.
MAX_LOAD_DAYS = 3660
# The latest end a job is given. Python's dates end in year 9999; an end beyond (or a day after a due date of
# 9999-12-31) cannot be computed, so it is held here — a day short, so the site's zone can still show it.
LAST_END = datetime(9999, 12, 30, tzinfo=UTC)


class RoutingBook:
    """Operations per item, loaded in one query."""

    def __init__(self, item_ids: Iterable[int] | None = None) -> None:
        query = Operation.objects.select_related("machine", "routing").order_by("routing_id", "sequence")
        if item_ids is not None:
            query = query.filter(routing__item_id__in=set(item_ids))
        self.by_item: dict[int, list[Operation]] = defaultdict(list)
        for op in query:
            self.by_item[op.routing.item_id].append(op)

    def hours(self, item_id: int, quantity: Decimal) -> Decimal | None:
        """Machine hours for ``quantity`` of the item; None when it has no routing."""
        operations = self.by_item.get(item_id)
        if not operations:
            return None
        minutes = sum((op.setup_minutes + op.run_minutes_per_unit * quantity for op in operations), ZERO)
        return minutes / SIXTY

    def accepts(self, item_id: int, machine: Machine) -> bool:
        operations = self.by_item.get(item_id)
        return not operations or any(op.accepts(machine) for op in operations)


@dataclass
class Span:
    """A work order as it sits on the board: machine, start and end, machine hours, load per day."""

    work_order: WorkOrder
    machine: Machine
    start: datetime
    end: datetime
    hours: Decimal
    has_routing: bool
    load: dict[date, Decimal] = field(default_factory=dict)
    late: bool = False
    double_booked: bool = False
    wrong_machine: bool = False

    @property
    def number(self) -> str:
        return self.work_order.number

    @property
    def hours_text(self) -> str:
        return hours_text(self.hours)

    @property
    def quantity_text(self) -> str:
        return format_amount(self.work_order.quantity_planned)

    @property
    def flagged(self) -> bool:
        return self.late or self.double_booked or self.wrong_machine or not self.has_routing


def span_of(work_order: WorkOrder, machine: Machine, start: datetime, hours: Decimal, zone: ZoneInfo) -> Span:
    capacity = machine.hours_per_day
    load: dict[date, Decimal] = {}
    first = timezone.localtime(min(start, LAST_END), zone).date()
    if capacity <= 0:
        end = later(start, 0, hours * 3600)
        load[first] = hours
    else:
        whole_days = int(hours // capacity)
        rest = hours - capacity * whole_days
        end = later(start, whole_days, rest * 3600)
        room = min(MAX_LOAD_DAYS, (LAST_END.date() - first).days)
        for k in range(min(whole_days, room)):
            load[first + timedelta(days=k)] = capacity
        if rest and whole_days < room:
            load[first + timedelta(days=whole_days)] = rest
    return Span(work_order, machine, start, end, hours, True, load)


def later(start: datetime, days: int, seconds: Decimal) -> datetime:
    """``start`` plus days and seconds, or LAST_END when that lies beyond what Python can hold."""
    try:
        return min(start + timedelta(days=days, seconds=int(seconds)), LAST_END)
    except OverflowError:
        return LAST_END


def day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def spans(work_orders: Iterable[WorkOrder], book: RoutingBook, zone: ZoneInfo) -> list[Span]:
    """Spans of the planned work orders (those with a machine and a start), conflicts flagged on them."""
    result = []
    for wo in work_orders:
        if wo.machine is None or wo.planned_start is None:
            continue
        hours = book.hours(wo.item_id, wo.quantity_planned)
        span = span_of(wo, wo.machine, wo.planned_start, hours if hours is not None else ZERO, zone)
        span.has_routing = hours is not None
        span.wrong_machine = not book.accepts(wo.item_id, wo.machine)
        if wo.due_date is not None and wo.due_date < LAST_END.date():  # due 9999-12-31: never late
            span.late = span.end > day_start(wo.due_date + timedelta(days=1), zone)
        result.append(span)
    flag_double_bookings(result)
    return result


@dataclass(frozen=True)
class Conflict:
    """Something the planner must look at: a double booking, a missed due date, an overloaded day."""

    kind: str  # "double_booked", "late", "overload", "wrong_machine", "no_routing"
    machine_code: str
    work_orders: tuple[str, ...]
    day: date | None
    message: str


def flag_double_bookings(all_spans: list[Span]) -> list[tuple[Span, Span]]:
    """Pairs of spans on one machine whose times overlap (a sweep per machine, sorted by start)."""
    pairs: list[tuple[Span, Span]] = []
    by_machine: dict[int, list[Span]] = defaultdict(list)
    for span in all_spans:
        by_machine[span.machine.pk].append(span)
    for machine_spans in by_machine.values():
        machine_spans.sort(key=lambda s: (s.start, s.number))
        running: list[Span] = []
        for span in machine_spans:
            running = [other for other in running if other.end > span.start]
            for other in running:
                if span.end > span.start and other.end > other.start:
                    other.double_booked = span.double_booked = True
                    pairs.append((other, span))
            running.append(span)
    return pairs


def conflicts(
    all_spans: list[Span],
    loads: dict[tuple[int, date], Decimal],
    machines: dict[int, Machine],
    zone: ZoneInfo,
) -> list[Conflict]:
    found: list[Conflict] = []
    for first, second in flag_double_bookings(all_spans):
        found.append(
            Conflict(
                "double_booked",
                first.machine.code,
                (first.number, second.number),
                timezone.localtime(second.start, zone).date(),
                _("%(a)s and %(b)s are both on %(machine)s at the same time.")
                % {"a": first.number, "b": second.number, "machine": first.machine.code},
            )
        )
    for span in all_spans:
        if span.late:
            found.append(
                Conflict(
                    "late",
                    span.machine.code,
                    (span.number,),
                    span.work_order.due_date,
                    _("%(wo)s ends %(end)s, after its due date %(due)s.")
                    % {
                        "wo": span.number,
                        "end": timezone.localtime(span.end, zone).strftime("%Y-%m-%d %H:%M"),
                        "due": span.work_order.due_date,
                    },
                )
            )
        if span.wrong_machine:
            found.append(
                Conflict(
                    "wrong_machine",
                    span.machine.code,
                    (span.number,),
                    None,
                    _("%(wo)s is planned on %(machine)s, which its routing does not use.")
                    % {"wo": span.number, "machine": span.machine.code},
                )
            )
        if not span.has_routing:
            found.append(
                Conflict(
                    "no_routing",
                    span.machine.code,
                    (span.number,),
                    None,
                    _("%(item)s has no routing, so %(wo)s takes no machine time.")
                    % {"item": span.work_order.item.code, "wo": span.number},
                )
            )
    for (machine_id, day), hours in sorted(loads.items(), key=lambda kv: (machines[kv[0][0]].code, kv[0][1])):
        machine = machines[machine_id]
        if hours > machine.hours_per_day:
            found.append(
                Conflict(
                    "overload",
                    machine.code,
                    (),
                    day,
                    _("%(machine)s is loaded %(load)s h of %(cap)s h on %(day)s.")
                    % {
                        "machine": machine.code,
                        "load": hours_text(hours),
                        "cap": hours_text(machine.hours_per_day),
                        "day": day,
                    },
                )
            )
    return found


def daily_load(all_spans: Iterable[Span]) -> dict[tuple[int, date], Decimal]:
    loads: dict[tuple[int, date], Decimal] = defaultdict(lambda: ZERO)
    for span in all_spans:
        for day, hours in span.load.items():
            loads[(span.machine.pk, day)] += hours
    return dict(loads)


def hours_text(hours: Decimal) -> str:
    """2.5 → '2.5', 8.000 → '8' (hours shown to a tenth)."""
    rounded = hours.quantize(Decimal("0.1"))
    return format(rounded.normalize(), "f") if rounded else "0"
