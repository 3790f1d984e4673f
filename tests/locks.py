"""Hold the database's write lock from a second connection, as a big import would."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from lotline.settings import lock_wait_ms


@contextmanager
def another_writer_holds_the_database(give_up_after_ms: int | None = None) -> Iterator[None]:
    """While inside, writes wait for the lock (SQLite: the write lock; PostgreSQL: an EXCLUSIVE lock on the
    event and session tables, so reads go on and writes wait). ``give_up_after_ms`` shortens this thread's
    wait; other threads (a live server) wait LOTLINE_LOCK_WAIT_MS as configured. Needs committed data:
    transactional_db.
    """
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        set_wait = f"PRAGMA busy_timeout={give_up_after_ms}"
        reset_wait = f"PRAGMA busy_timeout={lock_wait_ms()}"
    else:
        other = connection.get_new_connection(connection.get_connection_params())
        other.autocommit = False
        other.execute("LOCK TABLE core_event, django_session IN EXCLUSIVE MODE")
        set_wait = f"SET lock_timeout = '{give_up_after_ms}ms'"
        reset_wait = f"SET lock_timeout = {lock_wait_ms()}"
    if give_up_after_ms is not None:
        with connection.cursor() as cursor:
            cursor.execute(set_wait)
    try:
        yield
    finally:
        other.rollback()
        other.close()
        if give_up_after_ms is not None:
            with connection.cursor() as cursor:
                cursor.execute(reset_wait)
