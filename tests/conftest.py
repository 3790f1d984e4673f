"""Shared fixtures: a tiny plant (one site, two racks, a machine, a supplier, two customers, items) and
personas (an operator, a supervisor, an admin)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from lotline.core.models import Item, Location, Machine, Party, Site, WorkOrder
from lotline.core.services import EventContext

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


class Plant:
    """Handles to the small test plant, with a clock that ticks a minute per event."""

    def __init__(self) -> None:
        self.site = Site.objects.create(code="HQ", name="Main plant", timezone="Europe/Warsaw")
        self.rack = Location.objects.create(site=self.site, code="RACK-A", is_default=True)
        self.rack_b = Location.objects.create(site=self.site, code="RACK-B")
        self.saw = Machine.objects.create(site=self.site, code="SAW1", name="Band saw")
        self.lathe = Machine.objects.create(site=self.site, code="CNC1", name="CNC lathe")
        self.supplier = Party.objects.create(code="STEELCO", name="SteelCo", role=Party.Role.SUPPLIER)
        self.supplier2 = Party.objects.create(code="ACME", name="Acme Metals", role=Party.Role.SUPPLIER)
        self.customer = Party.objects.create(
            code="BIKES",
            name="Bikes Ltd",
            role=Party.Role.CUSTOMER,
            contact_name="Ann",
            email="ann@bikes.test",
        )
        self.customer2 = Party.objects.create(code="CARS", name="Cars GmbH", role=Party.Role.CUSTOMER)
        self.steel = Item.objects.create(code="STEEL", name="Steel bar 40", kind=Item.Kind.RAW, unit="kg")
        self.blank = Item.objects.create(code="BLANK", name="Blank", kind=Item.Kind.INTERMEDIATE, unit="pcs")
        self.shaft = Item.objects.create(code="SHAFT", name="Shaft", kind=Item.Kind.FINISHED, unit="pcs")
        User = get_user_model()
        self.operator = User.objects.create_user("olga", password="pw-olga-123")
        self.supervisor = User.objects.create_user("sam", password="pw-sam-123")
        self.clock = T0
        self._wo = 0

    def tick(self, minutes: int = 1) -> datetime:
        self.clock += timedelta(minutes=minutes)
        return self.clock

    def ctx(self, **kwargs) -> EventContext:
        kwargs.setdefault("user", self.operator)
        kwargs.setdefault("site", self.site)
        if "occurred_at" not in kwargs:
            kwargs["occurred_at"] = self.tick()
        return EventContext(**kwargs)

    def work_order(self, item: Item | None = None, machine: Machine | None = None, **kwargs) -> WorkOrder:
        self._wo += 1
        return WorkOrder.objects.create(
            number=f"WO-{self._wo:03d}",
            item=item or self.shaft,
            site=self.site,
            machine=machine or self.lathe,
            quantity_planned=100,
            **kwargs,
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 costs ~0.5 s a user; tests create many users, and MD5 checks the same code paths."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plant(db) -> Plant:
    return Plant()


@pytest.fixture
def sam(plant):
    """A browser session signed in as the plant's supervisor (Sam), with the supervisor role."""
    from django.contrib.auth.models import Group
    from django.test import Client

    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    client = Client()
    client.force_login(plant.supervisor)
    return client
