"""A lot at a glance: item, status, stock, where it came from and where it went (one step each way)."""

from __future__ import annotations

from decimal import Decimal

from lotline.core.models import EventKind, EventLine, Lot, StockBalance
from lotline.core.queries import trace


def lot_overview(lot: Lot) -> dict:
    back = trace(lot, "backward", max_depth=1)
    forward = trace(lot, "forward", max_depth=1)
    balances = list(
        StockBalance.objects.filter(lot=lot, quantity__gt=0)
        .select_related("location")
        .order_by("location__code")
    )
    shipped: dict[str, dict] = {}
    for line in (
        EventLine.objects.filter(lot=lot, kind=EventKind.SHIP)
        .select_related("shipment__customer")
        .order_by("id")
    ):
        row = shipped.setdefault(line.shipment.number, {"shipment": line.shipment, "quantity": Decimal(0)})
        row["quantity"] += -line.quantity
    return {
        "lot": lot,
        "balances": balances,
        "on_hand": sum((b.quantity for b in balances), Decimal(0)),
        "inputs": [x for x in back.lots if x.depth == 1],
        "outputs": [x for x in forward.lots if x.depth == 1],
        "shipments": [row for row in shipped.values() if row["quantity"]],
    }
