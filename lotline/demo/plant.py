"""build_demo_plant: master data, about sixteen weeks of shop-floor events, then four weeks of plan — in one
transaction."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from lotline.core.models import Delivery, Event, Lot, Party, Shipment, Site, WorkOrder

from . import catalog
from .deliveries import SECOND_STORY, SECOND_SUSPECT, SUSPECT, SUSPECT_STORY, plan_deliveries, working_days
from .floor import Floor
from .journal import DeliveryReach, Journal
from .master import create_master
from .plan import PlanSummary, create_plan
from .shop import Shop

DEFAULT_SEED = 5
# Monday 3 August to Friday 20 November 2026 — fixed, so the demo never depends on today's date.
FIRST_DAY = date(2026, 8, 3)
LAST_DAY = date(2026, 11, 20)


class DemoError(Exception):
    """The demo cannot be loaded here (for example: the database already holds the demo site)."""


@dataclass(frozen=True)
class DemoSummary:
    """What was built, with handles for tests, the benchmark and the load_demo command."""

    seed: int
    site: str
    lots: int
    events: int
    shipments: int
    customers: int
    suppliers: int
    deliveries: int
    work_orders: int
    seconds: float
    fingerprint: str  # over (lot number, item, quantity made): equal for equal seeds
    suspect: DeliveryReach  # Hütte Nord DN-2026-0815, the recall to try
    second_suspect: DeliveryReach  # Stalpol WZ-2026-1021, quarantined, with ambiguous links
    journal: Journal
    plan: PlanSummary  # routings and the open work orders for 23 Nov – 18 Dec 2026

    @property
    def suspect_delivery(self) -> str:
        return self.suspect.reference


def build_demo_plant(seed: int = DEFAULT_SEED) -> DemoSummary:
    """Create the demo plant through the core services; the same seed gives the same ledger."""
    started = time.perf_counter()
    if Site.objects.filter(code=catalog.SITE["code"]).exists():
        raise DemoError(f"Site {catalog.SITE['code']} exists already: load the demo into an empty database.")
    rng = random.Random(seed)
    days = working_days(FIRST_DAY, LAST_DAY)
    arrivals = defaultdict(list)
    for delivery in plan_deliveries(rng, days):
        arrivals[delivery.day].append(delivery)
    with transaction.atomic():
        floor = Floor(create_master(), seed)
        shop = Shop(floor, rng, days)
        for day in days:
            shop.run_day(day, arrivals[day])
        # After the history: planning data (routings, open work orders), not ledger events.
        plan = create_plan(floor.m, seed)
    journal = floor.journal
    journal.stories[SUSPECT] = SUSPECT_STORY
    journal.stories[SECOND_SUSPECT] = SECOND_STORY
    return DemoSummary(
        seed=seed,
        site=catalog.SITE["code"],
        lots=Lot.objects.count(),
        events=Event.objects.count(),
        shipments=Shipment.objects.count(),
        customers=Party.objects.filter(role=Party.Role.CUSTOMER).count(),
        suppliers=Party.objects.filter(role=Party.Role.SUPPLIER).count(),
        deliveries=Delivery.objects.count(),
        work_orders=WorkOrder.objects.count(),
        seconds=time.perf_counter() - started,
        fingerprint=journal.fingerprint(),
        suspect=journal.reach(*SUSPECT),
        second_suspect=journal.reach(*SECOND_SUSPECT),
        journal=journal,
        plan=plan,
    )
