"""Genealogy as people read it: one line per parent and child, however many links the ledger holds.

The ledger may hold several links between the same two lots (a coil consumed in two partial scans into a
work order writes one implicit link per consumption). That is right for the record, but a tree, a graph or
a count shows each lot once per parent: the links are merged, their quantities summed, and the merged link
is ambiguous if any of them is.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from lotline.core.queries import Trace, TraceLink


def merge_links(links: list[TraceLink]) -> list[TraceLink]:
    """One link per (parent, child), in the order first seen: quantities summed (None when none is
    known), ambiguous if any merged link is, the first link's id and work order."""
    merged: dict[tuple[int, int], TraceLink] = {}
    for link in links:
        key = (link.parent_id, link.child_id)
        first = merged.get(key)
        if first is None:
            merged[key] = link
            continue
        quantity: Decimal | None
        if first.quantity is None and link.quantity is None:
            quantity = None
        else:
            quantity = (first.quantity or Decimal(0)) + (link.quantity or Decimal(0))
        merged[key] = replace(
            first,
            quantity=quantity,
            ambiguous=first.ambiguous or link.ambiguous,
            work_order=first.work_order or link.work_order,
        )
    return list(merged.values())


def merged(found: Trace) -> Trace:
    """The trace with its links merged per (parent, child); lots and roots unchanged."""
    return replace(found, links=merge_links(found.links))
