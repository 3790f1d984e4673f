"""Benchmark: import N consumption rows (default 100 000) through the services; target ≤ 15 s, ≤ 300 MB.

    LOTLINE_DATA_DIR=/tmp/bench .venv/bin/python bench/bench_import.py [ROWS] [--dry-run]

Uses a fresh SQLite database in LOTLINE_DATA_DIR (or LOTLINE_DATABASE_URL). Seeds 1 000 raw lots and 100 work
orders, writes the sheet, then times ``commit`` (or ``dry_run``) and reports the peak resident memory.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
os.environ.setdefault("LOTLINE_DATA_DIR", "/tmp/lotline-bench")


def main() -> None:
    rows = int(next((a for a in sys.argv[1:] if a.isdigit()), "100000"))
    dry = "--dry-run" in sys.argv
    data_dir = Path(os.environ["LOTLINE_DATA_DIR"])
    data_dir.mkdir(parents=True, exist_ok=True)
    for old in data_dir.glob("*.sqlite3*"):
        old.unlink()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from lotline.core.models import Item, Location, Machine, Party, Site, WorkOrder
    from lotline.core.services import EventContext, receive
    from lotline.imports import runner
    from lotline.imports.exports import write_table

    commit, dry_run = runner.commit, runner.dry_run

    site = Site.objects.create(code="B", name="Bench", timezone="UTC")
    Location.objects.create(site=site, code="R", is_default=True)
    machine = Machine.objects.create(site=site, code="M1", name="Line")
    supplier = Party.objects.create(code="SUP", name="Supplier", role=Party.Role.SUPPLIER)
    raw = Item.objects.create(code="RAW", name="Raw", kind=Item.Kind.RAW, unit="kg")
    product = Item.objects.create(code="OUT", name="Out", kind=Item.Kind.FINISHED, unit="pcs")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    seed = time.perf_counter()
    lots = 1000
    with transaction.atomic():
        for n in range(lots):
            receive(
                EventContext(user=None, site=site, occurred_at=start),
                item=raw,
                quantity="100000",
                supplier=supplier,
                supplier_lot=f"S{n}",
                delivery_ref=f"D{n // 50}",
                lot_number=f"RAW-{n:05d}",
            )
    for w in range(100):
        WorkOrder.objects.create(
            number=f"WO-{w:04d}", item=product, site=site, machine=machine, quantity_planned=1
        )
    body = (
        [
            f"WO-{i % 100:04d}",
            f"RAW-{(i * 7) % lots:05d}",
            "1.5",
            "kg",
            (start + timedelta(minutes=1 + i // 10)).isoformat(),
            "",
            "",
        ]
        for i in range(rows)
    )
    sheet = write_table(
        ["work_order", "lot", "quantity", "unit", "consumed_at", "item", "machine"], body, "csv"
    )
    seconds = time.perf_counter() - seed
    print(f"seeded {lots} lots in {seconds:.1f} s; sheet {len(sheet) / 1e6:.1f} MB; {rows} rows")

    began = time.perf_counter()
    run = dry_run if dry else commit
    report = run("consumptions", sheet, "bench.csv", site=site)
    elapsed = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'dry run' if dry else 'commit'}: {report.rows} rows in {elapsed:.1f} s "
        f"({report.rows / elapsed:.0f} rows/s), ok={report.ok}, errors={len(report.errors)}, "
        f"peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
