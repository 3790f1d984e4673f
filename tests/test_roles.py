"""Roles: operators record; supervisors also hold, release, correct and see the desk; admins reach
the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.core.access import sites_for
from lotline.core.models import Event, EventKind, Lot, Site
from lotline.core.services import consume, receive


@pytest.fixture
def roles(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    plant.supervisor.groups.add(Group.objects.get(name="supervisor"))
    return plant


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def a_lot(plant) -> Lot:
    return receive(
        plant.ctx(),
        item=plant.steel,
        quantity="100",
        supplier=plant.supplier,
        supplier_lot="H1",
        delivery_ref="DN-1",
    ).lot


def test_operator_cannot_hold_correct_see_the_desk_or_reach_admin(roles):
    lot = a_lot(roles)
    wo = roles.work_order()
    used = consume(roles.ctx(work_order=wo), lot=lot, quantity="10").event
    client = signed_in(roles.operator)
    assert client.post(f"/desk/lots/{lot.number}/hold/", {"reason": "x"}).status_code == 403
    assert client.post(f"/desk/events/{used.uid}/correct/", {"reason": "x"}).status_code == 403
    assert client.get(f"/desk/lots/{lot.number}/").status_code == 403
    assert client.get("/desk/lots/").status_code == 403
    admin = client.get("/admin/")
    assert admin.status_code == 302 and "/admin/login/" in admin["Location"]
    lot.refresh_from_db()
    assert lot.status == Lot.Status.RELEASED
    assert not Event.objects.filter(kind__in=[EventKind.HOLD, EventKind.CORRECT]).exists()
    assert client.get("/floor/work-order/").status_code == 200


def test_supervisor_holds_releases_and_corrects_attributed_to_them(roles):
    lot = a_lot(roles)
    wo = roles.work_order()
    used = consume(roles.ctx(work_order=wo), lot=lot, quantity="10").event
    client = signed_in(roles.supervisor)
    assert client.post(f"/desk/lots/{lot.number}/hold/", {"reason": "lab check"}).status_code == 302
    lot.refresh_from_db()
    assert lot.status == Lot.Status.ON_HOLD
    assert client.post(f"/desk/lots/{lot.number}/release/", {"reason": "lab ok"}).status_code == 302
    assert (
        client.post(f"/desk/events/{used.uid}/correct/", {"reason": "wrong lot scanned"}).status_code == 302
    )
    kinds = list(Event.objects.filter(user=roles.supervisor).values_list("kind", flat=True))
    assert kinds == [EventKind.HOLD, EventKind.RELEASE, EventKind.CORRECT]
    assert client.get(f"/desk/lots/{lot.number}/").status_code == 200


def test_signed_out_users_are_sent_to_the_login(client):
    response = client.get("/floor/work-order/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_sites_come_from_site_groups_or_the_single_site(roles):
    assert list(sites_for(roles.operator)) == [roles.site]
    other = Site.objects.create(code="B2", name="Second plant")
    assert list(sites_for(roles.operator)) == []  # two sites and no site group: none
    roles.operator.groups.add(Group.objects.create(name="site:B2"))
    assert list(sites_for(roles.operator)) == [other]
    assert signed_in(roles.operator).get("/floor/work-order/").status_code == 200
