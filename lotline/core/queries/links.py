"""Genealogy as people read it: one line per parent and child, however many links the ledger holds.

The ledger may hold several links between the same two lots (a coil consumed in three partial scans into a
work order writes one implicit link per consumption). That is right for the record, but a tree, a graph, a
count or a printed trace shows each lot once per parent. Used by the trace pages, the CLI, recall
documents and drills alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from .trace import Trace, TraceLink


def merge_links(links: Iterable[TraceLink]) -> list[TraceLink]:
    """One link per (parent, child), in the order first seen: the first link's id, quantities summed (None
    when none is known — an implicit link's share is unknown), ambiguous if any merged link is, the first
    work order named, and each basis named once ("explicit+implicit")."""
    merged: dict[tuple[int, int], TraceLink] = {}
    for link in links:
        key = (link.parent_id, link.child_id)
        first = merged.get(key)
        if first is None:
            merged[key] = link
            continue
        quantity = first.quantity
        if first.quantity is not None or link.quantity is not None:
            quantity = (first.quantity or Decimal(0)) + (link.quantity or Decimal(0))
        bases = first.basis.split("+")
        merged[key] = replace(
            first,
            quantity=quantity,
            ambiguous=first.ambiguous or link.ambiguous,
            work_order=first.work_order or link.work_order,
            basis=first.basis if link.basis in bases else "+".join(sorted([*bases, link.basis])),
        )
    return list(merged.values())


def merged(found: Trace) -> Trace:
    """The trace with its links merged per (parent, child); lots and roots unchanged."""
    return replace(found, links=merge_links(found.links))
