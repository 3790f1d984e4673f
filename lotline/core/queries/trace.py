"""Backward and forward traces: one recursive SQL statement each, plain dataclasses out.

A trace is three statements: the recursive one (the closure's links), then the details of the lots it
reached, then the work orders of its links with their implicit links (for the ambiguity rule). Details
are fetched once per lot, not once per link, and ambiguity is counted in Python from the work orders'
links: both measured cheaper than joining them into the recursive statement (bench/README.md).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection

from lotline.core.models import Lot

from .rows import as_date, as_datetime, as_quantity, without_gc_pauses
from .sql import NOT_VOIDED, WALKS, Direction, closure_cte, closure_params, id_set

LOT_SQL = """SELECT x.id, x.number, x.status, x.origin, x.created_at, x.expires_on, x.supplier_lot,
        i.code, i.name, i.kind, i.unit, s.name, d.reference, w.number, m.code
    FROM core_lot x
    JOIN core_item i ON i.id = x.item_id
    LEFT JOIN core_party s ON s.id = x.supplier_id
    LEFT JOIN core_delivery d ON d.id = x.delivery_id
    LEFT JOIN core_workorder w ON w.id = x.work_order_id
    LEFT JOIN core_machine m ON m.id = x.machine_id
    WHERE x.id IN ({ids})"""


# Plain (not frozen) slotted dataclasses: a frozen one sets each field through object.__setattr__, which
# measured 15 ms of a 900-lot recall. Treat them as read-only all the same.
@dataclass(slots=True)
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


@dataclass(slots=True)
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


# Deeper than any real genealogy; the edges refuse more, which would also overflow the SQL parameter.
MAX_DEPTH = 1000


@without_gc_pauses
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
    walk_far = 2 if direction == "forward" else 1
    lot_ids = list(dict.fromkeys([*root_ids, *(row[walk_far] for row in link_rows)]))
    lot_rows = fetch_lots(lot_ids)
    work_orders = fetch_work_orders(link_rows)
    result = build_trace(direction, root_ids, lot_rows, link_rows, work_orders)
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


def fetch_links(root_ids: list[int], direction: Direction, max_depth: int | None) -> list[tuple]:
    """The closure's links: (id, parent, child, quantity, unit, work order id, basis). The one recursive
    statement of a trace."""
    walk = WALKS[direction]
    statement = f"""WITH RECURSIVE {closure_cte(direction, len(root_ids), max_depth)}
        SELECT l.id, l.parent_id, l.child_id, l.quantity, l.unit, l.work_order_id, l.basis
        FROM core_genealogylink l JOIN reach r ON l.{walk.near} = r.lot_id
        WHERE {NOT_VOIDED.format(a="l")}"""
    with connection.cursor() as cursor:
        cursor.execute(statement, closure_params(root_ids, max_depth))
        return cursor.fetchall()


def fetch_lots(lot_ids: list[int]) -> list[tuple]:
    subselect, params = id_set(connection.vendor, lot_ids)
    with connection.cursor() as cursor:
        cursor.execute(LOT_SQL.format(ids=subselect), params)
        return cursor.fetchall()


@dataclass
class WorkOrderLinks:
    """The work orders of a trace by id (their numbers), and their implicit links counted per input and
    per output — all of them, not only those in the trace: whether I→O is ambiguous depends on I's other
    outputs and O's other inputs."""

    numbers: dict[int, str] = field(default_factory=dict)
    outputs_of: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))
    inputs_of: dict[tuple[int, int], set[int]] = field(default_factory=lambda: defaultdict(set))

    def is_ambiguous(self, basis: str, work_order_id: int | None, parent_id: int, child_id: int) -> bool:
        """The link rule (services/production.py): an implicit link I→O may not be real when I could have
        gone into another output and O could have come from another input of the same work order."""
        if basis != "implicit" or work_order_id is None:
            return False
        return (
            len(self.outputs_of[(work_order_id, parent_id)]) > 1
            and len(self.inputs_of[(work_order_id, child_id)]) > 1
        )


WORK_ORDER_SQL = "SELECT id, number FROM core_workorder WHERE id IN ({ids})"
IMPLICIT_LINKS_SQL = f"""SELECT l.work_order_id, l.parent_id, l.child_id FROM core_genealogylink l
    WHERE l.work_order_id IN ({{ids}}) AND l.basis = 'implicit' AND {NOT_VOIDED.format(a="l")}"""


def work_order_ids(link_rows: list[tuple]) -> tuple[list[int], list[int]]:
    """The work orders of the links, and those of the implicit links among them."""
    all_ids = sorted({row[5] for row in link_rows if row[5] is not None})
    implicit_ids = sorted({row[5] for row in link_rows if row[5] is not None and row[6] == "implicit"})
    return all_ids, implicit_ids


def fetch_work_orders(link_rows: list[tuple]) -> WorkOrderLinks:
    found = WorkOrderLinks()
    all_ids, implicit_ids = work_order_ids(link_rows)
    if not all_ids:
        return found
    with connection.cursor() as cursor:
        subselect, params = id_set(connection.vendor, all_ids)
        cursor.execute(WORK_ORDER_SQL.format(ids=subselect), params)
        found.numbers = dict(cursor.fetchall())
        if implicit_ids:
            subselect, params = id_set(connection.vendor, implicit_ids)
            cursor.execute(IMPLICIT_LINKS_SQL.format(ids=subselect), params)
            for wo_id, parent_id, child_id in cursor.fetchall():
                found.outputs_of[(wo_id, parent_id)].add(child_id)
                found.inputs_of[(wo_id, child_id)].add(parent_id)
    return found


def lot_from_row(row: tuple, depth: int) -> TraceLot:
    """A LOT_SQL row as a TraceLot; only the two date columns need converting (SQLite gives text)."""
    values = list(row)
    values[4], values[5] = as_datetime(values[4]), as_date(values[5])
    return TraceLot(*values, depth=depth)


def build_trace(
    direction: Direction,
    root_ids: list[int],
    lot_rows: list[tuple],
    link_rows: list[tuple],
    work_orders: WorkOrderLinks,
) -> Trace:
    walk = WALKS[direction]
    links: dict[int, TraceLink] = {}
    for id_, parent_id, child_id, quantity, unit, wo_id, basis in link_rows:
        links[id_] = TraceLink(
            id_,
            parent_id,
            child_id,
            None if quantity is None else as_quantity(quantity),
            unit,
            work_orders.numbers.get(wo_id) if wo_id is not None else None,
            basis,
            work_orders.is_ambiguous(basis, wo_id, parent_id, child_id),
        )
    depths = bfs_depths(root_ids, links.values(), walk.near, walk.far)
    lots = sorted(
        (lot_from_row(row, depths.get(row[0], 0)) for row in lot_rows),
        key=lambda lot: (lot.depth, lot.number),
    )
    root_set = set(root_ids)
    roots = [lot for lot in lots if lot.id in root_set]
    ordered_links = sorted(
        links.values(), key=lambda link: (depths.get(getattr(link, walk.near), 0), link.id)
    )
    return Trace(direction, roots, lots, ordered_links, 0.0)


def bfs_depths(root_ids: list[int], links, near: str, far: str) -> dict[int, int]:
    """Shortest number of steps from any root to each lot, over the links already fetched."""
    adjacent: dict[int, list[int]] = defaultdict(list)
    for link in links:
        adjacent[getattr(link, near)].append(getattr(link, far))
    depths = dict.fromkeys(root_ids, 0)
    queue = deque(root_ids)
    while queue:
        current = queue.popleft()
        for nxt in adjacent.get(current, ()):
            if nxt not in depths:
                depths[nxt] = depths[current] + 1
                queue.append(nxt)
    return depths
