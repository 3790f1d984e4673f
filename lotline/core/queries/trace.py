"""Backward and forward traces: one recursive SQL statement each, plain dataclasses out."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from lotline.core.models import Lot

from .sql import WALKS, Direction, ambiguous_expr, closure_cte, closure_params

LOT_COLUMNS = """x.id, x.number, x.status, x.origin, x.created_at, x.expires_on, x.supplier_lot,
    i.code, i.name, i.kind, i.unit, s.name, d.reference, w.number, m.code"""
LOT_JOINS = """JOIN core_item i ON i.id = x.item_id
    LEFT JOIN core_party s ON s.id = x.supplier_id
    LEFT JOIN core_delivery d ON d.id = x.delivery_id
    LEFT JOIN core_workorder w ON w.id = x.work_order_id
    LEFT JOIN core_machine m ON m.id = x.machine_id"""


@dataclass(frozen=True)
class TraceLot:
    """A lot in a trace, with what a person needs to recognise it."""

    id: int
    number: str
    status: str
    origin: str
    created_at: datetime
    expires_on: date | None
    supplier_lot: str
    item_code: str
    item_name: str
    item_kind: str
    unit: str
    supplier: str | None
    delivery: str | None
    work_order: str | None
    machine: str | None
    depth: int = 0


@dataclass(frozen=True)
class TraceLink:
    """One genealogy link: input (parent) → output (child)."""

    id: int
    parent_id: int
    child_id: int
    quantity: Decimal | None
    unit: str
    work_order: str | None
    basis: str
    ambiguous: bool


@dataclass
class Trace:
    """Everything reachable from the roots in one direction; lots sorted by depth, then number."""

    direction: Direction
    roots: list[TraceLot]
    lots: list[TraceLot]
    links: list[TraceLink]
    elapsed_ms: float
    by_id: dict[int, TraceLot] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {lot.id: lot for lot in self.lots}

    @property
    def numbers(self) -> list[str]:
        return [lot.number for lot in self.lots]

    @property
    def ambiguous_links(self) -> list[TraceLink]:
        return [link for link in self.links if link.ambiguous]

    @property
    def raw_lots(self) -> list[TraceLot]:
        """Backward: the received lots at the end of the trail (what suppliers delivered)."""
        return [lot for lot in self.lots if lot.origin == Lot.Origin.RECEIVED]

    @property
    def deliveries(self) -> list[tuple[str, str]]:
        """(supplier, delivery note) pairs of the received lots, sorted."""
        return sorted({(lot.supplier or "", lot.delivery or "") for lot in self.raw_lots if lot.delivery})

    def number_of(self, lot_id: int) -> str:
        return self.by_id[lot_id].number

    def children_of(self, lot_id: int) -> list[TraceLink]:
        walk = WALKS[self.direction]
        return [link for link in self.links if getattr(link, walk.near) == lot_id]


def trace(lots: list[Lot] | Lot, direction: Direction, max_depth: int | None = None) -> Trace:
    """Walk genealogy from one or more lots: ``backward`` to inputs and raw lots, ``forward`` to outputs.

    ``max_depth`` 1 is "one step back/forward" (EU 178/2002 Art. 18); None is any depth.
    """
    roots = [lots] if isinstance(lots, Lot) else list(lots)
    if not roots:  # "IN ()" is a syntax error in SQL; an empty selection traces to nothing
        return Trace(direction, [], [], [], 0.0)
    started = time.perf_counter()
    root_ids = [lot.pk for lot in roots]
    link_rows = fetch_links(root_ids, direction, max_depth)
    root_rows = fetch_lots(root_ids)
    elapsed_ms = (time.perf_counter() - started) * 1000
    return build_trace(direction, root_ids, root_rows, link_rows, elapsed_ms)


def fetch_links(root_ids: list[int], direction: Direction, max_depth: int | None) -> list[tuple]:
    """The links of the closure, each with the lot at its far end (the statement the bench calls "trace")."""
    walk = WALKS[direction]
    statement = f"""WITH RECURSIVE {closure_cte(direction, len(root_ids), max_depth)}
        SELECT l.id, l.parent_id, l.child_id, l.quantity, l.unit, lw.number, l.basis, {ambiguous_expr("l")},
               {LOT_COLUMNS}
        FROM core_genealogylink l
        JOIN reach r ON l.{walk.near} = r.lot_id
        JOIN core_lot x ON x.id = l.{walk.far}
        {LOT_JOINS}
        LEFT JOIN core_workorder lw ON lw.id = l.work_order_id
        WHERE NOT EXISTS (SELECT 1 FROM core_linkvoid v WHERE v.link_id = l.id)"""
    with connection.cursor() as cursor:
        cursor.execute(statement, closure_params(root_ids, max_depth))
        return cursor.fetchall()


def fetch_lots(lot_ids: list[int]) -> list[tuple]:
    placeholders = ", ".join(["%s"] * len(lot_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {LOT_COLUMNS} FROM core_lot x {LOT_JOINS} WHERE x.id IN ({placeholders})", lot_ids
        )
        return cursor.fetchall()


def lot_from_row(row: tuple, depth: int = 0) -> TraceLot:
    values = list(row)
    values[4] = as_datetime(values[4])
    values[5] = parse_date(values[5]) if isinstance(values[5], str) else values[5]
    return TraceLot(*values, depth=depth)


def as_datetime(value: object) -> datetime:
    """An aware UTC datetime from a raw row. SQLite hands back naive text (Django stores UTC there), and
    PostgreSQL an aware datetime; the ORM hides the difference, raw SQL must not leak it."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        assert parsed is not None
        value = parsed
    assert isinstance(value, datetime)
    if timezone.is_naive(value):
        return value.replace(tzinfo=UTC)
    return value


def as_decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def build_trace(
    direction: Direction,
    root_ids: list[int],
    root_rows: list[tuple],
    link_rows: list[tuple],
    elapsed_ms: float,
) -> Trace:
    walk = WALKS[direction]
    links: dict[int, TraceLink] = {}
    lot_rows: dict[int, tuple] = {row[0]: row for row in root_rows}
    for row in link_rows:
        links[row[0]] = TraceLink(
            row[0], row[1], row[2], as_decimal(row[3]), row[4], row[5], row[6], bool(row[7])
        )
        lot_rows.setdefault(row[8], row[8:])
    depths = bfs_depths(root_ids, links.values(), walk.near, walk.far)
    lots = sorted(
        (lot_from_row(row, depths.get(lot_id, 0)) for lot_id, row in lot_rows.items()),
        key=lambda lot: (lot.depth, lot.number),
    )
    roots = [lot for lot in lots if lot.id in set(root_ids)]
    ordered_links = sorted(
        links.values(), key=lambda link: (depths.get(getattr(link, walk.near), 0), link.id)
    )
    return Trace(direction, roots, lots, ordered_links, elapsed_ms)


def bfs_depths(root_ids: list[int], links, near: str, far: str) -> dict[int, int]:
    """Shortest number of steps from any root to each lot, over the links already fetched."""
    adjacent: dict[int, list[int]] = {}
    for link in links:
        adjacent.setdefault(getattr(link, near), []).append(getattr(link, far))
    depths = {root: 0 for root in root_ids}
    queue = deque(root_ids)
    while queue:
        current = queue.popleft()
        for nxt in adjacent.get(current, ()):
            if nxt not in depths:
                depths[nxt] = depths[current] + 1
                queue.append(nxt)
    return depths
