"""A trace as a nested tree for the lot page (the recall desk draws the graph; this is the plain view)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lotline.core.queries import Trace, TraceLink, TraceLot, merged
from lotline.core.queries.sql import WALKS

MAX_NODES = 500  # a page, not a report: the recall desk handles the big ones


@dataclass
class Node:
    lot: TraceLot
    link: TraceLink | None = None
    children: list[Node] = field(default_factory=list)
    repeated: bool = False  # shown once already (a lot reached by two paths)


def genealogy_tree(found: Trace) -> list[Node]:
    """Each lot once per parent: links between the same two lots (two partial consumptions) are merged."""
    found = merged(found)
    far = WALKS[found.direction].far
    seen: set[int] = set()
    budget = [MAX_NODES]

    def grow(lot: TraceLot, link: TraceLink | None) -> Node:
        node = Node(lot, link)
        budget[0] -= 1
        if lot.id in seen:
            node.repeated = True
            return node
        seen.add(lot.id)
        for child_link in found.children_of(lot.id):
            if budget[0] <= 0:
                break
            node.children.append(grow(found.by_id[getattr(child_link, far)], child_link))
        return node

    return [grow(root, None) for root in found.roots]
