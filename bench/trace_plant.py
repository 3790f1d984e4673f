"""A synthetic plant for the trace benchmark: its parameters, the master data, and the ledger generator.

The plant, in the order material flows:
- raw materials, chosen Zipf-popular (a few steel grades and resins are in half the work orders), arrive on
  supplier deliveries; a raw lot (a coil, a bag of resin) feeds 1–11 work orders;
- part work orders turn 1–4 raw lots (of one or two materials) into 2–6 part lots; some run on moulding
  lines whose *regrind* (sprues, rejects) goes into the next batch on the same line — a chain that ends
  when the regrind is scrapped, and the reason one contaminated coil can reach thousands of lots;
- sub-assembly work orders turn 3–6 parts into 1–4 sub-assemblies; final assembly turns 2–6 sub-assemblies
  (and sometimes a loose part) into 1–4 finished lots; a few finished lots fail inspection and go through
  rework (again, sometimes), each rework a work order of its own;
- every finished lot leaves on 1–3 shipment lines to Zipf-popular customers (a tenth keeps some stock).

Genealogy follows the link rule: most work orders link by the work-order rule (every input to every output,
*implicit*), the rest name their inputs per output (*explicit*). Rows are produced in time order, so ids and
times grow together, as they do in a real ledger. The generator writes rows to a sink (bench/trace_load.py).
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

SIZES = {"tiny": 1_500, "small": 20_000, "medium": 200_000, "full": 2_000_000}
START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=2 * 365)  # the ledger covers two years whatever the size


@dataclass(frozen=True)
class PlantParameters:
    """What the generator is asked for (printed, and written to the JSON)."""

    size: str
    lots: int
    raw_materials: int
    zipf_exponent: float
    part_items: int
    subassembly_items: int
    finished_items: int
    moulding_lines: int
    moulding_share: float
    regrind_chain_mean: float
    rework_rate: float
    rework_again: float
    explicit_share: float
    customers: int
    shipment_lines: str
    locations: int
    seed: int

    def as_dict(self) -> dict:
        return asdict(self)


def parameters_for(size: str, seed: int = 20260302) -> PlantParameters:
    lots = SIZES[size]

    def scaled(per: int, low: int, high: int) -> int:
        return max(low, min(high, lots // per))

    return PlantParameters(
        size=size,
        lots=lots,
        raw_materials=scaled(5_000, 8, 400),
        zipf_exponent=1.1,
        part_items=scaled(1_000, 10, 2_000),
        subassembly_items=scaled(2_500, 5, 800),
        finished_items=scaled(1_500, 5, 1_500),
        moulding_lines=scaled(50_000, 2, 40),
        moulding_share=0.3,
        regrind_chain_mean=25.0,
        rework_rate=0.02,
        rework_again=0.3,
        explicit_share=0.25,
        customers=scaled(4_000, 5, 500),
        shipment_lines="1-3",
        locations=8,
        seed=seed,
    )


@dataclass
class MasterIds:
    """Primary keys of the master data the ledger rows point at (created through the ORM)."""

    site: int
    user: int
    locations: list[int]
    suppliers: list[int]
    customers: list[int]
    raw_items: list[int]
    part_items: list[int]
    subassembly_items: list[int]
    finished_items: list[int]
    regrind_items: list[int]
    part_machines: list[int]
    moulding_machines: list[int]
    assembly_machines: list[int]
    rework_machine: int


def create_master_data(params: PlantParameters) -> MasterIds:
    """Site, locations, machines, suppliers, customers and items: a few thousand rows, through the ORM."""
    from django.contrib.auth import get_user_model

    from lotline.core.models import Item, Location, Machine, Party, Site

    site = Site.objects.create(code="BENCH", name="Benchmark plant", timezone="Europe/Warsaw")
    user = get_user_model().objects.create_user("bench-operator", password="bench-operator-pw")
    locations = Location.objects.bulk_create(
        Location(site=site, code=f"R{n:02d}", is_default=n == 1) for n in range(1, params.locations + 1)
    )

    def parties(prefix: str, count: int, role: str) -> list:
        return Party.objects.bulk_create(
            Party(
                code=f"{prefix}{n:04d}",
                name=f"{prefix.title()} {n}",
                role=role,
                contact_name=f"Contact {n}",
                email=f"{prefix.lower()}{n}@bench.test",
                phone=f"+48 600 {n:06d}",
                address=f"Street {n}",
            )
            for n in range(1, count + 1)
        )

    def items(prefix: str, count: int, kind: str, unit: str) -> list:
        return Item.objects.bulk_create(
            Item(code=f"{prefix}{n:05d}", name=f"{prefix} {n}", kind=kind, unit=unit)
            for n in range(1, count + 1)
        )

    def machines(prefix: str, count: int, group: str) -> list:
        return Machine.objects.bulk_create(
            Machine(site=site, code=f"{prefix}{n:02d}", name=f"{group} {n}", group=group)
            for n in range(1, count + 1)
        )

    def ids(rows: list) -> list[int]:
        return [row.pk for row in rows]

    return MasterIds(
        site=site.pk,
        user=user.pk,
        locations=ids(locations),
        suppliers=ids(parties("SUP", max(2, params.raw_materials // 4), Party.Role.SUPPLIER)),
        customers=ids(parties("CUS", params.customers, Party.Role.CUSTOMER)),
        raw_items=ids(items("RAW", params.raw_materials, Item.Kind.RAW, "kg")),
        part_items=ids(items("PRT", params.part_items, Item.Kind.INTERMEDIATE, "pcs")),
        subassembly_items=ids(items("SUB", params.subassembly_items, Item.Kind.INTERMEDIATE, "pcs")),
        finished_items=ids(items("FIN", params.finished_items, Item.Kind.FINISHED, "pcs")),
        regrind_items=ids(items("RGR", params.moulding_lines, Item.Kind.INTERMEDIATE, "kg")),
        part_machines=ids(machines("CUT", 6, "Cutting")),
        moulding_machines=ids(machines("MLD", params.moulding_lines, "Moulding")),
        assembly_machines=ids(machines("ASM", 6, "Assembly")),
        rework_machine=machines("RWK", 1, "Rework")[0].pk,
    )


class Zipf:
    """Draws index i (0-based) with weight 1 / (i + 1) ** s."""

    def __init__(self, count: int, exponent: float, rng: random.Random) -> None:
        self.cumulative = list(accumulate(1 / (i + 1) ** exponent for i in range(count)))
        self.rng = rng

    def draw(self) -> int:
        return min(bisect(self.cumulative, self.rng.random() * self.cumulative[-1]), len(self.cumulative) - 1)


class Pool:
    """Lots waiting to be used, oldest first; a lot with uses left goes to the back after each use."""

    def __init__(self) -> None:
        self.queue: deque[list[int]] = deque()  # [lot_id, uses_left, quantity per use]

    def __len__(self) -> int:
        return len(self.queue)

    def add(self, lot_id: int, uses: int, per_use: int) -> None:
        self.queue.append([lot_id, uses, per_use])

    def take(self, count: int) -> list[tuple[int, int]]:
        taken: list[tuple[int, int]] = []
        keep: list[list[int]] = []
        while self.queue and len(taken) < count:
            entry = self.queue.popleft()
            taken.append((entry[0], entry[2]))
            entry[1] -= 1
            if entry[1] > 0:
                keep.append(entry)
        self.queue.extend(keep)
        return taken


class Sink:
    """Where the generator's rows go: ``add(table, row)``; ids are handed out by ``next_id``."""

    def next_id(self, table: str) -> int:  # pragma: no cover - interface
        raise NotImplementedError

    def add(self, table: str, row: tuple) -> None:  # pragma: no cover - interface
        raise NotImplementedError
