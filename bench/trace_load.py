"""Bulk loading the generated ledger: raw executemany (SQLite) or COPY (PostgreSQL) straight into core tables.

The ledger's append-only triggers refuse UPDATE and DELETE only, so plain INSERTs go through. For a fresh
benchmark database ``fast_load`` also drops the secondary indexes of the big tables and builds them once at
the end, and switches off foreign-key checks while loading (the generator writes consistent rows); the
schema afterwards is exactly what the migrations made. Tests load inside their transaction without it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from .trace_generate import COLUMNS
from .trace_plant import Sink

BATCH = 20_000


class BulkLoader(Sink):
    """Buffers rows per table and writes them in batches through the DB-API connection under Django's."""

    def __init__(self, connection) -> None:
        connection.ensure_connection()
        self.connection = connection
        self.vendor = connection.vendor
        self.buffers: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self.counts: Counter[str] = Counter()
        with connection.cursor() as cursor:
            self.ids = {}
            for table in COLUMNS:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.ids[table] = cursor.fetchone()[0] + 1

    def next_id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def add(self, table: str, row: tuple) -> None:
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush(table)

    def flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        columns = COLUMNS[table]
        raw = self.connection.connection
        if self.vendor == "postgresql":
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        self.counts[table] += len(rows)
        self.buffers[table] = []

    def finish(self) -> None:
        for table in COLUMNS:
            self.flush(table)
        if self.vendor == "postgresql":  # explicit ids do not move the identity sequences
            with self.connection.cursor() as cursor:
                for table in COLUMNS:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                    )


def secondary_indexes(connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the big tables' indexes that back no constraint."""
    tables = list(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """SELECT i.indexname, i.indexdef FROM pg_indexes i
                   WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
                [tables],
            )
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                tables,
            )
        return list(cursor.fetchall())


@contextmanager
def fast_load(connection, timings: dict, analyze_sqlite: bool = False) -> Iterator[None]:
    """Load into a fresh database without per-row index and foreign-key work; rebuild indexes after.

    PostgreSQL is ANALYZEd (autovacuum would do it within minutes of such a load); SQLite only when asked,
    because nothing in lotline runs ANALYZE on a plant's database, so its planner works without statistics.
    """
    indexes = secondary_indexes(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        else:
            for pragma in (
                "foreign_keys = OFF",
                "journal_mode = OFF",
                "synchronous = OFF",
                "cache_size = -500000",
            ):
                cursor.execute(f"PRAGMA {pragma}")
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, sql in indexes:
            cursor.execute(sql)
        timings["indexes_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            cursor.execute("RESET session_replication_role")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            if analyze_sqlite:
                cursor.execute("ANALYZE")
        timings["analyze_s"] = round(time.perf_counter() - started, 2)


def build_plant(params, connection) -> tuple[dict, dict]:
    """Create the master data and generate + insert the ledger inside the current transaction.

    Returns (what the generator did, rows inserted per table).
    """
    from .trace_generate import PlantGenerator, when_text
    from .trace_plant import create_master_data

    master = create_master_data(params)
    loader = BulkLoader(connection)
    stats = PlantGenerator(params, master, loader, when_text(connection.vendor)).run()
    loader.finish()
    return stats, dict(loader.counts)
