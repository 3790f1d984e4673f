"""The shop floor as the generator drives it: every change goes through lotline.core.services.

Floor owns the wall clock (site time, Europe/Warsaw), deterministic event ids (so two builds with the same
seed write the same ledger), and the Journal — the generator's own record of lots, links and shipments.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from lotline.core import services
from lotline.core.models import Lot, Recipe, WorkOrder
from lotline.core.services import EventContext

from .journal import Journal
from .master import Master

EVENT_NAMESPACE = uuid.UUID("6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f")
# Paper and tablet records reach the system a couple of minutes after the fact.
RECORDING_DELAY = timedelta(minutes=2)


class Floor:
    """Records what happens in the shop, one service call per event, and keeps the journal in step."""

    def __init__(self, master: Master, seed: int) -> None:
        self.m = master
        self.seed = seed
        self.journal = Journal()
        self.tz = ZoneInfo(master.site.timezone)
        self.clock = datetime(2026, 1, 1, 6, 0, tzinfo=self.tz)
        self.lots: dict[str, Lot] = {}
        self.by_item: dict[str, list[str]] = {}
        self.born: dict[str, date] = {}
        self.held: set[str] = set()
        self._events = 0
        self._work_orders = 0
        self._consumed: dict[int, list[str]] = {}  # work order → lots consumed on it, in order
        self._recipes = {r.item.code: r for r in Recipe.objects.select_related("item")}

    # -- time and context -------------------------------------------------------------------------------

    def start_day(self, day: date, hour: int = 6) -> None:
        self.clock = datetime(day.year, day.month, day.day, hour, 0, tzinfo=self.tz)

    @property
    def today(self) -> date:
        return self.clock.date()

    def ctx(self, minutes: int, user: str = "operator", **kwargs: object) -> EventContext:
        # Durations are per machine; the saw, lathes, furnace and packing run side by side, so the shared
        # clock advances a third of each — a day's events then fit between 06:00 and the afternoon.
        self.clock += timedelta(minutes=minutes) / 3
        self._events += 1
        return EventContext(
            user=self.m.users[user],  # type: ignore[arg-type]
            site=self.m.site,
            occurred_at=self.clock,
            recorded_at=self.clock + RECORDING_DELAY,
            uid=uuid.uuid5(EVENT_NAMESPACE, f"{self.seed}:{self._events}"),
            **kwargs,  # type: ignore[arg-type]
        )

    # -- lots the simulation can use --------------------------------------------------------------------

    def usable(self, item: str, *, ready_before: date | None = None) -> list[str]:
        """Released lots of an item with stock, oldest first (first in, first out)."""
        return [
            n
            for n in self.by_item.get(item, [])
            if self.journal.stock[n] > 0
            and n not in self.held
            and (ready_before is None or self.born[n] < ready_before)
        ]

    def stock(self, number: str) -> Decimal:
        return self.journal.stock[number]

    def _remember(self, lot: Lot, quantity: Decimal, delivery: tuple[str, str] | None = None) -> str:
        self.lots[lot.number] = lot
        self.by_item.setdefault(lot.item.code, []).append(lot.number)
        self.born[lot.number] = self.today
        self.journal.new_lot(lot.number, lot.item.code, quantity, delivery)
        return lot.number

    # -- events ------------------------------------------------------------------------------------------

    def receive(
        self, minutes: int, item: str, quantity: Decimal, supplier: str, supplier_lot: str, delivery: str
    ) -> str:
        lot = services.receive(
            self.ctx(minutes),
            item=self.m.items[item],
            quantity=quantity,
            supplier=self.m.parties[supplier],
            supplier_lot=supplier_lot,
            delivery_ref=delivery,
        ).lot
        return self._remember(lot, quantity, (supplier, delivery))

    def work_order(
        self, item: str, machine: str, planned: Decimal, *, recipe: bool = True, customer_ref: str = ""
    ) -> WorkOrder:
        self._work_orders += 1
        return WorkOrder.objects.create(
            number=f"WO-26-{self._work_orders:04d}",
            item=self.m.items[item],
            site=self.m.site,
            machine=self.m.machines[machine],
            recipe=self._recipes.get(item) if recipe else None,
            quantity_planned=planned,
            planned_start=self.clock,
            customer_ref=customer_ref,
        )

    def finish(self, work_order: WorkOrder) -> None:
        """Close a work order (planning data, not ledger: no service writes work-order status)."""
        WorkOrder.objects.filter(pk=work_order.pk).update(status=WorkOrder.Status.DONE)

    def produce(
        self,
        minutes: int,
        work_order: WorkOrder,
        quantity: Decimal,
        inputs: list[tuple[str, Decimal]] | None,
        location: str = "WIP",
    ) -> str:
        named = [(self.lots[n], q) for n, q in inputs] if inputs is not None else None
        ctx = self.ctx(
            minutes, work_order=work_order, machine=work_order.machine, location=self.m.locations[location]
        )
        lot = services.produce(ctx, quantity=quantity, inputs=named).lot
        number = self._remember(lot, quantity)
        if inputs is not None:
            for parent, used in inputs:
                self.journal.take(parent, used)
                self.journal.link(parent, number)
        else:
            # The work-order rule: an output links to every input consumed on the order up to its time.
            for parent in self._consumed.get(work_order.pk, []):
                self.journal.link(parent, number)
        return number

    def consume(self, minutes: int, work_order: WorkOrder, lot: str, quantity: Decimal) -> None:
        ctx = self.ctx(minutes, work_order=work_order, machine=work_order.machine)
        services.consume(ctx, lot=self.lots[lot], quantity=quantity)
        self.journal.take(lot, quantity)
        self._consumed.setdefault(work_order.pk, []).append(lot)

    def split(self, minutes: int, lot: str, quantity: Decimal, location: str, user: str = "operator") -> str:
        ctx = self.ctx(minutes, user=user, location=self.m.locations[location])
        child = services.split(ctx, lot=self.lots[lot], quantity=quantity).lot
        self.journal.take(lot, quantity)
        number = self._remember(child, quantity)
        self.journal.link(lot, number)
        return number

    def merge(self, minutes: int, lots: list[str], location: str = "FG") -> str:
        ctx = self.ctx(minutes, location=self.m.locations[location])
        merged = services.merge(ctx, lots=[self.lots[n] for n in lots]).lot
        total = sum((self.stock(n) for n in lots), Decimal(0))
        for n in lots:
            self.journal.take(n, self.stock(n))
        number = self._remember(merged, total)
        for n in lots:
            self.journal.link(n, number)
        return number

    def ship(self, minutes: int, customer: str, document: str, lines: list[tuple[str, Decimal]]) -> None:
        services.ship(
            self.ctx(minutes),
            customer=self.m.parties[customer],
            document=document,
            lines=[(self.lots[n], q) for n, q in lines],
        )
        for n, q in lines:
            self.journal.ship(document, customer, n, q)

    def scrap(self, minutes: int, lot: str, quantity: Decimal, reason: str) -> None:
        services.scrap(
            self.ctx(minutes, user="supervisor"), lot=self.lots[lot], quantity=quantity, reason=reason
        )
        self.journal.take(lot, quantity)

    def hold(
        self,
        minutes: int,
        lots: list[str],
        reason: str,
        status: str = Lot.Status.ON_HOLD,
        reference: str = "",
    ) -> None:
        services.hold(
            self.ctx(minutes, user="supervisor"),
            lots=[self.lots[n] for n in lots],
            reason=reason,
            status=status,
            reference=reference,
        )
        for n in lots:
            self.held.add(n)
            self.lots[n].status = status

    def release(self, minutes: int, lots: list[str], reason: str, reference: str = "") -> None:
        services.release(
            self.ctx(minutes, user="supervisor"),
            lots=[self.lots[n] for n in lots],
            reason=reason,
            reference=reference,
        )
        for n in lots:
            self.held.discard(n)
            self.lots[n].status = Lot.Status.RELEASED

    def move(self, minutes: int, lot: str, location: str) -> None:
        services.move(self.ctx(minutes), lot=self.lots[lot], to_location=self.m.locations[location])
