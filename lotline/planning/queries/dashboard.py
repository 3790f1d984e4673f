"""The supervisor's dashboard numbers: today's output, work in progress, holds, recalls, overdue work orders,
days since the last dry-recall drill, scrap rate. Each number comes with the list it counts (a URL).

Scrap rate (last 30 days) = scrap of lots made in the plant ÷ quantity produced, per item, in the item's
unit. A lot is *made in the plant* when it was produced, or split off or merged from a lot made in the plant
(followed back through split and merge links, however many). Scrap of received or imported stock (and of
lots split or merged only from such stock) is not process scrap: it is reported beside the rate
(``stock_scrap``), never in it.

The recall desk (lotline.recall) is another app and may be absent: its numbers are read inside a function
that answers None when the app or its tables are not there, so the dashboard works without it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lotline.core.models import EventKind, EventLine, GenealogyLink, Lot, Site, WorkOrder

ZERO = Decimal(0)
HELD = (Lot.Status.ON_HOLD, Lot.Status.QUARANTINED, Lot.Status.RECALLED)
OPEN = (WorkOrder.Status.PLANNED, WorkOrder.Status.RELEASED, WorkOrder.Status.IN_PROGRESS)
SCRAP_WINDOW_DAYS = 30


@dataclass(frozen=True)
class OutputRow:
    machine_code: str
    item_code: str
    quantity: Decimal
    unit: str
    url: str


@dataclass(frozen=True)
class ScrapRow:
    item_code: str
    produced: Decimal
    scrapped: Decimal
    unit: str

    @property
    def rate_pct(self) -> Decimal | None:
        """None when nothing was produced in the window: scrap without output has no rate (not 0 %)."""
        return (self.scrapped * 100 / self.produced).quantize(Decimal("0.01")) if self.produced else None


@dataclass(frozen=True)
class StockScrapRow:
    """Scrap of received or imported stock (not made in the plant): shown beside the rate, not in it."""

    item_code: str
    scrapped: Decimal
    unit: str


@dataclass
class Dashboard:
    today: date
    output: list[OutputRow]
    work_in_progress: int
    lots_on_hold: int
    held_by_status: dict[str, int]
    overdue_work_orders: int
    open_recall_cases: int | None  # None: the recall desk is not installed
    days_since_drill: int | None  # None: no drill yet, or no recall desk
    scrap: list[ScrapRow]
    scrap_rate_pct: Decimal | None
    scrap_unit: str
    stock_scrap: list[StockScrapRow] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)


def url(path: str, **params: object) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def day_window(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


def dashboard(site: Site, *, now: datetime | None = None) -> Dashboard:
    zone = ZoneInfo(site.timezone)
    now = now or timezone.now()
    today = timezone.localtime(now, zone).date()
    held = dict(
        Lot.objects.filter(site=site, status__in=HELD)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    recalls, drill_days = recall_numbers(site, now)
    since = now - timedelta(days=SCRAP_WINDOW_DAYS)
    scrap_rows, stock_rows = scrap_report(site, since, now)
    rate, unit = scrap_rate(scrap_rows)
    return Dashboard(
        today=today,
        output=output_today(site, today, zone),
        work_in_progress=WorkOrder.objects.filter(site=site, status=WorkOrder.Status.IN_PROGRESS).count(),
        lots_on_hold=sum(held.values()),
        held_by_status=held,
        overdue_work_orders=WorkOrder.objects.filter(site=site, status__in=OPEN, due_date__lt=today).count(),
        open_recall_cases=recalls,
        days_since_drill=drill_days,
        scrap=scrap_rows,
        scrap_rate_pct=rate,
        scrap_unit=unit,
        stock_scrap=stock_rows,
        links={
            "output": url("/desk/lots/", origin="produced", made_on=today.isoformat()),
            "wip": url("/plan/work-orders/", status=WorkOrder.Status.IN_PROGRESS),
            "on_hold": url("/desk/lots/", status="held"),
            "overdue": url("/plan/work-orders/", overdue=1),
            "recalls": "/recall/",
            "drills": "/recall/drills/",
            "scrap": url(
                "/desk/events/", kind="scrap", since=(today - timedelta(days=SCRAP_WINDOW_DAYS)).isoformat()
            ),
        },
    )


def output_today(site: Site, today: date, zone: ZoneInfo) -> list[OutputRow]:
    """Quantity produced today per machine and item (corrected outputs net out: see EventLine.direction)."""
    start, end = day_window(today, zone)
    rows = (
        EventLine.objects.filter(
            kind=EventKind.PRODUCE,
            direction=1,
            event__site=site,
            event__occurred_at__gte=start,
            event__occurred_at__lt=end,
        )
        .annotate(machine_code=Coalesce(F("event__machine__code"), F("lot__machine__code")))
        .values_list("machine_code", "lot__item__code", "unit")
        .annotate(total=Sum("quantity"))
        .order_by("machine_code", "lot__item__code")
    )
    return [
        OutputRow(
            machine or "—",
            item,
            total,
            unit,
            url(
                "/desk/lots/", origin="produced", machine=machine or "", item=item, made_on=today.isoformat()
            ),
        )
        for machine, item, unit, total in rows
        if total
    ]


MADE_ORIGINS = (Lot.Origin.PRODUCED, Lot.Origin.SPLIT, Lot.Origin.MERGED)


def made_in_plant(lot_ids: set[int]) -> set[int]:
    """The lots among ``lot_ids`` made in the plant: produced, or split or merged (at any depth) from a lot
    that was produced. Received and imported lots, and splits or merges only of those, are not."""
    origins = dict(Lot.objects.filter(pk__in=lot_ids).values_list("pk", "origin"))
    made = {pk for pk, origin in origins.items() if origin == Lot.Origin.PRODUCED}
    # (lot asked about, ancestor to look behind); walked one generation per query.
    frontier = {(pk, pk) for pk, origin in origins.items() if origin in (Lot.Origin.SPLIT, Lot.Origin.MERGED)}
    seen = set(frontier)
    while frontier:
        parents: dict[int, list[tuple[int, str]]] = defaultdict(list)
        links = GenealogyLink.objects.filter(
            child_id__in={ancestor for _lot, ancestor in frontier}, void__isnull=True
        ).values_list("child_id", "parent_id", "parent__origin")
        for child, parent, origin in links:
            parents[child].append((parent, origin))
        step = set()
        for lot, ancestor in frontier:
            if lot in made:
                continue
            for parent, origin in parents[ancestor]:
                if origin == Lot.Origin.PRODUCED:
                    made.add(lot)
                    break
                if origin in (Lot.Origin.SPLIT, Lot.Origin.MERGED) and (lot, parent) not in seen:
                    seen.add((lot, parent))
                    step.add((lot, parent))
        frontier = {(lot, ancestor) for lot, ancestor in step if lot not in made}
    return made


def scrapped_per_lot(site: Site, since: datetime, until: datetime) -> dict[tuple[int, str, str], Decimal]:
    """Net scrapped quantity (corrections net out) per (lot, item code, unit) in the window."""
    window = Q(event__site=site, event__occurred_at__gte=since, event__occurred_at__lt=until)
    rows = (
        EventLine.objects.filter(window, kind=EventKind.SCRAP, direction=-1)
        .values_list("lot_id", "lot__item__code", "unit")
        .annotate(t=Sum("quantity"))
        .order_by()
    )
    return {(lot, code, unit): -total for lot, code, unit, total in rows if total}


def scrap_report(site: Site, since: datetime, until: datetime) -> tuple[list[ScrapRow], list[StockScrapRow]]:
    """Per item in a window: produced and scrapped of lots made in the plant (the rate), and apart from it
    the scrap of stock not made here (received, imported, or split/merged only from those)."""
    window = Q(event__site=site, event__occurred_at__gte=since, event__occurred_at__lt=until)
    produced: dict[str, Decimal] = defaultdict(lambda: ZERO)
    units: dict[str, str] = {}
    for code, unit, total in (
        EventLine.objects.filter(window, kind=EventKind.PRODUCE, direction=1)
        .values_list("lot__item__code", "unit")
        .annotate(t=Sum("quantity"))
        .order_by()
    ):
        produced[code] += total
        units[code] = unit
    per_lot = scrapped_per_lot(site, since, until)
    made = made_in_plant({lot for lot, _code, _unit in per_lot})
    scrapped: dict[str, Decimal] = defaultdict(lambda: ZERO)
    stock: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for (lot, code, unit), quantity in per_lot.items():
        if lot in made:
            scrapped[code] += quantity
            units.setdefault(code, unit)
        else:
            stock[code, unit] += quantity
    rows = [
        ScrapRow(code, produced.get(code, ZERO), scrapped.get(code, ZERO), units[code])
        for code in sorted(set(produced) | set(scrapped))
    ]
    return rows, [StockScrapRow(code, total, unit) for (code, unit), total in sorted(stock.items()) if total]


def scrap_rate(rows: list[ScrapRow]) -> tuple[Decimal | None, str]:
    """Scrapped ÷ produced, in per cent, over the unit most output is counted in (kg and pcs don't add up)."""
    by_unit: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in rows:
        by_unit[row.unit][0] += row.produced
        by_unit[row.unit][1] += row.scrapped
    if not by_unit:
        return None, ""
    unit, (produced, scrapped) = max(by_unit.items(), key=lambda kv: kv[1][0])
    if not produced:
        return None, unit
    return (scrapped * 100 / produced).quantize(Decimal("0.01")), unit


def recall_numbers(site: Site, now: datetime) -> tuple[int | None, int | None]:
    """Open recall cases and whole days since the last drill, from lotline.recall when it is installed."""
    from django.apps import apps
    from django.db import DatabaseError

    if not apps.is_installed("lotline.recall"):
        return None, None
    try:
        RecallCase = apps.get_model("recall", "RecallCase")
        Drill = apps.get_model("recall", "Drill")
    except LookupError:
        return None, None
    open_cases: int | None = None
    days: int | None = None
    try:
        cases = RecallCase.objects.all()
        names = {f.name for f in RecallCase._meta.get_fields()}
        if "closed_at" in names:
            cases = cases.filter(closed_at__isnull=True)
        elif "status" in names:
            cases = cases.exclude(status__in=["closed", "cancelled"])
        open_cases = cases.count()
        drill_fields = [f.name for f in Drill._meta.get_fields()]
        stamp = next(
            (f for f in ("started_at", "ran_at", "finished_at", "created_at", "at") if f in drill_fields),
            None,
        )
        if stamp is not None:
            last = Drill.objects.order_by(f"-{stamp}").values_list(stamp, flat=True).first()
            if last is not None:
                days = (now - last).days
    except DatabaseError:
        return None, None
    return open_cases, days
