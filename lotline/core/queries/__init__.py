"""Reads: traces, recall scopes, stock. Plain dataclasses out; the UI, API, CLI and drills all call these."""

from .links import merge_links, merged
from .recall import (
    AffectedLot,
    Customer,
    RecallScope,
    ShipmentLine,
    recall_for_delivery,
    recall_for_window,
    recall_scope,
)
from .trace import Trace, TraceLink, TraceLot, trace

__all__ = [
    "AffectedLot",
    "Customer",
    "RecallScope",
    "ShipmentLine",
    "Trace",
    "TraceLink",
    "TraceLot",
    "merge_links",
    "merged",
    "recall_for_delivery",
    "recall_for_window",
    "recall_scope",
    "trace",
]
