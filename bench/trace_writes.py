"""Write throughput through the services: every event its own real transaction, as on the shop floor."""

from __future__ import annotations

import time
import uuid

from django.contrib.auth import get_user_model

from lotline.core.models import Item, Party, Site, WorkOrder
from lotline.core.services import EventContext, consume, produce, receive

INPUTS_PER_WORK_ORDER = 3
OUTPUTS_PER_WORK_ORDER = 2


def measure_writes(events: int, work_orders: int) -> dict:
    """Receive ``events`` lots, consume each once, then complete ``work_orders`` work orders.

    A completion is 3 consumptions and 2 outputs linked by the work-order rule (5 events, 6 links).
    """
    site = Site.objects.get(code="BENCH")
    user = get_user_model().objects.get(username="bench-operator")
    supplier = Party.objects.filter(role=Party.Role.SUPPLIER).order_by("id").first()
    run = uuid.uuid4().hex[:6].upper()
    # Items of this run only: lot numbers count per item and day, and the default pattern holds 999 a day
    # (20 characters, GS1's limit) — a benchmark re-run on the same day must not run out of numbers.
    raw = Item.objects.create(code=f"W{run[:5]}", name="Write bench raw", kind=Item.Kind.RAW, unit="kg")
    part = Item.objects.create(
        code=f"P{run[:5]}", name="Write bench part", kind=Item.Kind.FINISHED, unit="pcs"
    )

    def ctx(work_order: WorkOrder | None = None) -> EventContext:
        return EventContext(user=user, site=site, work_order=work_order)

    def new_work_order(n: int) -> WorkOrder:
        return WorkOrder.objects.create(number=f"WT-{run}-{n}", item=part, site=site, quantity_planned=100)

    cpu_started = time.process_time()
    started = time.perf_counter()
    lots = [
        receive(
            ctx(),
            item=raw,
            quantity=1000,
            supplier=supplier,
            supplier_lot=f"WT{run}{n}",
            delivery_ref=f"WT-{run}-{n // 20}",
        ).lot
        for n in range(events)
    ]
    receive_s = time.perf_counter() - started
    receive_cpu_s = time.process_time() - cpu_started

    order = new_work_order(0)
    started = time.perf_counter()
    for lot in lots:
        consume(ctx(order), lot=lot, quantity=10)
    consume_s = time.perf_counter() - started

    # Work orders are made beforehand: that is planning, not the floor.
    orders = [new_work_order(n) for n in range(1, work_orders + 1)]
    started = time.perf_counter()
    for n, order in enumerate(orders):
        for k in range(INPUTS_PER_WORK_ORDER):
            consume(ctx(order), lot=lots[(n * INPUTS_PER_WORK_ORDER + k) % len(lots)], quantity=10)
        for _ in range(OUTPUTS_PER_WORK_ORDER):
            produce(ctx(order), quantity=5)
    completion_s = time.perf_counter() - started
    per_order = INPUTS_PER_WORK_ORDER + OUTPUTS_PER_WORK_ORDER
    return {
        "receive_events": events,
        "receive_events_per_s": round(events / receive_s, 1),
        "receive_cpu_ms_per_event": round(receive_cpu_s * 1000 / events, 2),
        "consume_events": events,
        "consume_events_per_s": round(events / consume_s, 1),
        "work_orders": work_orders,
        "work_order_shape": f"{INPUTS_PER_WORK_ORDER} consumes + {OUTPUTS_PER_WORK_ORDER} produces",
        "work_order_completions_per_s": round(work_orders / completion_s, 1),
        "work_order_events_per_s": round(work_orders * per_order / completion_s, 1),
    }
