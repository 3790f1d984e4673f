"""The ways the benchmark computes a closure, and how it picks the lots to measure.

(a) ``lotline``    lotline.core.queries.trace / recall_scope: the product's answer (lots, links with the
                   ambiguity flag, lot details, and for a recall the quantities, shipments and customers).
(b) ``raw_sql``    the same recursive CTE text (lotline.core.queries.sql.closure_cte), returning lot ids only:
                   the floor lotline is measured against.
(b2) ``raw_answer`` every statement lotline's answer runs (links, lot details, work orders, and for a recall
                   line totals and shipments), rows fetched and nothing built: the same answer's database
                   cost, so (a) / (b2) is what lotline's Python adds.
(c) ``per_level``  how peers walk genealogy: one query per level over the whole frontier
                   (``WHERE parent_id IN (...)``, chunked to the parameter limit) with a visited set.
(d) ``in_memory``  breadth-first search over adjacency dicts loaded once (load time reported separately).

(b), (c) and (d) return lot ids only; a recall through them is the forward closure without the quantities,
so the ratios understate what lotline does for its time. Every variant must return the same lot set.

(e) ``api``        the trace or recall through the HTTP API (issue 5): the request through Django's handler
                   to the JSON bytes; the client's decoding is not timed (``Variant.ids`` turns an answer
                   into lot ids for the agreement check, outside the timing).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from lotline.core.models import Lot
from lotline.core.queries import recall_scope, trace
from lotline.core.queries.sql import WALKS, closure_cte

QUERIES = ("backward", "forward", "recall")
NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM core_linkvoid v WHERE v.link_id = l.id)"


def direction_of(query: str) -> str:
    return "backward" if query == "backward" else "forward"


def same(answer: object) -> set[int]:
    return answer  # type: ignore[return-value]


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    run: Callable[[str, Lot], object]  # (query, root lot) -> the answer, timed
    # The answer as the ids of every lot in it, root included (untimed: for the agreement check only).
    ids: Callable[[object], set[int]] = same


def run_lotline(query: str, lot: Lot) -> set[int]:
    if query == "recall":
        return {affected.lot.id for affected in recall_scope([lot]).lots}
    return set(trace(lot, direction_of(query)).by_id)


def run_raw_sql(query: str, lot: Lot) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE {closure_cte(direction_of(query), 1)} SELECT lot_id FROM reach", [lot.pk]
        )
        return {row[0] for row in cursor.fetchall()}


def run_raw_answer(query: str, lot: Lot) -> set[int]:
    """(b2) The statements lotline's answer runs — the closure's links, the lots' details, the work orders
    and their implicit links, and for a recall the line totals and the shipments with their customers —
    executed with their rows fetched, and nothing built from them: what the same answer costs in the
    database alone."""
    from lotline.core.queries.recall import SHIPMENT_SQL, fetch_line_totals
    from lotline.core.queries.sql import id_set
    from lotline.core.queries.trace import (
        IMPLICIT_LINKS_SQL,
        WORK_ORDER_SQL,
        fetch_links,
        fetch_lots,
        work_order_ids,
    )

    direction = direction_of(query)
    links = fetch_links([lot.pk], direction, None)
    far = 2 if direction == "forward" else 1
    lot_ids = list({lot.pk, *(row[far] for row in links)})
    lots = fetch_lots(lot_ids)
    all_wo, implicit_wo = work_order_ids(links)
    with connection.cursor() as cursor:
        for statement, ids in ((WORK_ORDER_SQL, all_wo), (IMPLICIT_LINKS_SQL, implicit_wo)):
            if ids:
                subselect, params = id_set(connection.vendor, ids)
                cursor.execute(statement.format(ids=subselect), params)
                cursor.fetchall()
        if query == "recall":
            totals = fetch_line_totals(lot_ids)
            shipments = sorted({row[4] for row in totals if row[4] is not None})
            if shipments:
                subselect, params = id_set(connection.vendor, shipments)
                cursor.execute(SHIPMENT_SQL.format(ids=subselect), params)
                cursor.fetchall()
    return {row[0] for row in lots}


def parameter_limit() -> int:
    """How many ids one IN (...) may carry: SQLite's compiled limit (32,766 since 3.32); PostgreSQL 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - 10
    return 30_000


def run_per_level(query: str, lot: Lot) -> set[int]:
    walk = WALKS[direction_of(query)]
    limit = parameter_limit()
    seen = {lot.pk}
    frontier = [lot.pk]
    with connection.cursor() as cursor:
        while frontier:
            following: list[int] = []
            for start in range(0, len(frontier), limit):
                chunk = frontier[start : start + limit]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT l.{walk.far} FROM core_genealogylink l "
                    f"WHERE l.{walk.near} IN ({marks}) AND {NOT_VOIDED}",
                    chunk,
                )
                for (far,) in cursor.fetchall():
                    if far not in seen:
                        seen.add(far)
                        following.append(far)
            frontier = following
    return seen


class Adjacency:
    """Children and parents of every lot, from one scan of the (unvoided) links."""

    def __init__(self) -> None:
        self.children: dict[int, list[int]] = {}
        self.parents: dict[int, list[int]] = {}
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT l.parent_id, l.child_id FROM core_genealogylink l WHERE {NOT_VOIDED}")
            while rows := cursor.fetchmany(100_000):
                for parent, child in rows:
                    self.children.setdefault(parent, []).append(child)
                    self.parents.setdefault(child, []).append(parent)

    def closure(self, direction: str, root: int) -> set[int]:
        step = self.parents if direction == "backward" else self.children
        seen = {root}
        frontier = [root]
        while frontier:
            following = []
            for node in frontier:
                for far in step.get(node, ()):
                    if far not in seen:
                        seen.add(far)
                        following.append(far)
            frontier = following
        return seen


def variants(adjacency: Adjacency) -> list[Variant]:
    api = ApiVariant()
    return [
        Variant("lotline", "(a) lotline", run_lotline),
        Variant("raw_sql", "(b) raw SQL", run_raw_sql),
        Variant("raw_answer", "(b2) raw answer", run_raw_answer),
        Variant("per_level", "(c) per-level", run_per_level),
        Variant(
            "in_memory", "(d) in-memory", lambda query, lot: adjacency.closure(direction_of(query), lot.pk)
        ),
        Variant("api", "(e) HTTP API", api, ids=api.lot_ids),
    ]


class ApiVariant:
    """(e) The answer as an integration gets it: GET /api/v1/lots/{n}/trace or POST /api/v1/recall through
    django.test.Client with a bearer token — routing, token check, permission, the query and the JSON
    written, which is what the server spends. The client's side (decoding the JSON, and turning the lot
    numbers back into ids for the agreement check) is not timed: it happens in the integration's process.
    """

    def __init__(self) -> None:
        self.client = None
        self.headers: dict[str, str] = {}

    def connect(self) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client

        from lotline.api.models import ApiToken

        user, _created = get_user_model().objects.get_or_create(
            username="bench-api", defaults={"is_superuser": True, "is_staff": True}
        )
        clear = ApiToken.issue(user, "bench", "read")[1]
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {clear}"}

    def __call__(self, query: str, lot: Lot):
        if self.client is None:
            self.connect()
        if query == "recall":
            response = self.client.post(
                "/api/v1/recall", {"lots": [lot.number]}, content_type="application/json", **self.headers
            )
        else:
            response = self.client.get(
                f"/api/v1/lots/{lot.number}/trace", {"direction": direction_of(query)}, **self.headers
            )
        if response.status_code != 200:
            raise RuntimeError(f"API answered {response.status_code}: {response.content[:200]!r}")
        return response

    @staticmethod
    def lot_ids(response) -> set[int]:
        numbers = [row["number"] for row in response.json()["lots"]]
        return set(Lot.objects.filter(number__in=numbers).values_list("id", flat=True))


@dataclass(frozen=True)
class Pick:
    """A measured lot: which class it stands for and how many lots its closure holds."""

    lot_class: str
    lot: Lot
    closure: int


def pick_lots(adjacency: Adjacency, direction: str, sample: int, seed: int) -> tuple[list[Pick], dict]:
    """Median, p99 and worst closure among a sample of finished lots (backward) or raw lots (forward)."""
    if direction == "backward":
        candidates = Lot.objects.filter(item__kind="finished", origin=Lot.Origin.PRODUCED)
    else:
        candidates = Lot.objects.filter(origin=Lot.Origin.RECEIVED)
    ids = sorted(candidates.values_list("id", flat=True))
    chosen = random.Random(seed).sample(ids, min(sample, len(ids)))
    sized = sorted((len(adjacency.closure(direction, lot_id)), lot_id) for lot_id in chosen)
    picks = {
        "median": sized[len(sized) // 2],
        "p99": sized[min(len(sized) - 1, int(0.99 * len(sized)))],
        "worst": sized[-1],
    }
    lots = Lot.objects.in_bulk([lot_id for _size, lot_id in picks.values()])
    summary = {"sampled": len(sized), "mean_closure": round(sum(s for s, _ in sized) / len(sized), 1)}
    return [Pick(name, lots[lot_id], size) for name, (size, lot_id) in picks.items()], summary
