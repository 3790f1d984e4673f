"""The ledger generator: work orders in time order, writing lots, events, lines, links and shipments.

Shortcuts a real ledger would not take (the trace and recall read lines and links, not events): a work order
writes one consume event for all its inputs and one produce event for all its outputs; a delivery is one
receive event; a shipment is one ship event. Every quantity is whole, and StockBalance is written at the end
as the sum of each lot's lines (one location per lot), so the projection matches the ledger.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from .trace_plant import SPAN, START, MasterIds, PlantParameters, Pool, Sink, Zipf

# Column order of the rows handed to the sink, per table.
COLUMNS = {
    "core_delivery": ("id", "reference", "received_at", "supplier_id", "site_id"),
    "core_workorder": (
        "id",
        "number",
        "quantity_planned",
        "status",
        "due_date",
        "priority",
        "customer_ref",
        "planned_start",
        "created_at",
        "item_id",
        "machine_id",
        "recipe_id",
        "site_id",
    ),
    "core_shipment": ("id", "number", "shipped_at", "sscc", "customer_id", "site_id"),
    "core_lot": (
        "id",
        "number",
        "origin",
        "status",
        "created_at",
        "expires_on",
        "supplier_lot",
        "delivery_id",
        "item_id",
        "machine_id",
        "supplier_id",
        "site_id",
        "work_order_id",
    ),
    "core_event": (
        "id",
        "uid",
        "kind",
        "occurred_at",
        "recorded_at",
        "new_status",
        "reason",
        "reference",
        "fingerprint",
        "delivery_id",
        "user_id",
        "location_id",
        "machine_id",
        "shipment_id",
        "site_id",
        "corrects_id",
        "work_order_id",
    ),
    "core_eventline": (
        "id",
        "quantity",
        "unit",
        "kind",
        "direction",
        "event_id",
        "location_id",
        "lot_id",
        "shipment_id",
    ),
    "core_genealogylink": (
        "id",
        "quantity",
        "unit",
        "basis",
        "consume_event_id",
        "event_id",
        "child_id",
        "parent_id",
        "work_order_id",
    ),
    "core_stockbalance": ("id", "quantity", "location_id", "lot_id"),
}
OPEN_SHIPMENTS = 8


class PlantGenerator:
    """Runs the plant until ``params.lots`` lots exist; ``stats`` counts what it did."""

    def __init__(self, params: PlantParameters, master: MasterIds, sink: Sink, timestamp) -> None:
        self.p = params
        self.m = master
        self.sink = sink
        self.timestamp = timestamp  # seconds since START -> the text the database takes
        self.rng = random.Random(params.seed)
        self.raw_zipf = Zipf(params.raw_materials, params.zipf_exponent, self.rng)
        self.customer_zipf = Zipf(len(master.customers), 1.0, self.rng)
        self.raw_pools = [Pool() for _ in master.raw_items]
        self.parts = Pool()
        self.subassemblies = Pool()
        self.regrind: list[tuple[int, int] | None] = [None] * params.moulding_lines
        self.chain_length = [0] * params.moulding_lines
        self.balance: dict[int, int] = {}
        self.place: dict[int, tuple[int, str]] = {}  # lot -> (location, unit)
        self.shipments: list[list] = []
        self.seconds = 0.0
        self.step = SPAN.total_seconds() / max(1.0, params.lots / 2.5)
        self.stats: Counter[str] = Counter()
        self.longest_chain = 0

    def run(self) -> dict:
        while self.stats["lots"] < self.p.lots:
            if len(self.subassemblies) >= 12:
                self.final_assembly()
            elif len(self.parts) >= 20:
                self.subassembly()
            else:
                self.part_order()
        for index in range(len(self.shipments)):
            self.close_shipment(index, reopen=False)
        self.write_balances()
        return {**self.stats, "longest_regrind_chain": self.longest_chain}

    # --- the plant's work ---------------------------------------------------------------------------

    def part_order(self) -> None:
        rng = self.rng
        material = self.raw_zipf.draw()
        inputs = self.take_raw(material, rng.choice((1, 2, 2, 3)))
        if rng.random() < 0.4:
            other = self.raw_zipf.draw()
            if other != material:
                inputs += self.take_raw(other, 1)
        item = self.m.part_items[rng.randrange(len(self.m.part_items))]
        uses = [1 if rng.random() < 0.7 else 2 for _ in range(rng.randint(2, 6))]
        outputs = [(item, 50 * u, "pcs") for u in uses]
        line = None
        if rng.random() < self.p.moulding_share:
            line = rng.randrange(self.p.moulding_lines)
            machine = self.m.moulding_machines[line]
            if self.regrind[line] is not None:
                inputs.append(self.regrind[line])
            keeps_regrind = rng.random() < 1 - 1 / self.p.regrind_chain_mean
            if keeps_regrind:
                outputs.append((self.m.regrind_items[line], 8, "kg"))
        else:
            machine = self.m.part_machines[rng.randrange(len(self.m.part_machines))]
        made = self.work_order(item, machine, inputs, outputs)
        for lot, use in zip(made, uses, strict=False):
            self.parts.add(lot, use, 50)
        if line is not None:
            if len(made) > len(uses):
                self.regrind[line] = (made[-1], 8)
                self.chain_length[line] += 1
                self.stats["regrind_lots"] += 1
            else:  # the regrind was scrapped: the chain ends here
                self.longest_chain = max(self.longest_chain, self.chain_length[line])
                self.regrind[line] = None
                self.chain_length[line] = 0

    def subassembly(self) -> None:
        rng = self.rng
        inputs = self.parts.take(rng.randint(3, 6))
        item = self.m.subassembly_items[rng.randrange(len(self.m.subassembly_items))]
        machine = self.m.assembly_machines[rng.randrange(len(self.m.assembly_machines))]
        for lot in self.work_order(item, machine, inputs, [(item, 20, "pcs")] * rng.randint(1, 4)):
            self.subassemblies.add(lot, 1, 20)

    def final_assembly(self) -> None:
        rng = self.rng
        inputs = self.subassemblies.take(rng.randint(2, 6))
        if rng.random() < 0.5 and self.parts:
            inputs += self.parts.take(1)
        item = self.m.finished_items[rng.randrange(len(self.m.finished_items))]
        machine = self.m.assembly_machines[rng.randrange(len(self.m.assembly_machines))]
        lines = [rng.choices((1, 2, 3), weights=(5, 3, 2))[0] for _ in range(rng.randint(1, 4))]
        made = self.work_order(item, machine, inputs, [(item, 10 * n, "pcs") for n in lines])
        for lot in made:
            self.stats["finished_lots"] += 1
            chance = self.p.rework_rate
            while rng.random() < chance:  # failed inspection: a rework order turns it into a new lot
                quantity = self.balance[lot]
                lot = self.work_order(
                    item, self.m.rework_machine, [(lot, quantity)], [(item, quantity, "pcs")]
                )[0]
                self.stats["reworks"] += 1
                chance = self.p.rework_again
            self.ship(lot)

    # --- rows ---------------------------------------------------------------------------------------

    def tick(self) -> str:
        self.seconds += self.step * (0.5 + self.rng.random())
        return self.timestamp(self.seconds)

    def take_raw(self, material: int, count: int) -> list[tuple[int, int]]:
        pool = self.raw_pools[material]
        while len(pool) < count:
            self.receive(material)
        return pool.take(count)

    def receive(self, material: int) -> None:
        rng, m = self.rng, self.m
        when = self.timestamp(self.seconds)
        supplier = m.suppliers[material % len(m.suppliers)]
        delivery = self.sink.next_id("core_delivery")
        self.sink.add("core_delivery", (delivery, f"DN-{delivery:08d}", when, supplier, m.site))
        event = self.event("receive", when, delivery=delivery, location=m.locations[0])
        for n in range(rng.randint(2, 6)):
            uses = 1 + min(int(rng.expovariate(0.5)), 10)
            lot = self.new_lot(
                m.raw_items[material],
                "received",
                when,
                "kg",
                delivery=delivery,
                supplier=supplier,
                supplier_lot=f"H{delivery}-{n}",
            )
            self.line(event, lot, uses * 100 + rng.randint(0, 50), "receive", 1)
            self.raw_pools[material].add(lot, uses, 100)

    def work_order(
        self, item: int, machine: int, inputs: list[tuple[int, int]], outputs: list[tuple[int, int, str]]
    ) -> list[int]:
        """Consume the inputs, make the outputs, link them; returns the new lots in output order."""
        rng, sink = self.rng, self.sink
        when = self.tick()
        wo = sink.next_id("core_workorder")
        sink.add(
            "core_workorder",
            (
                wo,
                f"WO-B{wo:08d}",
                sum(o[1] for o in outputs),
                "done",
                None,
                5,
                "",
                None,
                when,
                item,
                machine,
                None,
                self.m.site,
            ),
        )
        consumed = self.event("consume", when, work_order=wo, machine=machine)
        for lot, quantity in inputs:
            self.line(consumed, lot, -quantity, "consume", -1)
        produced = self.event("produce", when, work_order=wo, machine=machine, location=self.m.locations[0])
        made = []
        for out_item, quantity, unit in outputs:
            lot = self.new_lot(out_item, "produced", when, unit, work_order=wo, machine=machine)
            self.line(produced, lot, quantity, "produce", 1)
            made.append(lot)
        if len(inputs) > 1 and len(made) > 1 and rng.random() < self.p.explicit_share:
            named: dict[int, set[int]] = {lot: set() for lot in made}
            for parent, _quantity in inputs:  # every input went into at least one output
                named[made[rng.randrange(len(made))]].add(parent)
            for child in made:
                if not named[child] or rng.random() < 0.3:
                    named[child].add(inputs[rng.randrange(len(inputs))][0])
                for parent in sorted(named[child]):
                    self.link(parent, child, wo, produced, None, "explicit")
        else:
            for child in made:
                for parent, _quantity in inputs:
                    self.link(parent, child, wo, produced, consumed, "implicit")
        return made

    def ship(self, lot: int) -> None:
        rng = self.rng
        if not self.shipments:
            self.shipments = [self.open_shipment() for _ in range(OPEN_SHIPMENTS)]
        quantity = self.balance[lot]
        count = max(1, quantity // 10)
        keep = 5 if rng.random() < 0.1 else 0
        for n, index in enumerate(rng.sample(range(OPEN_SHIPMENTS), count)):
            shipped = 10 - (keep if n == count - 1 else 0)
            self.shipments[index][0].append((lot, shipped))
            self.balance[lot] -= shipped
            if len(self.shipments[index][0]) >= self.shipments[index][1]:
                self.close_shipment(index)

    def open_shipment(self) -> list:
        return [[], self.rng.randint(3, 20)]

    def close_shipment(self, index: int, reopen: bool = True) -> None:
        lines = self.shipments[index][0]
        if lines:
            when = self.timestamp(self.seconds)
            shipment = self.sink.next_id("core_shipment")
            customer = self.m.customers[self.customer_zipf.draw()]
            self.sink.add("core_shipment", (shipment, f"SH-{shipment:08d}", when, "", customer, self.m.site))
            event = self.event("ship", when, shipment=shipment)
            for lot, quantity in lines:
                self.line(event, lot, -quantity, "ship", -1, shipment=shipment, projected=False)
        self.shipments[index] = self.open_shipment() if reopen else [[], 0]

    def new_lot(
        self,
        item: int,
        origin: str,
        when: str,
        unit: str,
        *,
        delivery=None,
        supplier=None,
        supplier_lot: str = "",
        work_order=None,
        machine=None,
    ) -> int:
        lot = self.sink.next_id("core_lot")
        self.sink.add(
            "core_lot",
            (
                lot,
                f"B{lot:09d}",
                origin,
                "released",
                when,
                None,
                supplier_lot,
                delivery,
                item,
                machine,
                supplier,
                self.m.site,
                work_order,
            ),
        )
        self.balance[lot] = 0
        self.place[lot] = (self.m.locations[self.rng.randrange(len(self.m.locations))], unit)
        self.stats["lots"] += 1
        self.stats[f"{origin}_lots"] += 1
        return lot

    def event(
        self,
        kind: str,
        when: str,
        *,
        delivery=None,
        location=None,
        machine=None,
        shipment=None,
        work_order=None,
    ) -> int:
        event = self.sink.next_id("core_event")
        uid = f"{(0xBE0C << 112) | event:032x}"
        self.sink.add(
            "core_event",
            (
                event,
                uid,
                kind,
                when,
                when,
                "",
                "",
                "",
                "bench",
                delivery,
                self.m.user,
                location,
                machine,
                shipment,
                self.m.site,
                None,
                work_order,
            ),
        )
        return event

    def line(
        self,
        event: int,
        lot: int,
        quantity: int,
        kind: str,
        direction: int,
        *,
        shipment=None,
        projected: bool = True,
    ) -> None:
        location, unit = self.place[lot]
        self.sink.add(
            "core_eventline",
            (
                self.sink.next_id("core_eventline"),
                quantity,
                unit,
                kind,
                direction,
                event,
                location,
                lot,
                shipment,
            ),
        )
        if projected:  # ship lines were taken off the balance when the lot was put on the shipment
            self.balance[lot] += quantity

    def link(self, parent: int, child: int, wo: int, produced: int, consumed: int | None, basis: str) -> None:
        link = self.sink.next_id("core_genealogylink")
        quantity, unit = (None, "") if basis == "implicit" else (10, self.place[parent][1])
        self.sink.add(
            "core_genealogylink", (link, quantity, unit, basis, consumed, produced, child, parent, wo)
        )
        self.stats[f"{basis}_links"] += 1

    def write_balances(self) -> None:
        for lot, quantity in self.balance.items():
            if quantity:
                location = self.place[lot][0]
                self.sink.add(
                    "core_stockbalance", (self.sink.next_id("core_stockbalance"), quantity, location, lot)
                )


def when_text(vendor: str):
    """Seconds since START as the text the database stores (SQLite: naive UTC; PostgreSQL: with offset)."""
    suffix = "+00" if vendor == "postgresql" else ""

    def text(seconds: float) -> str:
        return f"{START + timedelta(seconds=int(seconds)):%Y-%m-%d %H:%M:%S}{suffix}"

    return text
