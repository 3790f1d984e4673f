"""The plan after the history: routings for every item the shop makes, and four weeks of open work orders.

The history ends on Friday 20 November 2026; the planner has filled the board for Monday 23 November to
Friday 18 December, densest in the first week. Monday's jobs were released on Friday afternoon (recipe frozen,
transition recorded); the rest is planned. The plan is hand-written rather than drawn at random, because it
carries three mistakes on purpose, for the board to show:

- a double booking: two pin orders overlap on the lathe CNC3 on Tuesday 24 November (10:00–10:50);
- an overload: a rush flange order squeezed in on MILL1 on Thursday 26 November (10.7 h of 8 h);
- a missed due date: DANFORK's shafts are packed on Friday 27 November, due the day before;

and material availability shows C45 bar short, twice (the shaft blanks need far more than the 85 kg left).
S355 coil, pin steel and cartons are covered by stock on hand; the quarantined S355 coil is shown apart and
never counts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from lotline.core.models import Item, Machine, Recipe, WorkOrder
from lotline.planning.models import CheckItem, Operation, Routing
from lotline.planning.services import transition

from .master import Master

FIRST_PLAN_DAY = date(2026, 11, 23)  # Monday after the last simulated day
LAST_PLAN_DAY = date(2026, 12, 18)
# Monday's jobs are released by the supervisor before the weekend.
RELEASED_AT = (2026, 11, 20, 13, 30)

# item → operations: (sequence, name, machine code or "", machine group or "", setup min, run min per unit,
# checklist). Setup and run times of a small job shop: a shaft turns in two clampings at 1.2 min a part, a
# furnace charge takes five hours whatever it holds.
ROUTINGS: dict[str, list[tuple[int, str, str, str, int, str, tuple[str, ...]]]] = {
    "BL-C45": [(10, "Saw blanks Ø40×95", "SAW1", "", 20, "0.5", ("Heat number copied to the crate tag",))],
    "BL-CRMO": [(10, "Saw blanks Ø30×60", "SAW1", "", 20, "0.35", ("Heat number copied to the crate tag",))],
    "BL-S355": [(10, "Cut flange blanks from coil", "SAW1", "", 25, "0.8", ())],
    "SH-20": [
        (10, "Turn first side", "", "turning", 30, "0.7", ("First part measured", "Tool offsets checked")),
        (20, "Turn second side and shoulder", "", "turning", 15, "0.5", ()),
    ],
    "PIN-12": [(10, "Turn pin complete", "", "turning", 40, "0.5", ("First part measured",))],
    "FL-80": [
        (10, "Mill faces and bore", "", "milling", 35, "1.4", ("First part measured", "Bore gauged")),
        (20, "Drill bolt circle", "", "milling", 15, "0.6", ()),
    ],
    "SH-20H": [
        (10, "Harden and temper", "HT1", "", 300, "0.05", ("Furnace chart attached", "Hardness tested")),
    ],
    "PIN-12H": [
        (10, "Harden and temper", "HT1", "", 300, "0.02", ("Furnace chart attached", "Hardness tested")),
    ],
    "SH-20P": [(10, "Oil, pack and label", "PACK1", "", 10, "0.15", ("Labels match the lot",))],
    "PIN-12P": [
        (10, "Pack and label", "PACK1", "", 10, "0.04", ("Labels match the lot", "Carton count checked"))
    ],
    "FL-80P": [(10, "Pack and label", "PACK1", "", 10, "0.3", ())],
}


@dataclass(frozen=True)
class PlannedOrder:
    """One line of the planner's sheet."""

    day: date
    start: str  # site time, "HH:MM"
    item: str
    machine: str
    quantity: int
    due: date
    priority: int = 5
    customer: str = ""  # finished goods are made against a customer order
    released: bool = False


def d(month: int, day: int) -> date:
    return date(2026, month, day)


P = PlannedOrder
# fmt: off
PLAN = [
    # Week 48: Monday's jobs released; the three planted mistakes.
    P(d(11, 23), "06:00", "BL-CRMO", "SAW1", 650, d(11, 24), released=True),
    P(d(11, 23), "10:30", "BL-S355", "SAW1", 250, d(11, 24), released=True),
    P(d(11, 23), "06:00", "SH-20", "CNC1", 300, d(11, 24), released=True),
    P(d(11, 23), "06:00", "FL-80", "MILL1", 200, d(11, 24), released=True),
    P(d(11, 24), "06:00", "PIN-12", "CNC3", 500, d(11, 25)),
    P(d(11, 24), "10:00", "PIN-12", "CNC3", 250, d(11, 25), priority=2),  # double booked with the one above
    P(d(11, 24), "06:00", "SH-20H", "HT1", 300, d(11, 25)),
    P(d(11, 24), "06:00", "FL-80P", "PACK1", 250, d(11, 25), priority=3, customer="AGROMAX"),
    P(d(11, 25), "06:00", "BL-C45", "SAW1", 700, d(11, 26)),  # C45 bar: 85 kg on hand, 665 kg needed
    P(d(11, 25), "06:00", "PIN-12H", "HT1", 1000, d(11, 26)),
    P(d(11, 25), "06:00", "SH-20P", "PACK1", 600, d(11, 27), priority=3, customer="MOTOCZ"),
    P(d(11, 26), "06:00", "SH-20", "CNC1", 400, d(11, 27)),
    P(d(11, 26), "06:00", "FL-80", "MILL1", 150, d(11, 27)),
    P(d(11, 26), "13:00", "FL-80", "MILL1", 120, d(11, 27), priority=2),  # the rush job: MILL1 overloaded
    P(d(11, 26), "06:00", "PIN-12P", "PACK1", 1000, d(11, 27), priority=3, customer="KRANPOL"),
    P(d(11, 27), "06:00", "SH-20H", "HT1", 400, d(11, 30)),
    P(d(11, 27), "12:00", "SH-20P", "PACK1", 450, d(11, 26), priority=2, customer="DANFORK"),  # late
    # Week 49
    P(d(11, 30), "06:00", "SH-20", "CNC2", 300, d(12, 1)),
    P(d(12, 1), "06:00", "BL-S355", "SAW1", 250, d(12, 2)),  # S355 coil: the suspect coil is quarantined
    P(d(12, 1), "06:00", "PIN-12", "CNC3", 700, d(12, 2)),
    P(d(12, 1), "06:00", "SH-20H", "HT1", 300, d(12, 2)),
    P(d(12, 2), "06:00", "FL-80", "MILL1", 240, d(12, 3)),
    P(d(12, 2), "06:00", "SH-20P", "PACK1", 600, d(12, 4), priority=3, customer="HYDROS"),
    P(d(12, 3), "06:00", "BL-CRMO", "SAW1", 600, d(12, 4)),
    P(d(12, 3), "06:00", "PIN-12H", "HT1", 700, d(12, 4)),
    P(d(12, 4), "06:00", "PIN-12P", "PACK1", 800, d(12, 7), priority=4, customer="TRAKTO"),
    P(d(12, 4), "07:00", "FL-80P", "PACK1", 200, d(12, 8), priority=4, customer="BAUTEC"),
    # Weeks 50 and 51: thinner, as a plan is further out.
    P(d(12, 7), "06:00", "PIN-12", "CNC3", 600, d(12, 8)),
    P(d(12, 8), "06:00", "BL-C45", "SAW1", 500, d(12, 9)),
    P(d(12, 8), "06:00", "PIN-12H", "HT1", 600, d(12, 9)),
    P(d(12, 9), "06:00", "SH-20", "CNC1", 400, d(12, 10)),
    P(d(12, 9), "06:00", "PIN-12P", "PACK1", 1000, d(12, 11), priority=4, customer="ROWNAK"),
    P(d(12, 10), "10:00", "SH-20H", "HT1", 400, d(12, 11)),
    P(d(12, 16), "06:00", "FL-80P", "PACK1", 200, d(12, 18), priority=5, customer="WINDPAR"),
    P(d(12, 17), "06:00", "SH-20P", "PACK1", 400, d(12, 18), priority=5, customer="LIFTEC"),
]
# fmt: on


@dataclass(frozen=True)
class PlanSummary:
    """What the plan added."""

    routings: int
    operations: int
    checks: int
    work_orders: int
    released: int
    first_day: date
    last_day: date


def create_routings(items: dict[str, Item], machines: dict[str, Machine]) -> tuple[int, int, int]:
    """One routing per made item; returns how many routings, operations and checklist items it wrote."""
    routings = operations = checks = 0
    for code, steps in ROUTINGS.items():
        routing = Routing.objects.create(item=items[code], note="demo routing")
        routings += 1
        for sequence, name, machine, group, setup, run, questions in steps:
            operation = Operation.objects.create(
                routing=routing,
                sequence=sequence,
                name=name,
                machine=machines[machine] if machine else None,
                machine_group=group,
                setup_minutes=Decimal(setup),
                run_minutes_per_unit=Decimal(run),
            )
            operations += 1
            for position, text in enumerate(questions, start=1):
                CheckItem.objects.create(operation=operation, position=position, text=text)
                checks += 1
    return routings, operations, checks


def create_plan(master: Master, seed: int) -> PlanSummary:
    """Routings, then the open work orders, numbered on from the history's last work order."""
    routings, operations, checks = create_routings(master.items, master.machines)
    zone = ZoneInfo(master.site.timezone)
    # Customer order numbers only: drawn from their own generator so the history's stays untouched.
    rng = random.Random(seed * 1000 + 48)
    recipes = {r.item.code: r for r in Recipe.objects.filter(is_active=True).select_related("item")}
    number = WorkOrder.objects.filter(site=master.site).count()
    released_at = datetime(*RELEASED_AT, tzinfo=zone)
    released = 0
    for line in sorted(PLAN, key=lambda p: (p.day, p.start, p.machine)):
        number += 1
        hour, minute = (int(part) for part in line.start.split(":"))
        order = WorkOrder.objects.create(
            number=f"WO-26-{number:04d}",
            item=master.items[line.item],
            site=master.site,
            machine=master.machines[line.machine],
            recipe=recipes[line.item],
            quantity_planned=Decimal(line.quantity),
            status=WorkOrder.Status.PLANNED,
            due_date=line.due,
            priority=line.priority,
            customer_ref=f"{line.customer} PO {rng.randint(1000, 9999)}" if line.customer else "",
            planned_start=datetime.combine(line.day, datetime.min.time(), tzinfo=zone)
            + timedelta(hours=hour, minutes=minute),
        )
        if line.released:
            supervisor = master.users["supervisor"]
            transition(
                order, WorkOrder.Status.RELEASED, supervisor, note="Released for Monday", at=released_at
            )
            released += 1
    return PlanSummary(routings, operations, checks, len(PLAN), released, FIRST_PLAN_DAY, LAST_PLAN_DAY)
