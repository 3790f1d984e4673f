"""Printing the benchmark's table and targets, and writing its JSON."""

from __future__ import annotations

import json
from pathlib import Path

from .trace_plant import PlantParameters

# Targets of issue 2, item 9; they are stated for the full size on SQLite.
RECALL_P99_MS = 100.0
MAX_RATIO_VS_RAW = 2.0
MIN_PER_LEVEL_RATIO = 20.0


def print_parameters(params: PlantParameters) -> None:
    print("generator parameters:")
    for name, value in params.as_dict().items():
        print(f"  {name:<20} {value}")


def ratios(results: list[dict]) -> None:
    """Add ×raw SQL (p50, p99) to every row and per-level/lotline to lotline's rows."""
    by_key = {(r["query"], r["lot_class"], r["variant"]): r for r in results}
    for row in results:
        raw = by_key[(row["query"], row["lot_class"], "raw_sql")]
        row["x_raw_p50"] = round(row["p50_ms"] / raw["p50_ms"], 2) if raw["p50_ms"] else None
        row["x_raw_p99"] = round(row["p99_ms"] / raw["p99_ms"], 2) if raw["p99_ms"] else None
        if row["variant"] == "lotline":
            per_level = by_key[(row["query"], row["lot_class"], "per_level")]
            row["per_level_over_lotline"] = (
                round(per_level["p50_ms"] / row["p50_ms"], 2) if row["p50_ms"] else None
            )


def print_table(results: list[dict]) -> None:
    ratios(results)
    header = (
        f"{'query':<9} {'lot class':<9} {'closure':>8} {'variant':<15} {'reps':>4} {'p50 ms':>9} "
        f"{'p99 ms':>9} {'×raw SQL':>8} {'per-level/lotline':>17}"
    )
    print("\n" + header)
    print("-" * len(header))
    previous = None
    for r in results:
        group = (r["query"], r["lot_class"])
        if previous is not None and group != previous:
            print()
        previous = group
        per_level = r.get("per_level_over_lotline")
        print(
            f"{r['query']:<9} {r['lot_class']:<9} {r['closure']:>8,} {r['label']:<15} {r['reps']:>4} "
            f"{r['p50_ms']:>9.2f} {r['p99_ms']:>9.2f} {r['x_raw_p50'] or 0:>8.2f} "
            f"{'' if per_level is None else f'{per_level:.1f}×':>17}"
        )
    print(
        "(×raw SQL and per-level/lotline compare p50s; p99 is the slowest of the timed runs when reps < 100)"
    )


def targets(results: list[dict]) -> dict:
    """The issue's targets, checked on the worst recall (informational below full size)."""
    row = {(r["query"], r["lot_class"], r["variant"]): r for r in results}
    recall = row[("recall", "worst", "lotline")]
    answer = row[("recall", "worst", "raw_answer")]
    lotline_rows = [r for r in results if r["variant"] == "lotline"]
    checks = {
        "worst_recall_p99_ms": (
            recall["p99_ms"],
            recall["p99_ms"] <= RECALL_P99_MS,
            f"≤ {RECALL_P99_MS:g} ms",
        ),
        "worst_recall_x_raw_sql": (
            recall["x_raw_p50"],
            recall["x_raw_p50"] <= MAX_RATIO_VS_RAW,
            f"≤ {MAX_RATIO_VS_RAW:g}×",
        ),
        # The same ≤ 2× read against (b2), the database cost of the same answer: what lotline's own code
        # adds. Not the wording (which compares with the bare closure); printed so both are seen.
        "worst_recall_x_raw_answer": (
            round(recall["p50_ms"] / answer["p50_ms"], 2),
            recall["p50_ms"] <= MAX_RATIO_VS_RAW * answer["p50_ms"],
            f"≤ {MAX_RATIO_VS_RAW:g}×",
        ),
        "worst_recall_per_level_over_lotline": (
            recall["per_level_over_lotline"],
            recall["per_level_over_lotline"] >= MIN_PER_LEVEL_RATIO,
            f"≥ {MIN_PER_LEVEL_RATIO:g}×",
        ),
        "max_x_raw_sql_any_lotline_row": (
            max(r["x_raw_p50"] for r in lotline_rows),
            max(r["x_raw_p50"] for r in lotline_rows) <= MAX_RATIO_VS_RAW,
            f"≤ {MAX_RATIO_VS_RAW:g}×",
        ),
    }
    print("\ntargets (stated for full size on SQLite):")
    for name, (value, met, goal) in checks.items():
        print(f"  {name:<38} {value!s:>8}  {goal:<8} {'met' if met else 'MISSED'}")
    return {name: {"value": value, "goal": goal, "met": met} for name, (value, met, goal) in checks.items()}


def write_json(report: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str) + "\n")
