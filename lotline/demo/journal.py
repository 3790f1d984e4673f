"""The generator's own account of what it did — kept in Python, apart from the database.

Tests hold the ledger's answers (trace, recall scope, stock) against this account: the generator knows which
lot it cut from which bar and which box went to which customer, so "tracing the suspicious delivery forward
lists exactly these lots, shipments and customers" is checked against an independent record.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class ShippedLine:
    """A quantity of a lot that left on a shipment document to a customer."""

    document: str
    customer: str
    lot: str
    quantity: Decimal


@dataclass(frozen=True)
class DeliveryReach:
    """Where one supplier delivery went, according to the generator: the expected recall scope."""

    supplier: str
    reference: str
    story: str
    raw_lots: tuple[str, ...]
    lots: tuple[str, ...]  # every lot reached, the delivery's own lots included, sorted
    shipments: tuple[ShippedLine, ...]
    customers: tuple[str, ...]  # customer codes, sorted
    on_hand: dict[str, Decimal]  # lot → quantity still in the plant (lots with stock only)

    @property
    def try_command(self) -> str:
        return f"lotline recall --delivery {self.reference} --supplier {self.supplier}"


@dataclass
class Journal:
    """Lots made, links between them (as the link rule records them), shipments and stock, by lot number."""

    items: dict[str, str] = field(default_factory=dict)  # lot → item code
    made: dict[str, Decimal] = field(default_factory=dict)  # lot → quantity received or produced
    deliveries: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (supplier, ref) → lots
    children: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    shipped: list[ShippedLine] = field(default_factory=list)
    stock: dict[str, Decimal] = field(default_factory=dict)  # lot → on hand
    stories: dict[tuple[str, str], str] = field(default_factory=dict)

    def new_lot(
        self, number: str, item: str, quantity: Decimal, delivery: tuple[str, str] | None = None
    ) -> None:
        self.items[number] = item
        self.made[number] = quantity
        self.stock[number] = quantity
        if delivery is not None:
            self.deliveries.setdefault(delivery, []).append(number)

    def link(self, parent: str, child: str) -> None:
        self.children[parent].add(child)

    def take(self, number: str, quantity: Decimal) -> None:
        if quantity > self.stock[number]:
            raise AssertionError(f"demo generator overdrew {number}: {quantity} > {self.stock[number]}")
        self.stock[number] -= quantity

    def ship(self, document: str, customer: str, number: str, quantity: Decimal) -> None:
        self.take(number, quantity)
        self.shipped.append(ShippedLine(document, customer, number, quantity))

    def descendants(self, roots: list[str]) -> set[str]:
        seen = set(roots)
        pending = list(roots)
        while pending:
            for child in self.children.get(pending.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    pending.append(child)
        return seen

    def reach(self, supplier: str, reference: str) -> DeliveryReach:
        raw = self.deliveries[(supplier, reference)]
        # Split-offs of a delivered bar carry the delivery too (the recall starts from them as well).
        lots = self.descendants(raw)
        lines: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
        for line in self.shipped:
            if line.lot in lots:
                lines[(line.document, line.customer, line.lot)] += line.quantity
        shipments = tuple(ShippedLine(doc, cust, lot, qty) for (doc, cust, lot), qty in sorted(lines.items()))
        return DeliveryReach(
            supplier=supplier,
            reference=reference,
            story=self.stories.get((supplier, reference), ""),
            raw_lots=tuple(sorted(raw)),
            lots=tuple(sorted(lots)),
            shipments=shipments,
            customers=tuple(sorted({line.customer for line in shipments})),
            on_hand={lot: self.stock[lot] for lot in sorted(lots) if self.stock[lot] > 0},
        )

    def fingerprint(self) -> str:
        """SHA-256 over (lot number, item, quantity made) of every lot: equal for equal builds."""
        text = "\n".join(f"{n}|{self.items[n]}|{self.made[n].normalize()}" for n in sorted(self.items))
        return hashlib.sha256(text.encode()).hexdigest()
