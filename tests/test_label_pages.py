"""Reprints are recorded by a POST (the reason form, with CSRF) that redirects to a GET serving what was
recorded (post/redirect/get): reloading records nothing, and a GET never records a reprint."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from lotline.printing.models import LabelPrint
from lotline.web.views import labels
from tests.test_printing_decode import make_operator, received


def printed_once(plant, client):
    lot = received(plant)
    client.force_login(make_operator(plant))
    url = f"/labels/lots/{lot.number}.pdf"
    assert client.get(url + "?size=4x6").status_code == 200
    return lot, url


def test_a_get_with_a_reason_records_nothing(plant, client):
    _lot, url = printed_once(plant, client)
    again = client.get(url, {"size": "4x6", "reason": "smudged"})
    assert again.status_code == 400  # asks for the reason again, in a POST form
    body = again.content.decode()
    assert f'<form method="post" action="{url}"' in body and 'name="csrfmiddlewaretoken"' in body
    assert 'name="size" value="4x6"' in body
    assert LabelPrint.objects.count() == 1


def test_the_reason_form_posts_then_redirects_and_reloading_records_nothing(plant, client):
    _lot, url = printed_once(plant, client)
    posted = client.post(url, {"size": "4x6", "reason": "smudged"})
    assert posted.status_code == 302
    reprint = LabelPrint.objects.get(is_reprint=True)
    assert posted["Location"] == f"{url}?size=4x6&prints={reprint.pk}"
    assert reprint.reason == "smudged"
    for _reload in range(2):
        download = client.get(posted["Location"])
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert download.content.startswith(b"%PDF")
    assert LabelPrint.objects.count() == 2
    # Odd ids name no recorded print: the page asks for a reason again instead of failing.
    for odd in ("99999999999999999999", "²"):
        assert client.get(f"{url}?size=4x6&prints={odd}").status_code == 400
    assert LabelPrint.objects.count() == 2


def test_the_reason_form_needs_its_csrf_token(plant):
    client = Client(enforce_csrf_checks=True)
    _lot, url = printed_once(plant, client)
    assert client.post(url, {"reason": "smudged"}).status_code == 403
    assert LabelPrint.objects.count() == 1


def test_a_post_without_a_reason_records_nothing(plant, client):
    _lot, url = printed_once(plant, client)
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert LabelPrint.objects.count() == 1


def test_the_redirect_serves_only_recent_prints_of_this_lot(plant, client, monkeypatch):
    lot, url = printed_once(plant, client)
    location = client.post(url, {"reason": "smudged"})["Location"]
    other = received(plant, supplier_lot="S-78")
    # Another lot's URL with these prints: not served, the other lot's first print is recorded instead.
    assert (
        client.get(f"/labels/lots/{other.number}.pdf?prints={location.rsplit('=', 1)[1]}").status_code == 200
    )
    assert LabelPrint.objects.filter(lot=other, is_reprint=False).count() == 1
    # Once the window has passed, the address asks for a reason like any other reprint.
    monkeypatch.setattr(labels, "REDOWNLOAD_WINDOW", timedelta(0))
    assert client.get(location).status_code == 400
    assert LabelPrint.objects.filter(lot=lot).count() == 2


def test_a_sheet_reprint_keeps_the_sheet(plant, client):
    lot = received(plant)
    client.force_login(make_operator(plant))
    url = f"/labels/deliveries/{lot.delivery_id}.pdf"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "jammed"}, follow=True)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert [p.is_reprint for p in LabelPrint.objects.order_by("id")] == [False, True]


def test_another_users_prints_are_not_served(plant, client):
    from django.contrib.auth import get_user_model

    _lot, url = printed_once(plant, client)
    location = client.post(url, {"reason": "smudged"})["Location"]
    other = get_user_model().objects.create_user("otto", password="pw-otto-123")
    from django.contrib.auth.models import Group

    other.groups.add(Group.objects.get(name="operator"))
    client.force_login(other)
    assert client.get(location).status_code == 400  # a reprint of its own, needing a reason
    assert LabelPrint.objects.count() == 2
