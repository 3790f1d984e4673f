"""The genealogy closure as one recursive SQL statement, shared by traces, recalls, drills and the bench.

Why this shape:
- ``UNION`` (not ``UNION ALL``): a lot reached twice is kept once, which both bounds the work on diamond
  genealogies (a regrind chain exploded to 5 M rows with UNION ALL) and makes cycles — rework loops
  created by mistake — terminate.
- Rows of the recursion carry only the lot id (no depth, no path): any extra column would make a revisited
  lot look new to UNION and bring the cycle problem back. Depth is computed afterwards from the edges.
  Only a bounded trace (``max_depth``) carries a depth column; the bound is what ends it then.
- Voided links (withdrawn by a correction) are skipped inside the recursion, so a corrected mistake does
  not widen a recall.
- The anchor selects from ``core_lot`` so its column has the table's type (PostgreSQL would otherwise need
  a CAST on a bare parameter).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["backward", "forward"]

NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM core_linkvoid v WHERE v.link_id = {a}.id)"


@dataclass(frozen=True)
class Walk:
    """Which end of a link we stand on (near) and which we step to (far)."""

    near: str
    far: str


WALKS: dict[str, Walk] = {
    "backward": Walk(near="child_id", far="parent_id"),
    "forward": Walk(near="parent_id", far="child_id"),
}


def closure_cte(direction: Direction, root_count: int, max_depth: int | None = None) -> str:
    """``reach(lot_id)``: the roots and every lot reachable from them in ``direction``.

    Use as ``WITH RECURSIVE {closure_cte} SELECT … FROM reach``; parameters are the root lot ids (and the
    depth bound, when given).
    """
    walk = WALKS[direction]
    placeholders = ", ".join(["%s"] * root_count)
    if max_depth is None:
        return f"""reach(lot_id) AS (
            SELECT id FROM core_lot WHERE id IN ({placeholders})
            UNION
            SELECT l.{walk.far} FROM core_genealogylink l JOIN reach r ON l.{walk.near} = r.lot_id
            WHERE {NOT_VOIDED.format(a="l")}
        )"""
    return f"""walked(lot_id, depth) AS (
            SELECT id, 0 FROM core_lot WHERE id IN ({placeholders})
            UNION
            SELECT l.{walk.far}, w.depth + 1
            FROM core_genealogylink l JOIN walked w ON l.{walk.near} = w.lot_id
            WHERE w.depth < %s AND {NOT_VOIDED.format(a="l")}
        ),
        reach(lot_id) AS (SELECT lot_id FROM walked WHERE depth < %s GROUP BY lot_id)"""


def closure_params(root_ids: list[int], max_depth: int | None) -> list[int]:
    return [*root_ids] if max_depth is None else [*root_ids, max_depth, max_depth]


def id_set(vendor: str, ids: list[int]) -> tuple[str, list[object]]:
    """A sub-select yielding ``ids``, as one parameter whatever their number.

    A trace's lots feed the follow-up queries; ``IN (%s, %s, …)`` would hit SQLite's 32,766-parameter limit
    on a popular coil's recall, so the ids travel as one JSON text (SQLite) or one array (PostgreSQL).
    """
    if vendor == "postgresql":
        return "SELECT unnest(CAST(%s AS BIGINT[]))", [list(ids)]
    import json

    return "SELECT value FROM json_each(%s)", [json.dumps(list(ids))]
