"""Planning speed on the demo plant (SQLite in a temporary directory).

1. The board for 2 machines × 4 weeks (CNC1, CNC2; three work orders a machine a day), rendered through the
   real view (HTTP GET with a signed-in supervisor). Target < 500 ms.
   Baseline, same data, same run: a naive board that asks the database per machine-day for the work orders
   starting there and per work order for its routing.
2. Material availability for 500 open (planned and released) work orders. Target < 1 s.
   Baseline: a naive per-work-order loop (its recipe, its lines, then released stock per component).
Each job runs several times; the table shows the median. Run from the repository root:
    .venv/bin/python -m bench.bench_planning
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

RUNS = 5
RESULTS = Path(__file__).parent / "results" / "planning.json"
FIRST_DAY = date(2026, 3, 2)
DAYS = 28


def setup_django() -> None:
    os.environ["LOTLINE_DATA_DIR"] = tempfile.mkdtemp(prefix="lotline-bench-planning-")
    os.environ.pop("LOTLINE_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_plant():
    from zoneinfo import ZoneInfo

    from lotline.core.models import StockBalance, WorkOrder
    from lotline.core.services import EventContext, receive
    from lotline.demo.master import create_master
    from lotline.planning.models import CheckItem, Operation, Routing

    master = create_master()
    zone = ZoneInfo(master.site.timezone)
    times = {
        "BL-": ("cutting", 10, "0.4"),
        "SH-20": ("turning", 45, "2.5"),
        "PIN-12": ("turning", 30, "1.2"),
        "FL-80": ("milling", 40, "3"),
        "H": ("heat treatment", 60, "0.1"),
        "P": ("packing", 10, "0.2"),
    }
    for code, item in master.items.items():
        if item.kind in ("raw", "packaging"):
            continue
        key = next(k for k in times if code.startswith(k) or code.endswith(k))
        group, setup, run = times[key]
        routing = Routing.objects.create(item=item)
        op = Operation.objects.create(
            routing=routing,
            sequence=10,
            name=group,
            machine_group=group,
            setup_minutes=setup,
            run_minutes_per_unit=Decimal(run),
        )
        CheckItem.objects.create(operation=op, text="First part checked")
    supervisor = master.users["supervisor"]
    ctx = EventContext(user=supervisor, site=master.site, occurred_at=datetime(2026, 2, 20, 8, tzinfo=zone))
    for n, (raw, supplier) in enumerate(
        [("C45-40", "HUETTE"), ("42CM4-30", "HUETTE"), ("S355-CL", "STALPOL"), ("CARTON", "KARTON")] * 5
    ):
        receive(
            ctx,
            item=master.items[raw],
            quantity=2000,
            supplier=master.parties[supplier],
            supplier_lot=f"B-{n}",
            delivery_ref=f"DN-{n}",
        )
    orders = []
    number = 0
    # The board: three shafts a day on each of CNC1 and CNC2 for four weeks.
    for day in range(DAYS):
        for machine in ("CNC1", "CNC2"):
            for slot, hour in enumerate((6, 9, 12)):
                number += 1
                orders.append(
                    WorkOrder(
                        number=f"WO-B{number:05d}",
                        item=master.items["SH-20"],
                        site=master.site,
                        machine=master.machines[machine],
                        quantity_planned=40 + slot * 10,
                        status=WorkOrder.Status.PLANNED,
                        planned_start=datetime.combine(
                            FIRST_DAY + timedelta(days=day), datetime.min.time(), tzinfo=zone
                        )
                        + timedelta(hours=hour),
                        due_date=FIRST_DAY + timedelta(days=day + 1),
                    )
                )
    # The rest up to 500 open work orders, spread over every step and machine.
    steps = [
        ("BL-C45", "SAW1"),
        ("PIN-12", "CNC3"),
        ("FL-80", "MILL1"),
        ("SH-20H", "HT1"),
        ("SH-20P", "PACK1"),
        ("BL-CRMO", "SAW1"),
        ("FL-80P", "PACK1"),
        ("PIN-12H", "HT1"),
    ]
    while len(orders) < 500:
        number += 1
        item, machine = steps[number % len(steps)]
        orders.append(
            WorkOrder(
                number=f"WO-A{number:05d}",
                item=master.items[item],
                site=master.site,
                machine=master.machines[machine],
                quantity_planned=100 + number % 7 * 25,
                status=WorkOrder.Status.RELEASED if number % 3 else WorkOrder.Status.PLANNED,
                planned_start=datetime.combine(
                    FIRST_DAY + timedelta(days=number % DAYS), datetime.min.time(), tzinfo=zone
                )
                + timedelta(hours=6 + number % 8),
            )
        )
    WorkOrder.objects.bulk_create(orders)
    assert StockBalance.objects.count() == 20
    return master


def naive_board(site, machine_codes):
    """What a first version does: one query per machine-day, one per work order for its routing."""
    from zoneinfo import ZoneInfo

    from lotline.core.models import Machine, WorkOrder
    from lotline.planning.models import Operation

    zone = ZoneInfo(site.timezone)
    cells = {}
    for machine in Machine.objects.filter(code__in=machine_codes):
        for k in range(DAYS):
            day = FIRST_DAY + timedelta(days=k)
            start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
            load = Decimal(0)
            for wo in WorkOrder.objects.filter(
                machine=machine, planned_start__gte=start, planned_start__lt=start + timedelta(days=1)
            ):
                for op in Operation.objects.filter(routing__item_id=wo.item_id):
                    load += (op.setup_minutes + op.run_minutes_per_unit * wo.quantity_planned) / 60
            cells[(machine.code, day)] = load
    return cells


def naive_availability(site):
    """One work order at a time: its recipe, its lines, the released stock of each component."""
    from django.db.models import Sum

    from lotline.core.models import Recipe, StockBalance, WorkOrder

    short = {}
    for wo in WorkOrder.objects.filter(site=site, status__in=["planned", "released"]):
        recipe = (
            wo.recipe
            or Recipe.objects.filter(item_id=wo.item_id, is_active=True).order_by("-version").first()
        )
        if recipe is None:
            continue
        for line in recipe.lines.all():
            need = wo.quantity_planned * line.quantity_per_unit * (1 + line.scrap_pct / 100)
            stock = StockBalance.objects.filter(
                lot__item_id=line.component_id, lot__status="released"
            ).aggregate(s=Sum("quantity"))["s"] or Decimal(0)
            if need > stock:
                short[wo.number] = short.get(wo.number, Decimal(0)) + need - stock
    return short


def median_ms(job: Callable[[], object]) -> float:
    job()  # warm-up: imports, template compilation, connection
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> dict[str, object]:
    setup_django()
    from django.db import connection
    from django.test import Client

    from lotline.core.models import WorkOrder
    from lotline.planning.queries import material_availability, planning_board

    master = build_plant()
    site = master.site
    client = Client()
    client.force_login(master.users["supervisor"])
    url = f"/plan/?view=4weeks&start={FIRST_DAY.isoformat()}&machines=CNC1,CNC2"

    def board_page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    open_orders = WorkOrder.objects.filter(status__in=["planned", "released"]).count()
    jobs = [
        (
            "board 2 machines × 4 weeks: naive per-cell queries (baseline, computation only)",
            lambda: naive_board(site, ["CNC1", "CNC2"]),
            None,
        ),
        (
            "board 2 machines × 4 weeks: planning_board() (computation only)",
            lambda: planning_board(site, FIRST_DAY, DAYS, ["CNC1", "CNC2"]),
            None,
        ),
        ("board 2 machines × 4 weeks: GET /plan/ (query + template)", board_page, 500.0),
        (
            f"availability, {open_orders} open WOs: naive per-WO loop (baseline)",
            lambda: naive_availability(site),
            None,
        ),
        (
            f"availability, {open_orders} open WOs: material_availability()",
            lambda: material_availability(site),
            1000.0,
        ),
    ]
    rows = []
    for name, job, target in jobs:
        # Counted with a wrapper: connection.queries is reset at every request start.
        queries: list[str] = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            job()
        ms = median_ms(job)
        rows.append(
            {
                "job": name,
                "median_ms": round(ms, 1),
                "queries": len(queries),
                "target_ms": target,
                "ok": None if target is None else ms < target,
            }
        )
    width = max(len(r["job"]) for r in rows)
    print(f"{'job':<{width}}  {'median ms':>10}  {'queries':>7}  target")
    for r in rows:
        verdict = (
            "" if r["target_ms"] is None else f"< {r['target_ms']:.0f} ms {'OK' if r['ok'] else 'MISSED'}"
        )
        print(f"{r['job']:<{width}}  {r['median_ms']:>10.1f}  {r['queries']:>7}  {verdict}")
    result = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "database": "sqlite",
        "runs": RUNS,
        "rows": rows,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
