"""Database triggers that make the ledger append-only, per vendor.

Created by migration 0002. The only code that lifts them is the ``flush`` command (which erases the whole
database, as Django's test runner does between browser tests); nothing in the application can edit history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db.backends.base.base import BaseDatabaseWrapper

from lotline.core.models.ledger import LEDGER_TABLES

MESSAGE = "lotline ledger is append-only: record a correction event instead"


def create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION lotline_refuse_ledger_change()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION lotline_refuse_ledger_change()",
        ]
    raise NotImplementedError(f"no append-only triggers for database vendor {vendor!r}")


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION lotline_refuse_ledger_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE} (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
"""


def install(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for table in LEDGER_TABLES:
            for statement in drop_sql(connection.vendor, table) + create_sql(connection.vendor, table):
                cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table in LEDGER_TABLES:
            for statement in drop_sql(connection.vendor, table):
                cursor.execute(statement)


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Lift the triggers for a whole-database erase, and put them back whatever happens."""
    uninstall(connection)
    try:
        yield
    finally:
        install(connection)
