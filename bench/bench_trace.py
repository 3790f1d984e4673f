"""Trace and recall benchmark: a generated plant, four ways to walk its genealogy, p50/p99 per lot class.

    python -m bench.bench_trace --size small|medium|full [--db sqlite|postgres] [--out FILE.json]

Builds its own database (SQLite: <data-dir>/<size>/lotline.sqlite3; PostgreSQL: LOTLINE_DATABASE_URL or
--database-url, whose database name must contain "bench" because it is wiped), migrates it, bulk-loads the
plant, then measures backward trace, forward trace and recall scope for the median, p99 and worst lot of a
sample, through (a) lotline, (b) the raw recursive SQL, (c) a per-level query loop and (d) in-memory BFS.
Exits 1 when the variants disagree on any lot set. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/lotline_bench"
# size -> (timed repetitions, seconds one measurement may take before repetitions are cut, sample of lots,
#          receive/consume events, work-order completions)
PLANS = {
    "tiny": (5, 1, 100, 20, 5),
    "small": (20, 2, 500, 100, 30),
    "medium": (30, 10, 1_000, 300, 100),
    "full": (30, 30, 2_000, 500, 100),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_trace", description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=list(PLANS), default="small")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--out", type=Path, help="JSON results (default bench/results/trace-<size>-<db>.json)"
    )
    parser.add_argument(
        "--data-dir", type=Path, default=Path("/tmp/lotline-bench"), help="SQLite files go here"
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (default $LOTLINE_DATABASE_URL or lotline_bench)"
    )
    parser.add_argument("--reuse", action="store_true", help="measure the database a previous run built")
    parser.add_argument("--reps", type=int, help="timed repetitions per measurement")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE on SQLite after loading")
    parser.add_argument("--skip-writes", action="store_true", help="skip the write-throughput part")
    return parser.parse_args(argv)


def configure_database(args: argparse.Namespace) -> str:
    """Point lotline's settings at the benchmark database (before django.setup()); returns a description."""
    if args.db == "sqlite":
        directory = args.data_dir / args.size
        if not args.reuse:
            shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True, exist_ok=True)
        os.environ.pop("LOTLINE_DATABASE_URL", None)
        os.environ["LOTLINE_DATA_DIR"] = str(directory)
        return f"SQLite {directory / 'lotline.sqlite3'}"
    env_url = os.environ.get("LOTLINE_DATABASE_URL", "")
    url = args.database_url or (env_url if env_url.startswith("postgres") else DEFAULT_PG_URL)
    from urllib.parse import urlparse

    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to wipe database {name!r}: its name must contain 'bench' (e.g. {DEFAULT_PG_URL})")
    import psycopg

    parsed = urlparse(url)
    with psycopg.connect(url.replace(parsed.path, "/postgres"), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["LOTLINE_DATABASE_URL"] = url
    return f"PostgreSQL {parsed.hostname}:{parsed.port or 5432}/{name}"


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest rank: with 30 samples p99 is the slowest one."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(run, reps: int, budget_s: float) -> tuple[object, list[float]]:
    """One untimed warm-up (its answer is returned), then up to ``reps`` timed runs within the budget.

    Wall-clock times are the result; this process's CPU times are kept too, because on a shared machine
    they show what the work costs regardless of neighbours (for SQLite, which runs in-process, that is
    all of it; for PostgreSQL only the client's share).
    """
    started = time.perf_counter()
    answer = run()
    first = time.perf_counter() - started
    reps = max(5, min(reps, int(budget_s / max(first, 1e-6))))
    samples, cpu = [], []
    gc.collect()
    for _ in range(reps):
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return answer, samples, cpu


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    reps, budget_s, sample, write_events, write_orders = PLANS[args.size]
    reps = args.reps or reps
    where = configure_database(args)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotline.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from .trace_load import build_plant, fast_load
    from .trace_plant import parameters_for
    from .trace_report import print_parameters, print_table, targets, write_json
    from .trace_variants import QUERIES, Adjacency, pick_lots, variants
    from .trace_writes import measure_writes

    params = parameters_for(args.size)
    report: dict = {
        "size": args.size,
        "database": where,
        "vendor": connection.vendor,
        "parameters": params.as_dict(),
        "load": {},
    }
    print(f"lotline trace benchmark — size {args.size}, {where}")
    print_parameters(params)
    load = report["load"]
    if not args.reuse:
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0)
        load["migrate_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        with fast_load(connection, load, analyze_sqlite=args.analyze), transaction.atomic():
            stats, counts = build_plant(params, connection)
        load["total_s"] = round(time.perf_counter() - started, 2)
        load["generate_and_insert_s"] = round(load["total_s"] - load["indexes_s"] - load["analyze_s"], 2)
        report.update(generated=stats, rows=counts)
        connection.close()  # measure on a connection with the settings' pragmas, as the app has
        print(
            f"\nloaded in {load['total_s']} s (generate + insert {load['generate_and_insert_s']} s, "
            f"indexes {load['indexes_s']} s, analyze {load['analyze_s']} s)"
        )
        print("rows: " + ", ".join(f"{t.removeprefix('core_')} {n:,}" for t, n in counts.items()))
        print(f"generator: {stats}")

    started = time.perf_counter()
    adjacency = Adjacency()
    load["in_memory_adjacency_s"] = round(time.perf_counter() - started, 2)
    print(f"(d) adjacency dicts loaded in {load['in_memory_adjacency_s']} s")
    picks = {}
    report["samples"] = {}
    for direction in ("backward", "forward"):
        picks[direction], report["samples"][direction] = pick_lots(adjacency, direction, sample, params.seed)
    # The adjacency dicts are millions of objects: without freezing them every full garbage collection
    # during a timed run of (a)-(c) would walk them all, charging (d)'s memory to the other variants.
    gc.collect()
    gc.freeze()
    all_variants = variants(adjacency)
    results, disagreements = [], []
    for query in QUERIES:
        for pick in picks["backward" if query == "backward" else "forward"]:
            answers = {}
            for variant in all_variants:
                answer, samples, cpu = measure(
                    lambda v=variant, q=query, p=pick: v.run(q, p.lot), reps, budget_s
                )
                answers[variant.key] = variant.ids(answer)
                results.append(
                    {
                        "query": query,
                        "lot_class": pick.lot_class,
                        "lot": pick.lot.number,
                        "closure": pick.closure,
                        "variant": variant.key,
                        "label": variant.label,
                        "reps": len(samples),
                        "p50_ms": round(percentile(samples, 0.5), 3),
                        "p99_ms": round(percentile(samples, 0.99), 3),
                        "cpu_p50_ms": round(percentile(cpu, 0.5), 3),
                    }
                )
            expected = answers["in_memory"]
            for key, answer in answers.items():
                if answer != expected:
                    disagreements.append(
                        f"{query} {pick.lot_class} {pick.lot.number}: {key} has {len(answer)} "
                        f"lots, in_memory {len(expected)}"
                    )
    report["results"] = results
    report["disagreements"] = disagreements
    print_table(results)
    report["targets"] = targets(results)
    if not args.skip_writes:
        report["writes"] = measure_writes(write_events, write_orders)
        print(
            "\nwrite throughput (services, one transaction per event): "
            + ", ".join(f"{k} {v}" for k, v in report["writes"].items())
        )
    out = args.out or HERE / "results" / f"trace-{args.size}-{args.db}.json"
    write_json(report, out)
    print(f"\nJSON: {out}")
    if disagreements:
        print("\nVARIANTS DISAGREE:\n  " + "\n  ".join(disagreements))
        return 1
    print("all variants returned identical lot sets for every measured lot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
