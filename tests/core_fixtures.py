"""Helpers for the core tests: readable views of traces and a snapshot of everything the ledger writes.

Import what you need: ``from tests.core_fixtures import ledger_counts, link_rows, depth_rows``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from lotline.core.models import (
    Delivery,
    Event,
    EventLine,
    GenealogyLink,
    Item,
    LinkVoid,
    Lot,
    LotNumberCounter,
    Recipe,
    RecipeLine,
    Shipment,
    StockBalance,
)
from lotline.core.queries import Trace
from lotline.core.services import receive


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The plant's personas get passwords; PBKDF2 costs ~0.5 s a user, MD5 keeps the suite fast.

    Import this fixture into a test module (``from tests.core_fixtures import fast_password_hashing``)
    and it runs before ``plant`` (autouse fixtures come first).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def receive_lot(
    plant,
    number: str,
    quantity: object = "100",
    *,
    item: Item | None = None,
    supplier=None,
    delivery: str = "DN-1",
    supplier_lot: str | None = None,
    expires_on=None,
    **kwargs,
) -> Lot:
    """Receive a raw lot under a readable number (golden tests read better with 'A' than 'STEEL-…-001K')."""
    return receive(
        plant.ctx(**kwargs),
        item=item or plant.steel,
        quantity=quantity,
        supplier=supplier or plant.supplier,
        supplier_lot=supplier_lot or f"H-{number}",
        delivery_ref=delivery,
        lot_number=number,
        expires_on=expires_on,
    ).lot


def recipe_for(item: Item, *components: Item) -> Recipe:
    recipe = Recipe.objects.create(item=item, version=Recipe.objects.filter(item=item).count() + 1)
    for component in components:
        RecipeLine.objects.create(
            recipe=recipe, component=component, quantity_per_unit=1, unit=component.unit
        )
    return recipe


def depth_rows(trace: Trace) -> list[tuple[str, int]]:
    """(lot number, depth) in the trace's order (depth, then number)."""
    return [(lot.number, lot.depth) for lot in trace.lots]


def link_rows(trace: Trace) -> list[tuple[str, str, str, bool, Decimal | None]]:
    """(parent, child, basis, ambiguous, quantity) per link, sorted by parent then child."""
    number = {lot.id: lot.number for lot in trace.lots}
    return sorted(
        (
            number[link.parent_id],
            number[link.child_id],
            link.basis,
            link.ambiguous,
            None if link.quantity is None else link.quantity.normalize(),
        )
        for link in trace.links
    )


def ledger_counts() -> dict[str, object]:
    """Row counts of every table a service may write, plus the stock balances — to prove 'nothing written'."""
    return {
        "events": Event.objects.count(),
        "lines": EventLine.objects.count(),
        "lots": Lot.objects.count(),
        "links": GenealogyLink.objects.count(),
        "voids": LinkVoid.objects.count(),
        "balances": sorted(
            (b.lot_id, b.location_id, b.quantity.normalize()) for b in StockBalance.objects.all()
        ),
        "statuses": sorted(Lot.objects.values_list("number", "status")),
        "deliveries": Delivery.objects.count(),
        "shipments": Shipment.objects.count(),
        "counters": sorted(LotNumberCounter.objects.values_list("scope", "last")),
    }


def on_hand(lot: Lot) -> dict[str, Decimal]:
    """The projection's on-hand quantity per location code (non-zero only)."""
    return {
        b.location.code: b.quantity.normalize()
        for b in StockBalance.objects.filter(lot=lot).select_related("location").order_by("location__code")
        if b.quantity
    }


def assert_refused(call, code: str, *, field: str | None = None, message: str | None = None):
    """``call()`` raises LedgerError ``code`` (``field`` at fault, ``message`` in it); writes nothing."""
    from lotline.core.services import LedgerError

    before = ledger_counts()
    with pytest.raises(LedgerError) as refused:
        call()
    assert refused.value.code == code, refused.value.message
    if field is not None:
        assert refused.value.field == field
    if message is not None:
        assert message in refused.value.message
    assert ledger_counts() == before
    return refused.value
