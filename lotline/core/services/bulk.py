"""Many rows into the ledger tables at once, the fast way for each database.

Only ``consume_many`` (imports, long offline queues) uses this; single events go through the ORM. The rows
are written exactly as ``append_event`` would write them — this module only changes how they travel:

- PostgreSQL: ``COPY … FROM STDIN``. Parameterised INSERTs cost ~45 µs a row on the client (psycopg binds
  each value in Python, then the server parses the statement); COPY streams the same rows for ~12 µs. Ids
  for rows that others must point at are drawn from the table's sequence first — the same values an
  INSERT would take, and as safe under concurrent writers.
- SQLite: ``executemany`` (a C loop over one prepared statement), and ``INSERT … RETURNING`` (SQLite
  ≥ 3.35) where the ids are needed. Values are prepared the way the SQLite backend stores them (UUIDs as
  32 hex digits, datetimes as naive UTC text).

The append-only triggers refuse UPDATE and DELETE, not INSERT or COPY, so both paths stay inside the ledger
rule.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import connection

CHUNK = 500  # rows per multi-row statement (SQLite) and keys per look-up: far below parameter limits


def postgres() -> bool:
    return connection.vendor == "postgresql"


def preparers() -> tuple[Callable[[uuid.UUID], object], Callable[[datetime], object]]:
    """How this database takes a UUID and an aware datetime as a parameter, cheaply.

    Django's field preparation is generic and measured a tenth of an import on SQLite; times repeat (one
    recorded_at per batch, a minute shared by many rows), so each is adapted once. PostgreSQL (COPY and
    parameters alike) takes the Python objects as they are.
    """
    if postgres():
        return (lambda u: u), (lambda t: t)
    adapt = connection.ops.adapt_datetimefield_value
    times: dict[datetime, object] = {}

    def time_of(moment: datetime) -> object:
        prepared = times.get(moment)
        if prepared is None:
            prepared = times[moment] = adapt(moment)
        return prepared

    return (lambda u: u.hex), time_of


def insert(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Append rows (values already prepared with ``preparers``)."""
    names = ", ".join(columns)
    if postgres():
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(rows))


def insert_with_ids(
    cursor, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]], key: int
) -> dict[object, int]:
    """Append rows and return the id each got, by the value of its unique column ``columns[key]``."""
    ids: dict[object, int] = {}
    if not rows:
        return ids
    if postgres():
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
            [len(rows)],
        )
        drawn = [row[0] for row in cursor.fetchall()]
        insert(cursor, table, ["id", *columns], ([id_, *row] for id_, row in zip(drawn, rows, strict=True)))
        return {row[key]: id_ for id_, row in zip(drawn, rows, strict=True)}
    names, marks = ", ".join(columns), "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        # RETURNING hands the ids back in no promised order, hence the key column.
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(chunk))} "
            f"RETURNING {columns[key]}, id",
            [value for row in chunk for value in row],
        )
        ids.update(cursor.fetchall())
    return ids


def look_up(cursor, table: str, key: str, keys: Sequence[object], column: str) -> dict[object, object]:
    """``column`` of the rows whose ``key`` is among ``keys`` (prepared values), by key."""
    found: dict[object, object] = {}
    # PostgreSQL takes the keys as one array parameter (binding thousands one by one cost more), so its
    # chunks can be larger; SQLite gets one placeholder per key.
    step = CHUNK * 10 if postgres() else CHUNK
    for start in range(0, len(keys), step):
        chunk = list(keys[start : start + step])
        if postgres():
            cursor.execute(f"SELECT {key}, {column} FROM {table} WHERE {key} = ANY(%s)", [chunk])
        else:
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {key}, {column} FROM {table} WHERE {key} IN ({marks})", chunk)
        found.update(cursor.fetchall())
    return found


def set_column(cursor, table: str, column: str, values: Sequence[tuple[int, object]]) -> None:
    """``column`` = value for each (id, value): SQLite runs one prepared UPDATE per row (a C loop);
    PostgreSQL one ``UPDATE … FROM (VALUES …)`` per CHUNK rows instead of a round trip per row."""
    if not postgres():
        cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s", [(v, i) for i, v in values])
        return
    for start in range(0, len(values), CHUNK):
        chunk = values[start : start + CHUNK]
        rows = ", ".join(["(%s, %s)"] * len(chunk))
        cursor.execute(
            f"UPDATE {table} t SET {column} = v.value FROM (VALUES {rows}) AS v(id, value) WHERE t.id = v.id",
            [x for pair in chunk for x in pair],
        )
