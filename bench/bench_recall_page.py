"""Benchmark: the recall desk's pages for the demo plant's worst lot (issue 5: render in under 1 s).

    .venv/bin/python -m bench.bench_recall_page [--reps 10]

Builds the seeded demo plant in its own SQLite database (under /tmp/lotline-bench/recall-page), finds the
received lot whose forward trace reaches the most lots, and times the recall scope page, the trace page and
the PDF export through Django's test client — against the query alone (``recall_scope``) measured in the
same run, so the table shows what the page adds. Prints medians and writes bench/results/recall-page.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--data-dir", default="/tmp/lotline-bench/recall-page")
    args = parser.parse_args()
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    for old in data_dir.glob("*.sqlite3*"):
        old.unlink()
    os.environ.pop("LOTLINE_DATABASE_URL", None)
    os.environ["LOTLINE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from lotline.core.models import Lot
    from lotline.core.queries import recall_scope, trace
    from lotline.demo.plant import build_demo_plant

    call_command("migrate", verbosity=0)
    build_demo_plant()
    received = Lot.objects.filter(origin=Lot.Origin.RECEIVED)
    lot = max(received, key=lambda x: (len(trace(x, "forward").lots), x.number))
    closure = len(trace(lot, "forward").lots)
    user = User.objects.create_user("bench-supervisor", password="-")
    user.groups.add(Group.objects.get(name="supervisor"))
    client = Client()
    client.force_login(user)

    def timed(run) -> list[float]:
        run()  # warm: templates, first query plans
        samples = []
        for _ in range(args.reps):
            started = time.perf_counter()
            run()
            samples.append((time.perf_counter() - started) * 1000)
        return samples

    def page(url: str, params: dict):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return run

    rows = {
        "recall_scope() query (baseline)": timed(lambda: recall_scope([lot])),
        "recall scope page": timed(page("/recall/scope/", {"lot": lot.number})),
        "trace page": timed(page(f"/recall/lots/{lot.number}/", {})),
        "recall PDF export": timed(page("/recall/scope/export.pdf", {"lot": lot.number})),
    }
    baseline = statistics.median(rows["recall_scope() query (baseline)"])
    print(f"demo plant worst lot {lot.number}: {closure} lots forward; {args.reps} runs each")
    print(f"{'what':34} {'p50 ms':>8} {'max ms':>8} {'× query':>8}  target")
    result = {"lot": lot.number, "closure": closure, "reps": args.reps, "rows": {}}
    for name, samples in rows.items():
        p50 = statistics.median(samples)
        target = "" if "PDF" in name or "baseline" in name else ("met" if p50 < TARGET_MS else "MISSED")
        print(f"{name:34} {p50:8.1f} {max(samples):8.1f} {p50 / baseline:8.1f}  {target}")
        result["rows"][name] = {"p50_ms": round(p50, 1), "max_ms": round(max(samples), 1)}
    out = Path(__file__).resolve().parent / "results" / "recall-page.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
