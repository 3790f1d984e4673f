"""The database itself refuses UPDATE and DELETE on the ledger tables (triggers from migration 0002),
whatever the client: raw SQL, the ORM, a bulk update. Each attempt runs in its own atomic block so the
test database survives the error (PostgreSQL aborts the transaction otherwise)."""

import pytest
from django.db import IntegrityError, connection, transaction

from lotline.core.ledger_guard import MESSAGE
from lotline.core.models import Event, EventLine, GenealogyLink, LinkVoid
from lotline.core.services import consume, correct, produce
from tests.core_fixtures import fast_password_hashing, ledger_counts, receive_lot  # noqa: F401

STATEMENTS = {
    "core_event": "UPDATE core_event SET reason = 'edited' WHERE id = %s",
    "core_eventline": "UPDATE core_eventline SET quantity = 0 WHERE id = %s",
    "core_genealogylink": "UPDATE core_genealogylink SET basis = 'explicit' WHERE id = %s",
    "core_linkvoid": "UPDATE core_linkvoid SET correction_id = correction_id WHERE link_id = %s",
}
KEYS = {"core_event": "id", "core_eventline": "id", "core_genealogylink": "id", "core_linkvoid": "link_id"}


@pytest.fixture
def ledger_rows(plant):
    """One row in each ledger table: a consume whose link was voided by a correction."""
    coil = receive_lot(plant, "S1", "100")
    wo = plant.work_order()
    consumed = consume(plant.ctx(work_order=wo), lot=coil, quantity=10).event
    produce(plant.ctx(work_order=wo), quantity=5)
    correct(plant.ctx(user=plant.supervisor), event=consumed, reason="wrong coil")
    void = LinkVoid.objects.get()
    return {
        "core_event": consumed.pk,
        "core_eventline": EventLine.objects.filter(event=consumed).get().pk,
        "core_genealogylink": GenealogyLink.objects.get().pk,
        "core_linkvoid": void.pk,
    }


def refused(statement: str, params: list) -> str:
    with pytest.raises(IntegrityError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)
    return str(error.value)


@pytest.mark.parametrize("table", sorted(STATEMENTS))
def test_raw_update_is_refused(ledger_rows, table):
    before = ledger_counts()

    assert MESSAGE in refused(STATEMENTS[table], [ledger_rows[table]])

    assert ledger_counts() == before


@pytest.mark.parametrize("table", sorted(STATEMENTS))
def test_raw_delete_is_refused(ledger_rows, table):
    before = ledger_counts()

    assert MESSAGE in refused(f"DELETE FROM {table} WHERE {KEYS[table]} = %s", [ledger_rows[table]])
    assert MESSAGE in refused(f"DELETE FROM {table}", [])

    assert ledger_counts() == before


def test_orm_update_and_delete_are_refused(ledger_rows):
    before = ledger_counts()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=ledger_rows["core_event"]).update(reason="edited")
    with pytest.raises(IntegrityError), transaction.atomic():
        EventLine.objects.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkVoid.objects.all().delete()
    assert ledger_counts() == before
    assert Event.objects.get(pk=ledger_rows["core_event"]).reason == ""


def test_emptying_a_whole_table_is_refused(ledger_rows):
    """PostgreSQL's TRUNCATE fires no row triggers, so it has a statement trigger of its own; SQLite has no
    TRUNCATE, and its whole-table DELETE shortcut is disabled by the triggers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The rows were inserted in this test's transaction; deferred foreign-key checks still pending
            # would make PostgreSQL refuse TRUNCATE for that reason instead of ours.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statement = "TRUNCATE {table} CASCADE"
    else:
        statement = "DELETE FROM {table}"
    before = ledger_counts()
    for table in sorted(STATEMENTS):
        assert MESSAGE in refused(statement.format(table=table), [])
    assert ledger_counts() == before
