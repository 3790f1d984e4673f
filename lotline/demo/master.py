"""Master data rows for the demo plant: site, locations, machines, parties, items, recipes, personas."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lotline.core.models import Item, Location, Machine, Party, Recipe, RecipeLine, Site

from . import catalog

DEMO_PASSWORD = "lotline-demo"
PERSONAS = ("operator", "supervisor", "admin")


@dataclass
class Master:
    """Handles to the rows the simulation refers to by code."""

    site: Site
    locations: dict[str, Location]
    machines: dict[str, Machine]
    parties: dict[str, Party]
    items: dict[str, Item]
    users: dict[str, object]


def create_master() -> Master:
    site = Site.objects.create(**catalog.SITE)
    locations = {
        code: Location.objects.create(site=site, code=code, name=name, is_default=default)
        for code, name, default in catalog.LOCATIONS
    }
    machines = {
        code: Machine.objects.create(site=site, code=code, name=name, group=group)
        for code, name, group in catalog.MACHINES
    }
    parties: dict[str, Party] = {}
    for code, name, country, contact, email, phone, address in catalog.SUPPLIERS:
        parties[code] = Party.objects.create(
            code=code,
            name=name,
            role=Party.Role.SUPPLIER,
            country=country,
            contact_name=contact,
            email=email,
            phone=phone,
            address=address,
        )
    for code, name, country, contact, email, phone, address, _families in catalog.CUSTOMERS:
        parties[code] = Party.objects.create(
            code=code,
            name=name,
            role=Party.Role.CUSTOMER,
            country=country,
            contact_name=contact,
            email=email,
            phone=phone,
            address=address,
        )
    items = {
        code: Item.objects.create(
            code=code,
            name=name,
            kind=kind,
            unit=unit,
            yield_tolerance_pct=catalog.YIELD_TOLERANCE_PCT.get(code, Decimal(2)),
        )
        for code, name, kind, unit in catalog.ITEMS
    }
    create_recipes(items)
    return Master(site, locations, machines, parties, items, create_personas())


def create_recipes(items: dict[str, Item]) -> None:
    """Bills of materials per unit of output; cutting loses kerf, the other steps are one part in, one out."""
    for family in catalog.FAMILIES:
        steps = [(family.blank, family.raw, family.kg_per_blank, "kg")]
        if family.hardened:
            steps += [
                (family.machined, family.blank, Decimal(1), "pcs"),
                (family.hardened, family.machined, Decimal(1), "pcs"),
                (family.packed, family.hardened, Decimal(1), "pcs"),
            ]
        else:
            steps += [
                (family.machined, family.blank, Decimal(1), "pcs"),
                (family.packed, family.machined, Decimal(1), "pcs"),
            ]
        for output, component, per_unit, unit in steps:
            recipe = Recipe.objects.create(item=items[output], version=1, note="demo routing")
            RecipeLine.objects.create(
                recipe=recipe, component=items[component], quantity_per_unit=per_unit, unit=unit
            )
            if output == family.packed:
                RecipeLine.objects.create(
                    recipe=recipe,
                    component=items["CARTON"],
                    quantity_per_unit=Decimal(1) / Decimal(family.per_carton),
                    unit="pcs",
                )


def create_personas() -> dict[str, object]:
    """The three demo sign-ins (password ``lotline-demo``), each in the group of the same name."""
    User = get_user_model()
    users: dict[str, object] = {}
    for name in PERSONAS:
        user, _created = User.objects.get_or_create(username=name)
        user.set_password(DEMO_PASSWORD)
        user.is_staff = name == "admin"
        user.is_superuser = name == "admin"
        user.first_name = name.capitalize()
        user.save()
        group, _created = Group.objects.get_or_create(name=name)
        user.groups.add(group)
        users[name] = user
    return users
