"""Planning reads: BOM explosion, capacity and the board, material availability and lot picks, the dashboard,
the batch record. Plain dataclasses out."""

from .availability import Availability, material_availability
from .batch_record import BatchRecord, batch_record
from .board import Board, planning_board
from .bom import BomLine, explode, raw_needs
from .capacity import RoutingBook, spans
from .dashboard import Dashboard, dashboard
from .floor import FloorGuidance, FloorOperation, floor_guidance
from .lots import InputSuggestion, LotPick, suggested_lots

__all__ = [
    "Availability",
    "BatchRecord",
    "Board",
    "BomLine",
    "Dashboard",
    "FloorGuidance",
    "FloorOperation",
    "InputSuggestion",
    "LotPick",
    "RoutingBook",
    "batch_record",
    "dashboard",
    "explode",
    "floor_guidance",
    "material_availability",
    "planning_board",
    "raw_needs",
    "spans",
    "suggested_lots",
]
