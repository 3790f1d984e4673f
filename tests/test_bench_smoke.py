"""The trace benchmark cannot rot: a tiny generated plant loads, and every way to walk its genealogy
(lotline's queries, the raw recursive SQL alone and with the rest of the answer's statements, the
per-level loop, in-memory BFS, the HTTP API) returns the same lots.
A correctness test only — no timings are asserted."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.trace_load import build_plant
from bench.trace_plant import parameters_for
from bench.trace_variants import QUERIES, Adjacency, direction_of, pick_lots, variants


@pytest.mark.slow
def test_every_variant_returns_the_same_lot_set(db):
    params = parameters_for("tiny")
    stats, rows = build_plant(params, connection)
    assert rows["core_lot"] == stats["lots"] >= params.lots
    assert rows["core_genealogylink"] == stats["implicit_links"] + stats["explicit_links"]

    adjacency = Adjacency()
    all_variants = variants(adjacency)
    assert [v.key for v in all_variants] == [
        "lotline",
        "raw_sql",
        "raw_answer",
        "per_level",
        "in_memory",
        "api",
    ]
    for query in QUERIES:
        picks, _summary = pick_lots(adjacency, direction_of(query), 60, params.seed)
        assert [p.lot_class for p in picks] == ["median", "p99", "worst"]
        assert picks[-1].closure > 10  # the worst lot reaches well beyond its own work order
        for pick in picks:
            answers = {v.key: v.ids(v.run(query, pick.lot)) for v in all_variants}
            assert len(answers["in_memory"]) == pick.closure
            assert pick.lot.pk in answers["in_memory"]
            for key, answer in answers.items():
                assert answer == answers["in_memory"], f"{query} {pick.lot_class}: {key} differs"


def test_stock_balances_match_the_generated_lines(db):
    build_plant(parameters_for("tiny"), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT lot_id, location_id, SUM(quantity) FROM core_eventline WHERE location_id IS NOT NULL
               GROUP BY lot_id, location_id HAVING SUM(quantity) <> 0"""
        )
        from_lines = {(lot, location): int(total) for lot, location, total in cursor.fetchall()}
        cursor.execute("SELECT lot_id, location_id, quantity FROM core_stockbalance")
        balances = {(lot, location): int(quantity) for lot, location, quantity in cursor.fetchall()}
    assert balances == from_lines
    assert all(quantity > 0 for quantity in balances.values())
