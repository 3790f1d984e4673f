"""Four months of an 18-person metal shop, day by day, pulled by customer orders.

Each working day: deliveries arrive, then every stage refills its buffer from the one before (saw → CNC or
mill → furnace → packing), customers' orders ship first in, first out, and the quality desk holds, releases,
reworks and scraps. Stages take lots made on an earlier day, so a part spends a few days in the plant.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from lotline.core.models import Lot

from . import catalog
from .deliveries import SECOND_SUSPECT, PlannedDelivery
from .floor import Floor

# Pieces a day each family's customers order: (chance of an order on a day, smallest, largest order).
DEMAND = {"SH": (0.8, 150, 450), "PIN": (0.75, 300, 900), "FL": (0.9, 60, 200)}
REJECT_REASON = "Rejected at final inspection: diameter out of tolerance"


class Shop:
    """The simulation: what the plant decides each day, recorded through the Floor."""

    def __init__(self, floor: Floor, rng: random.Random, days: list[date]) -> None:
        self.f = floor
        self.rng = rng
        self.days = days
        self.families = {family.key: family for family in catalog.FAMILIES}
        self.customers = {key: [c[0] for c in catalog.CUSTOMERS if key in c[7]] for key in self.families}
        self.shipments = 0
        self.ncr = 0
        self.reworks: list[tuple[date, str, str]] = []  # (day, rejected lot, family)
        self.ambiguous_done = False
        self.quarantine_on: date | None = None

    def daily(self, key: str) -> int:
        chance, low, high = DEMAND[key]
        return int(chance * (low + high) / 2)

    def pieces(self, item: str, ready: bool = False) -> Decimal:
        lots = self.f.usable(item, ready_before=self.f.today if ready else None)
        return sum((self.f.stock(n) for n in lots), Decimal(0))

    # -- a day --------------------------------------------------------------------------------------------

    def run_day(self, day: date, arriving: list[PlannedDelivery]) -> None:
        self.f.start_day(day)
        for delivery in arriving:
            for item, quantity, supplier_lot in delivery.lots:
                self.f.receive(
                    self.rng.randint(3, 9),
                    item,
                    quantity,
                    delivery.supplier,
                    supplier_lot,
                    delivery.reference,
                )
        self.quality_desk(day)
        for family in self.families.values():
            self.saw(family)
            self.machine(family)
            if family.hardened:
                self.furnace(family)
            self.pack(family)
        for key in self.families:
            self.take_orders(key)
        if day.weekday() == 4:
            self.consolidate()
        if day == self.days[-2]:
            self.customer_complaint()

    # -- stages ---------------------------------------------------------------------------------------------

    def saw(self, family: catalog.Family) -> None:
        if self.pieces(family.blank) >= 2 * self.daily(family.key):
            return
        blanks = self.rng.randrange(family.batch[0], family.batch[1] + 1, 10)
        needed = family.kg_per_blank * blanks
        sources = self.f.usable(family.raw)
        if sum((self.f.stock(n) for n in sources), Decimal(0)) < needed:
            return
        first = sources[0]
        if (
            self.f.stock(first) > needed
            and self.f.stock(first) == self.f.journal.made[first]
            and self.rng.random() < 0.3
        ):
            # A full bundle is opened: what this run needs is split off and taken to the saw.
            sources = [self.f.split(self.rng.randint(5, 15), first, needed, "WIP"), *sources]
        order = self.f.work_order(family.blank, "SAW1", Decimal(blanks))
        count = -(-blanks // family.crate)
        crates = [blanks // count + (1 if i < blanks % count else 0) for i in range(count)]
        for crate in crates:
            left = [n for n in sources if self.f.stock(n) > 0]
            inputs = self.draw(left, family.kg_per_blank * crate)
            self.f.produce(self.rng.randint(20, 60), order, Decimal(crate), inputs)
        self.f.finish(order)
        self.scrap_remnants(family)

    def draw(self, sources: list[str], needed: Decimal) -> list[tuple[str, Decimal]]:
        """First in, first out: whole lots until the last one, which gives what is still missing."""
        inputs = []
        for number in sources:
            take = min(self.f.stock(number), needed)
            inputs.append((number, take))
            needed -= take
            if needed <= 0:
                break
        return inputs

    def scrap_remnants(self, family: catalog.Family) -> None:
        for number in self.f.usable(family.raw):
            if self.f.stock(number) < family.kg_per_blank * 40:
                self.f.scrap(self.rng.randint(3, 8), number, self.f.stock(number), "Bar end too short to cut")

    def machine(self, family: catalog.Family) -> None:
        ready = self.f.usable(family.blank, ready_before=self.f.today)
        if (
            family.key == "FL"
            and not self.ambiguous_done
            and len(ready) >= 2
            and self.wants_ambiguous(ready[:3])
        ):
            self.ambiguous_run(family, ready[:3])
            return
        for machine in family.machines:
            if not ready or self.pieces(family.machined) >= 2 * self.daily(family.key):
                return
            blank = ready.pop(0)
            count = self.f.stock(blank)
            order = self.f.work_order(family.machined, machine, count)
            made = count - self.rng.randint(0, 4)  # set-up pieces go to the scrap bin with the chips
            part = self.f.produce(self.rng.randint(60, 180), order, made, [(blank, count)])
            self.f.finish(order)
            if family.hardened and self.rng.random() < 0.14:
                self.reject(family, part)

    def wants_ambiguous(self, blanks: list[str]) -> bool:
        reached = self.f.journal.descendants(self.f.journal.deliveries.get(SECOND_SUSPECT, []))
        return any(n in reached for n in blanks) or self.f.today >= self.days[-10]

    def ambiguous_run(self, family: catalog.Family, blanks: list[str]) -> None:
        """A milling order where the operator scanned blanks in and parts out, without saying which went
        where: the work-order rule links every output to every blank consumed before it (ambiguous)."""
        total = sum((self.f.stock(n) for n in blanks), Decimal(0))
        order = self.f.work_order(family.machined, "MILL1", total)
        *early, last = blanks
        for blank in early:
            self.f.consume(10, order, blank, self.f.stock(blank))
        first = (total * Decimal("0.4")).to_integral_value()
        self.f.produce(120, order, first, None)
        self.f.consume(15, order, last, self.f.stock(last))
        second = (total * Decimal("0.35")).to_integral_value()
        self.f.produce(90, order, second, None)
        self.f.produce(80, order, total - first - second - 3, None)
        self.f.finish(order)
        self.ambiguous_done = True

    def reject(self, family: catalog.Family, part: str) -> None:
        rejected = Decimal(self.rng.randint(8, 30))
        self.ncr += 1
        number = self.f.split(self.rng.randint(10, 30), part, rejected, "QUAR", user="supervisor")
        self.f.hold(2, [number], REJECT_REASON, reference=f"NCR-26-{self.ncr:03d}")
        due = self.days.index(self.f.today) + self.rng.randint(2, 6)
        if due < len(self.days):
            self.reworks.append((self.days[due], number, family.key))

    def furnace(self, family: catalog.Family) -> None:
        assert family.hardened is not None
        if self.pieces(family.hardened) >= 2 * self.daily(family.key):
            return
        ready = self.f.usable(family.machined, ready_before=self.f.today)
        if not ready:
            return
        charge = ready[: self.rng.choice((2, 2, 3))]  # a furnace charge: up to three lots in one basket
        inputs = [(n, self.f.stock(n)) for n in charge]
        total = sum((q for _n, q in inputs), Decimal(0))
        order = self.f.work_order(family.hardened, "HT1", total)
        self.f.produce(self.rng.randint(240, 360), order, total, inputs)
        self.f.finish(order)

    def pack(self, family: catalog.Family) -> None:
        """Whole cartons only, as the recipe counts them (1/per_carton carton a piece): the last carton of a
        lot is topped up from the next lot (the packed lot names both, explicit links), and a remainder too
        small for a carton waits for the next lot. (Packing each lot into part-filled cartons consumed up to
        a carton more than the recipe, and every packing order failed the drill's yield check.)"""
        if self.pieces(family.packed) >= 3 * self.daily(family.key):
            return
        ready = self.f.usable(family.hardened or family.machined, ready_before=self.f.today)
        if not ready:
            return
        per_carton = Decimal(family.per_carton)
        lot_cartons = (self.f.stock(ready[0]) / per_carton).to_integral_value(rounding=ROUND_CEILING)
        if self.pieces("CARTON") < lot_cartons:
            return
        minutes = self.rng.randint(
            30, 90
        )  # drawn whether or not a carton fills: the same seed, the same days
        available = sum((self.f.stock(n) for n in ready), Decimal(0))
        cartons = min(lot_cartons, (available / per_carton).to_integral_value(rounding=ROUND_FLOOR))
        if cartons <= 0:
            return
        count = cartons * per_carton
        order = self.f.work_order(family.packed, "PACK1", count)
        inputs = [*self.draw(ready, count), *self.draw(self.f.usable("CARTON"), cartons)]
        self.f.produce(minutes, order, count, inputs, location="FG")
        self.f.finish(order)

    # -- customers ---------------------------------------------------------------------------------------

    def take_orders(self, key: str) -> None:
        chance, low, high = DEMAND[key]
        if self.rng.random() >= chance:
            return
        customer = self.rng.choice(self.customers[key])
        wanted = Decimal(self.rng.randrange(low, high + 1, 10))
        available = self.f.usable(self.families[key].packed)
        if sum((self.f.stock(n) for n in available), Decimal(0)) < wanted:
            return  # back-ordered: the customer waits for the next packing run
        self.shipments += 1
        document = f"DS-26-{self.shipments:04d}"
        self.f.ship(self.rng.randint(15, 45), customer, document, self.draw(available, wanted))

    # -- quality desk ---------------------------------------------------------------------------------------

    def quality_desk(self, day: date) -> None:
        for _due, rejected, key in [r for r in self.reworks if r[0] == day]:
            family = self.families[key]
            self.f.release(5, [rejected], "Cleared for rework on the lathe", reference="NCR rework")
            lost = Decimal(self.rng.randint(0, 3))
            if lost:
                self.f.scrap(5, rejected, lost, "Beyond rework: undersize after re-turning")
            remaining = self.f.stock(rejected)
            order = self.f.work_order(
                family.machined, family.machines[-1], remaining, recipe=False, customer_ref="rework"
            )
            self.f.produce(self.rng.randint(40, 90), order, remaining, [(rejected, remaining)])
            self.f.finish(order)
        self.quarantine_suspect_coils(day)

    def quarantine_suspect_coils(self, day: date) -> None:
        """Three days after the first lamination was seen at the saw, the uncut coil goes to quarantine."""
        journal = self.f.journal
        coils = journal.deliveries.get(SECOND_SUSPECT)
        if not coils or self.quarantine_on == date.max:
            return
        if self.quarantine_on is None:
            if any(journal.stock[c] < journal.made[c] for c in coils):
                self.quarantine_on = self.days[min(self.days.index(day) + 3, len(self.days) - 1)]
            return
        if day < self.quarantine_on:
            return
        uncut = [c for c in coils if journal.stock[c] > 0 and c not in self.f.held]
        if uncut:
            self.f.hold(
                10,
                uncut,
                "Edge lamination found on a coil of this delivery; supplier 8D requested",
                status=Lot.Status.QUARANTINED,
                reference="NCR-26-031",
            )
            for coil in uncut:
                self.f.move(5, coil, "QUAR")
        self.quarantine_on = date.max

    def consolidate(self) -> None:
        """Friday: a part-pallet of a finished item is topped up with the next lot (merged into one)."""
        for family in self.families.values():
            lots = self.f.usable(family.packed)
            if (
                len(lots) >= 2
                and self.f.stock(lots[0]) < self.f.journal.made[lots[0]]
                and self.rng.random() < 0.6
            ):
                self.f.merge(self.rng.randint(10, 20), lots[:2])

    def customer_complaint(self) -> None:
        """A customer reports burrs: the newest shaft pallet waits on hold for a 100 % sort."""
        lots = self.f.usable("SH-20P")
        if lots:
            self.f.hold(
                15,
                [lots[-1]],
                "Customer complaint: burrs on the shoulder; sort 100 % before shipping",
                reference="CC-26-007",
            )
