"""Labels per second for a 500-label PDF sheet job (target >= 100/s).

Baseline, measured in the same run: the same 500 labels rendered one PDF per label (what a naive "print
this lot" loop does). Also measured: one 500-label ZPL stream. Each job runs several times; the table shows
the median. Run from the repository root:  .venv/bin/python -m bench.bench_labels
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from lotline.labels import SHEET_A4_3X7, LabelContent, LabelSpec, render_pdf, render_zpl

LABELS = 500
RUNS = 5
TARGET = 100.0
RESULTS = Path(__file__).parent / "results" / "labels.json"


def _labels() -> list[LabelContent]:
    return [
        LabelContent(
            lot_number=f"L-260311-{n:04d}",
            item_code="FL-100",
            item_name="Wheat flour type 550",
            quantity=Decimal("25.000"),
            unit="kg",
            date=dt.date(2026, 3, 11),
            expiry=dt.date(2027, 3, 11),
            supplier_name="Mill AG",
            supplier_lot=f"M-{n}",
            site_name="Plant 1",
            gtin="09521234543213",
        )
        for n in range(LABELS)
    ]


def _median_seconds(job: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> dict[str, object]:
    labels = _labels()
    sheet = LabelSpec(symbol="gs1_datamatrix", sheet=SHEET_A4_3X7)
    single = LabelSpec(symbol="gs1_datamatrix")
    jobs: dict[str, Callable[[], object]] = {
        "baseline: one PDF per label (100x50 mm)": lambda: [render_pdf([c], single) for c in labels],
        "sheet job: one PDF, A4 3x7": lambda: render_pdf(labels, sheet),
        "ZPL stream, 203 dpi": lambda: render_zpl(labels, single, 203),
    }
    rows: list[dict[str, object]] = []
    rates: list[float] = []
    for name, job in jobs.items():
        seconds = _median_seconds(job)
        rates.append(LABELS / seconds)
        rows.append(
            {
                "job": name,
                "labels": LABELS,
                "median_s": round(seconds, 4),
                "labels_per_s": round(LABELS / seconds, 1),
            }
        )
    print(f"{'job':<42} {'median s':>9} {'labels/s':>10}")
    for row in rows:
        print(f"{row['job']:<42} {row['median_s']:>9.3f} {row['labels_per_s']:>10.1f}")
    baseline_rate, sheet_rate = rates[0], rates[1]
    verdict = "PASS" if sheet_rate >= TARGET else "FAIL"
    print(
        f"sheet job {sheet_rate:.0f} labels/s vs target {TARGET:.0f}/s: {verdict}; "
        f"{sheet_rate / baseline_rate:.1f}x the baseline"
    )
    result = {
        "benchmark": "labels",
        "runs": RUNS,
        "target_labels_per_s": TARGET,
        "verdict": verdict,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rows": rows,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
