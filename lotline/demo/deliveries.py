"""Supplier deliveries over the demo period: which bars, coils and cartons arrive when.

Two deliveries carry a story. Hütte Nord's DN-2026-0815 brought two bundles of 42CrMo4 from heat
H26-4471, whose mill certificate turned out wrong (nothing in the ledger says so yet: it is the recall to
try). Stalpol's WZ-2026-1021 brought S355 coils with edge lamination; the coil not yet cut when it was found
sits in quarantine, and its blanks ran through a milling order recorded without named inputs (ambiguous
links).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

SUSPECT = ("HUETTE", "DN-2026-0815")
SUSPECT_STORY = "heat H26-4471 (42CrMo4): hardenability below spec on the corrected mill certificate"
SECOND_SUSPECT = ("STALPOL", "WZ-2026-1021")
SECOND_STORY = "S355 coil with edge lamination; the uncut coil is in quarantine (NCR-26-031)"


@dataclass(frozen=True)
class PlannedDelivery:
    """One delivery note with its lots: (item, quantity, supplier's lot)."""

    day: date
    supplier: str
    reference: str
    lots: tuple[tuple[str, Decimal, str], ...]


def working_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def kg(rng: random.Random, low: int, high: int) -> Decimal:
    """A bundle or coil weight as the weighbridge prints it: whole 5 kg."""
    return Decimal(rng.randrange(low, high, 5))


def plan_deliveries(rng: random.Random, days: list[date]) -> list[PlannedDelivery]:
    planned: list[PlannedDelivery] = []
    # Hütte Nord: 42CrMo4 bundles every 9 working days, C45 on every other delivery.
    numbers = iter(range(600, 2000, 40))  # never 815: that note is the suspect's
    for index, day in enumerate(days[0::9]):
        heat = 4300 + index * 29 + rng.randrange(9)
        if index == 6:
            lots = (("42CM4-30", Decimal(385), "H26-4471-1"), ("42CM4-30", Decimal(420), "H26-4471-2"))
            planned.append(PlannedDelivery(day, *SUSPECT, lots))
            continue
        lots = tuple(("42CM4-30", kg(rng, 650, 850), f"H26-{heat}-{b}") for b in (1, 2))
        if index % 2 == 0:
            lots += (("C45-40", kg(rng, 900, 1150), f"H26-{heat + 3}-1"),)
        planned.append(PlannedDelivery(day, "HUETTE", f"DN-2026-{next(numbers):04d}", lots))
    # Stalpol: every 8 working days; C45 each time, an S355 coil every third time.
    for index, day in enumerate(days[2::8]):
        if index == 6:
            coils = tuple(("S355-CL", kg(rng, 1000, 1200), f"C{880400 + b}") for b in (1, 2))
            planned.append(PlannedDelivery(day, *SECOND_SUSPECT, coils))
            continue
        lots = (("C45-40", kg(rng, 900, 1200), f"S{260100 + index * 7}"),)
        if index % 3 == 1:
            lots += (("S355-CL", kg(rng, 1400, 1900), f"C{880000 + index * 13}"),)
        planned.append(PlannedDelivery(day, "STALPOL", f"WZ-2026-{600 + index * 53:04d}", lots))
    # Ferrometal: an S355 coil every 11 working days, C45 now and then.
    for index, day in enumerate(days[1::11]):
        lots: tuple[tuple[str, Decimal, str], ...] = (("S355-CL", kg(rng, 1000, 1300), f"FM{51200 + index}"),)
        if index % 3 == 0:
            lots += (("C45-40", kg(rng, 800, 1000), f"FM{61200 + index}"),)
        planned.append(PlannedDelivery(day, "FERRO", f"DL-26-{3100 + index * 17}", lots))
    # Kartonex: cartons every 15 working days.
    for index, day in enumerate(days[0::15]):
        planned.append(
            PlannedDelivery(
                day,
                "KARTON",
                f"KX/{index + 41}/2026",
                (("CARTON", Decimal(rng.randrange(220, 300, 10)), f"KX-B{index + 11}"),),
            )
        )
    return sorted(planned, key=lambda d: (d.day, d.supplier))
