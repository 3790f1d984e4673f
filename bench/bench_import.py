"""Spreadsheet import benchmark: 100 000 consumption rows in <= 15 s and <= 300 MB (issue 6).

    .venv/bin/python -m bench.bench_import [--rows 100000] [--reps 3] [--baseline-rows 1000]

Builds a fresh SQLite database in $LOTLINE_DATA_DIR (default /tmp/lotline-bench/import; or the PostgreSQL
database of $LOTLINE_DATABASE_URL, whose name must contain "bench"), seeds 1 000 raw lots and 100 work
orders, writes a CSV sheet of consumptions and measures, in the same run and on the same database:

  (a) import, commit   lotline.imports.runner.commit: read, check and write every row (consume_many)
  (b) import, dry run  the same checks, rolled back
  (c) row by row       consume() once per row, a transaction each — how the API and the floor write;
                       timed on --baseline-rows rows and reported per row, so ×(c) compares rates
  (d) bare inserts     the events and lines alone, written as the import writes them, no checks
                       (rolled back): the floor

Each run of (a) and (b) imports the sheet with its times shifted, so every run writes new events (a repeat
of the same file would be a replay and write nothing). The table shows the median; the JSON goes to
bench/results/import-<db>.json. Peak memory is the process's maximum resident set through the first
import (the target's case: one file), and after all runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
TARGET_SECONDS, TARGET_MB, ROWS = 15.0, 300.0, 100_000
HEADER = ["work_order", "lot", "quantity", "unit", "consumed_at", "item", "machine"]
START = datetime(2020, 1, 6, tzinfo=UTC)
LOTS, WORK_ORDERS = 1000, 100


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_import", description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--reps", type=int, default=3, help="runs of (a) and (b)")
    parser.add_argument("--baseline-rows", type=int, default=1000, help="rows timed through consume()")
    parser.add_argument("--out", type=Path)
    return parser.parse_args(argv)


def prepare_database() -> str:
    """A fresh database: SQLite files removed, or a PostgreSQL bench database dropped and re-created."""
    url = os.environ.get("LOTLINE_DATABASE_URL", "")
    if url.startswith("postgres"):
        from urllib.parse import urlparse

        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        if "bench" not in name:
            sys.exit(f"refusing to wipe database {name!r}: its name must contain 'bench'")
        with psycopg.connect(url.replace(parsed.path, "/postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        return "postgres"
    data_dir = Path(os.environ.setdefault("LOTLINE_DATA_DIR", "/tmp/lotline-bench/import"))
    data_dir.mkdir(parents=True, exist_ok=True)
    for old in data_dir.glob("*.sqlite3*"):
        old.unlink()
    return "sqlite"


def seed():
    """1 000 raw lots of 100 t each (received through the service) and 100 released work orders."""
    from django.db import transaction

    from lotline.core.models import Item, Location, Machine, Party, Site, WorkOrder
    from lotline.core.services import EventContext, receive

    site = Site.objects.create(code="B", name="Bench", timezone="UTC")
    Location.objects.create(site=site, code="R", is_default=True)
    machine = Machine.objects.create(site=site, code="M1", name="Line")
    supplier = Party.objects.create(code="SUP", name="Supplier", role=Party.Role.SUPPLIER)
    raw = Item.objects.create(code="RAW", name="Raw", kind=Item.Kind.RAW, unit="kg")
    product = Item.objects.create(code="OUT", name="Out", kind=Item.Kind.FINISHED, unit="pcs")
    with transaction.atomic():
        for n in range(LOTS):
            receive(
                EventContext(user=None, site=site, occurred_at=START),
                item=raw,
                quantity="100000",
                supplier=supplier,
                supplier_lot=f"S{n}",
                delivery_ref=f"D{n // 50}",
                lot_number=f"RAW-{n:05d}",
            )
    work_orders = [
        WorkOrder.objects.create(
            number=f"WO-{w:04d}", item=product, site=site, machine=machine, quantity_planned=1
        )
        for w in range(WORK_ORDERS)
    ]
    return site, work_orders


def sheet_rows(rows: int, run: int) -> Iterator[list[str]]:
    """Consumption rows: 1.5 kg of a lot into a work order, ten a minute (100 k rows span 7 days); run
    ``run`` starts ``run`` weeks later, so each run's rows are new events."""
    first = START + timedelta(weeks=run)
    return (
        [
            f"WO-{i % WORK_ORDERS:04d}",
            f"RAW-{(i * 7) % LOTS:05d}",
            "1.5",
            "kg",
            (first + timedelta(minutes=1 + i // 10)).isoformat(),
            "",
            "",
        ]
        for i in range(rows)
    )


def time_import(run_import, rows: int, runs: range, site) -> list[float]:
    from lotline.imports.exports import write_table

    seconds = []
    for run in runs:
        sheet = write_table(HEADER, sheet_rows(rows, run), "csv")
        began = time.perf_counter()
        report = run_import("consumptions", sheet, "bench.csv", site=site)
        seconds.append(time.perf_counter() - began)
        if report.errors or report.rows != rows:
            sys.exit(f"the import reported {len(report.errors)} errors: {report.errors[:3]}")
    return seconds


def time_row_by_row(rows: int, site) -> float:
    """Seconds for ``rows`` rows through consume(), each its own transaction."""
    from lotline.core.models import WorkOrder
    from lotline.core.services import EventContext, consume

    work_orders = {wo.number: wo for wo in WorkOrder.objects.all()}
    began = time.perf_counter()
    for wo_number, lot_number, quantity, unit, at, _item, _machine in sheet_rows(rows, 20):
        ctx = EventContext(
            user=None,
            site=site,
            occurred_at=datetime.fromisoformat(at),
            work_order=work_orders[wo_number],
        )
        consume(ctx, lot=lot_number, quantity=quantity, unit=unit)
    return time.perf_counter() - began


def time_bare_inserts(rows: int, site) -> float:
    """The events and lines of ``rows`` consumptions written the way consume_many writes them (bulk.py:
    COPY on PostgreSQL, INSERT … RETURNING and executemany on SQLite), no checks, rolled back."""
    import uuid

    from django.db import connection, transaction

    from lotline.core.models import Location, Lot
    from lotline.core.services import bulk
    from lotline.core.services.batch import EVENT_COLUMNS, LINE_COLUMNS

    uid_of, time_of = bulk.preparers()
    location = Location.objects.get(code="R")
    lot_ids = list(Lot.objects.order_by("number").values_list("id", flat=True))
    now = datetime.now(UTC)
    events = [
        (
            uid_of(uuid.uuid4()),
            "consume",
            time_of(now),
            time_of(now),
            None,
            site.id,
            None,
            None,
            None,
            "",
            "",
            "",
            "",
        )
        for _ in range(rows)
    ]
    began = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            ids = bulk.insert_with_ids(cursor, "core_event", EVENT_COLUMNS, events, key=0)
            bulk.insert(
                cursor,
                "core_eventline",
                LINE_COLUMNS,
                (
                    (
                        ids[event[0]],
                        lot_ids[i % len(lot_ids)],
                        location.id,
                        Decimal("-1.5"),
                        "kg",
                        "consume",
                        -1,
                    )
                    for i, event in enumerate(events)
                ),
            )
        elapsed = time.perf_counter() - began
        transaction.set_rollback(True)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    vendor = prepare_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from lotline.imports import runner

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    site, _work_orders = seed()
    print(f"lotline import benchmark — {vendor}, {args.rows:,} consumption rows a sheet, {args.reps} runs")
    print(f"seeded {LOTS} raw lots and {WORK_ORDERS} work orders in {time.perf_counter() - began:.1f} s")

    first = time_import(runner.commit, args.rows, range(1), site)
    first_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    commits = first + time_import(runner.commit, args.rows, range(1, args.reps), site)
    dry_runs = time_import(runner.dry_run, args.rows, range(10, 10 + args.reps), site)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row_by_row = time_row_by_row(args.baseline_rows, site)
    bare = time_bare_inserts(args.rows, site)

    per_row_baseline = row_by_row / args.baseline_rows
    table = [
        ("(a) import, commit", args.rows, commits),
        ("(b) import, dry run", args.rows, dry_runs),
        ("(c) row by row, consume()", args.baseline_rows, [row_by_row]),
        ("(d) bare inserts, no checks", args.rows, [bare]),
    ]
    print()
    print(f"{'variant':30} {'rows':>8} {'runs':>5} {'median s':>9} {'max s':>7} {'rows/s':>8} {'× (c)':>7}")
    results = []
    for label, rows, seconds in table:
        median = statistics.median(seconds)
        speedup = per_row_baseline / (median / rows)
        print(
            f"{label:30} {rows:>8,} {len(seconds):>5} {median:>9.2f} {max(seconds):>7.2f} "
            f"{rows / median:>8,.0f} {speedup:>7.1f}"
        )
        results.append(
            {
                "variant": label,
                "rows": rows,
                "runs": [round(s, 3) for s in seconds],
                "median_s": round(median, 3),
                "rows_per_s": round(rows / median),
                "x_row_by_row": round(speedup, 1),
            }
        )
    commit_median = statistics.median(commits)
    print(f"\n(c) extrapolated to {args.rows:,} rows: {per_row_baseline * args.rows / 60:.1f} min")
    print(
        f"peak RSS {first_peak_mb:.0f} MB through the first import; {peak_mb:.0f} MB after all "
        f"{2 * args.reps} (later runs grow a heap the earlier ones fragmented)"
    )
    scaled = args.rows == ROWS
    print("\ntargets" + ("" if scaled else f" (stated for {ROWS:,} rows; informational here)") + ":")
    print(
        f"  commit median {commit_median:6.2f} s  ≤ {TARGET_SECONDS:.0f} s   ",
        _verdict(commit_median <= TARGET_SECONDS),
    )
    print(
        f"  peak RSS      {first_peak_mb:6.0f} MB ≤ {TARGET_MB:.0f} MB ", _verdict(first_peak_mb <= TARGET_MB)
    )

    out = args.out or HERE / "results" / f"import-{vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "database": vendor,
                "rows": args.rows,
                "reps": args.reps,
                "python": platform.python_version(),
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "results": results,
                "peak_rss_mb_first_import": round(first_peak_mb),
                "peak_rss_mb_all_runs": round(peak_mb),
                "targets": {
                    "commit_median_s": [
                        round(commit_median, 3),
                        TARGET_SECONDS,
                        commit_median <= TARGET_SECONDS,
                    ],
                    "peak_rss_mb": [round(first_peak_mb), TARGET_MB, first_peak_mb <= TARGET_MB],
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nJSON: {out}")
    return 0


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
