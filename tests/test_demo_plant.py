"""The demo plant: built once for the module, deterministic, and its suspicious delivery's recall matches the
generator's own record of where the steel went — exactly."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max, Min, Sum
from django.test import override_settings
from django.utils.timezone import localtime

from lotline.core.models import (
    Delivery,
    Event,
    EventKind,
    EventLine,
    GenealogyLink,
    Lot,
    Site,
    StockBalance,
    WorkOrder,
)
from lotline.core.queries import recall_for_delivery, recall_scope
from lotline.demo import catalog
from lotline.demo.deliveries import plan_deliveries, working_days
from lotline.demo.management.commands.load_demo import describe
from lotline.demo.plant import FIRST_DAY, LAST_DAY, build_demo_plant
from lotline.planning.models import CheckItem, Operation, Routing, WorkOrderTransition
from lotline.planning.queries import material_availability, planning_board
from lotline.planning.services import active_recipe

# SHA-256 over "number|item|quantity made" of every lot, sorted by number. Changes only when the generator
# (or the lot-number rules) change: update it deliberately, never to make a red test green.
# Changed when packing moved to whole cartons (the last carton of a lot topped up from the next lot).
GOLDEN_FINGERPRINT = "5579fdc3884256ed3b76ac8db9d7f55ccda60d90ec3c02cba0fc58251bda506d"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One build for the whole module, rolled back at the end (hashing as conftest's tests check it)."""
    md5 = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), md5, transaction.atomic():
        yield build_demo_plant()
        transaction.set_rollback(True)


def ledger_fingerprint() -> str:
    made = defaultdict(Decimal)
    for number, item, quantity in EventLine.objects.filter(
        direction=1, kind__in=[EventKind.RECEIVE, EventKind.PRODUCE, EventKind.SPLIT, EventKind.MERGE]
    ).values_list("lot__number", "lot__item__code", "quantity"):
        made[(number, item)] += quantity
    text = "\n".join(f"{n}|{i}|{q.normalize()}" for (n, i), q in sorted(made.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_seed_builds_the_same_plant(demo, db):
    assert ledger_fingerprint() == demo.fingerprint == GOLDEN_FINGERPRINT
    days = working_days(FIRST_DAY, LAST_DAY)
    assert plan_deliveries(random.Random(7), days) == plan_deliveries(random.Random(7), days)


def test_shape_of_the_plant(demo, db):
    assert 300 <= demo.lots <= 800
    assert (demo.customers, demo.suppliers) == (20, 4)
    assert demo.shipments >= 100
    origins = set(Lot.objects.values_list("origin", flat=True))
    assert origins == {"received", "produced", "split", "merged"}
    statuses = set(Lot.objects.values_list("status", flat=True))
    assert statuses == {"released", "on_hold", "quarantined"}
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {
        "receive",
        "consume",
        "produce",
        "split",
        "merge",
        "ship",
        "scrap",
        "hold",
        "release",
        "move",
    } <= kinds
    assert StockBalance.objects.filter(quantity__gt=0).count() > 20  # stock still on hand
    # Every event is attributed, and times lie inside the demo period (site time Europe/Warsaw).
    assert not Event.objects.filter(user__isnull=True).exists()
    span = Event.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    warsaw = ZoneInfo("Europe/Warsaw")
    assert [localtime(span[k], warsaw).date().isoformat() for k in ("first", "last")] == [
        "2026-08-03",
        "2026-11-20",
    ]


def test_rework_loop_returns_rejected_parts_into_a_later_lot_of_the_same_item(demo, db):
    rework = GenealogyLink.objects.filter(work_order__customer_ref="rework").select_related("parent", "child")
    assert rework.exists()
    for link in rework:
        assert link.parent.item_id == link.child.item_id
        assert link.parent.origin == "split"  # split off at inspection, held, released for rework


def test_personas_sign_in_with_the_demo_password_and_belong_to_their_group(demo, db):
    for name in ("operator", "supervisor", "admin"):
        user = get_user_model().objects.get(username=name)
        assert user.check_password("lotline-demo")
        assert list(user.groups.values_list("name", flat=True)) == [name]
        assert user.is_superuser == user.is_staff == (name == "admin")


def six_places(value: Decimal) -> Decimal:
    # SQLite sums DECIMAL columns as floating point (123.45 + 0.1 − 123.55 = 1E-13); the ledger keeps six
    # decimal places, so sums are compared at six places. (The recall query should quantize its sums.)
    return value.quantize(Decimal("0.000001"))


def scope_as_record(scope):
    return {
        "lots": tuple(sorted(scope.lot_numbers)),
        "shipments": sorted((s.shipment, s.customer_code, s.lot_number, s.quantity) for s in scope.shipments),
        "customers": tuple(c.code for c in scope.customers),
        "on_hand": {a.lot.number: six_places(a.on_hand) for a in scope.lots if six_places(a.on_hand) > 0},
    }


def reach_as_record(reach):
    return {
        "lots": reach.lots,
        "shipments": sorted((s.document, s.customer, s.lot, s.quantity) for s in reach.shipments),
        "customers": reach.customers,
        "on_hand": reach.on_hand,
    }


def test_recall_of_the_suspicious_delivery_is_exactly_where_the_steel_went(demo, db):
    reach = demo.suspect
    assert (reach.supplier, reach.reference) == ("HUETTE", "DN-2026-0815")
    scope = recall_for_delivery(Delivery.objects.get(supplier__code="HUETTE", reference="DN-2026-0815"))
    assert scope_as_record(scope) == reach_as_record(reach)
    # The story the demo tells: a limited, known reach.
    assert reach.customers == ("KRANPOL", "LIFTEC", "ROWNAK", "SKODOVA")
    assert (len(reach.lots), len(reach.shipments), len(reach.on_hand)) == (34, 10, 1)
    assert scope.ambiguous_links == []


def test_second_suspect_delivery_is_quarantined_and_its_recall_names_ambiguous_links(demo, db):
    reach = demo.second_suspect
    scope = recall_for_delivery(Delivery.objects.get(supplier__code="STALPOL", reference="WZ-2026-1021"))
    assert scope_as_record(scope) == reach_as_record(reach)
    assert scope.ambiguous_links
    quarantined = Lot.objects.filter(status=Lot.Status.QUARANTINED)
    assert set(quarantined.values_list("delivery__reference", flat=True)) == {"WZ-2026-1021"}
    assert set(
        StockBalance.objects.filter(lot__in=quarantined, quantity__gt=0).values_list(
            "location__code", flat=True
        )
    ) == {"QUAR"}


def test_every_lot_balances_and_matches_the_generators_stock(demo, db):
    everything = recall_scope(list(Lot.objects.all()))
    assert len(everything.lots) == demo.lots
    assert [a.lot.number for a in everything.lots if six_places(a.unexplained) != 0] == []
    assert {a.lot.number: six_places(a.on_hand) for a in everything.lots} == demo.journal.stock
    total = StockBalance.objects.aggregate(total=Sum("quantity"))["total"]
    assert total == sum(demo.journal.stock.values())


def test_load_demo_leaves_a_loaded_database_alone(demo, db, capsys):
    call_command("load_demo", "--if-empty")
    assert capsys.readouterr().out == "The database already has lots; the demo plant was not loaded.\n"
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    assert refused.value.returncode == 2


def test_load_demo_summary_names_the_delivery_to_try(demo):
    text = describe(demo)
    assert f"{demo.lots} lots, {demo.events} events, {demo.shipments} shipments, 20 customers" in text
    assert "35 open work orders planned for 23 Nov – 18 Dec 2026 (4 released)" in text
    assert text.endswith("Try: lotline recall --delivery DN-2026-0815")


# -- the plan after the history (lotline.demo.plan) --------------------------------------------------------

WARSAW = ZoneInfo("Europe/Warsaw")
MADE = {code for code, _name, kind, _unit in catalog.ITEMS if kind in ("intermediate", "finished")}


def test_every_made_item_has_a_routing_with_times_and_some_checklists(demo, db):
    assert set(Routing.objects.values_list("item__code", flat=True)) == MADE
    assert (Routing.objects.count(), Operation.objects.count(), CheckItem.objects.count()) == (11, 13, 14)
    where = {
        op.routing.item.code: (op.machine.code if op.machine else "", op.machine_group)
        for op in Operation.objects.select_related("routing__item", "machine")
    }
    assert where == {
        "BL-C45": ("SAW1", ""),
        "BL-CRMO": ("SAW1", ""),
        "BL-S355": ("SAW1", ""),
        "SH-20": ("", "turning"),
        "PIN-12": ("", "turning"),
        "FL-80": ("", "milling"),
        "SH-20H": ("HT1", ""),
        "PIN-12H": ("HT1", ""),
        "SH-20P": ("PACK1", ""),
        "PIN-12P": ("PACK1", ""),
        "FL-80P": ("PACK1", ""),
    }
    assert not Operation.objects.filter(run_minutes_per_unit__lte=0).exists()
    assert set(CheckItem.objects.values_list("text", flat=True)) >= {
        "First part measured",
        "Furnace chart attached",
    }


def test_four_weeks_of_open_work_orders_follow_the_history(demo, db):
    open_orders = WorkOrder.objects.exclude(status=WorkOrder.Status.DONE).select_related("item", "machine")
    assert demo.plan.work_orders == open_orders.count() == 35
    assert demo.work_orders == 598 + 35
    statuses = {s: open_orders.filter(status=s).count() for s in ("planned", "released")}
    assert statuses == {"planned": 31, "released": 4}
    assert sorted(wo.number for wo in open_orders) == [f"WO-26-{n:04d}" for n in range(599, 634)]
    for wo in open_orders:
        start = localtime(wo.planned_start, WARSAW)
        assert date(2026, 11, 23) <= start.date() <= date(2026, 12, 18) and start.weekday() < 5
        assert 6 <= start.hour < 14  # the day shift
        assert wo.due_date is not None and wo.machine is not None
        assert wo.recipe == active_recipe(wo.item)
        assert bool(wo.customer_ref) == (wo.item.kind == "finished")
    # Released on Friday afternoon by the supervisor, through the lifecycle service (recipe frozen).
    released = WorkOrderTransition.objects.filter(to_status="released").select_related("work_order", "user")
    assert sorted(
        (t.work_order.number, t.from_status, t.user.username, localtime(t.at, WARSAW)) for t in released
    ) == [
        (number, "planned", "supervisor", datetime(2026, 11, 20, 13, 30, tzinfo=WARSAW))
        for number in ("WO-26-0599", "WO-26-0600", "WO-26-0601", "WO-26-0602")
    ]
    assert {t.work_order.status for t in released} == {"released"}
    assert all(t.work_order.recipe_id for t in released)


def test_board_for_the_week_of_23_november_shows_the_planted_conflicts(demo, db):
    site = Site.objects.get(code="WRO")
    board = planning_board(site, date(2026, 11, 23), 7)
    assert [(c.kind, c.machine_code, c.work_orders, c.day) for c in board.conflicts] == [
        ("double_booked", "CNC3", ("WO-26-0603", "WO-26-0606"), date(2026, 11, 24)),
        ("late", "PACK1", ("WO-26-0615",), date(2026, 11, 26)),
        ("overload", "MILL1", (), date(2026, 11, 26)),
    ]
    overloaded = [
        (c.machine.code, c.day, c.load_text) for row in board.rows for c in row.cells if c.overloaded
    ]
    assert overloaded == [("MILL1", date(2026, 11, 26), "10.7")]
    double = {s.number: s for row in board.rows for c in row.cells for s in c.starting if s.double_booked}
    assert sorted(double) == ["WO-26-0603", "WO-26-0606"]
    assert {s.machine.code for s in double.values()} == {"CNC3"}
    late = WorkOrder.objects.get(number="WO-26-0615")
    assert (late.customer_ref.split()[0], late.due_date) == ("DANFORK", date(2026, 11, 26))
    assert board.unplanned == []
    # The other three weeks are clean: the mistakes are the planted ones only.
    later = planning_board(site, date(2026, 11, 30), 19)
    assert later.conflicts == []


def test_material_availability_names_c45_bar_short_and_keeps_the_quarantined_coil_apart(demo, db):
    site = Site.objects.get(code="WRO")
    availability = material_availability(site, today=date(2026, 11, 20))
    assert availability.work_order_count == 35
    assert [(s.day, s.item_code, s.quantity, s.unit, s.work_orders) for s in availability.shortages] == [
        (date(2026, 11, 25), "C45-40", Decimal("580"), "kg", ("WO-26-0609",)),
        (date(2026, 12, 8), "C45-40", Decimal("475"), "kg", ("WO-26-0628",)),
    ]
    rows = {row.item.code: row for row in availability.items}
    # Pin steel, S355 coil and cartons are covered by stock on hand; the quarantined S355 coil is shown,
    # never counted.
    assert (rows["42CM4-30"].short, rows["S355-CL"].short, rows["CARTON"].short) == (0, 0, 0)
    assert rows["S355-CL"].held == Decimal("1347")
    assert [code for code, row in rows.items() if not row.bought_in and row.short + row.to_make] == []


def test_a_drill_on_any_finished_lot_of_the_healthy_demo_passes(demo, db):
    """Packing takes whole cartons (the recipe's 1/per_carton a piece) and the mill's set-up pieces stay
    inside FL-80's tolerance, so no yield is flagged; the planted ambiguous links are warnings only."""
    from lotline.recall.drills import run_drill

    finished = Lot.objects.filter(item__kind="finished", origin="produced").order_by("number")
    drills = [run_drill(lot, target_seconds=60) for lot in finished]
    assert len(drills) > 150
    assert [d.lot.number for d in drills if not d.passed] == []
    assert {f["code"] for d in drills for f in d.findings} == {"ambiguous_link"}
