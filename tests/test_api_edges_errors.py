"""Addresses and answers at the API's edge: paging bounds, times outside the plant's years, lot numbers with
"/", and what Django answers by itself (no such address, a wrong method, a body too large, a crash) — JSON
in the one error shape under /api/, a plain page of ours elsewhere (a wrong method, a stale form)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from lotline.api.models import ApiToken
from lotline.core.models import Event
from lotline.core.services import ship
from lotline.web import middleware
from tests.core_fixtures import fast_password_hashing, ledger_counts, receive_lot  # noqa: F401
from tests.test_api_edges import answer, get, refusal


@pytest.fixture
def token(plant):
    for role in ("operator", "supervisor"):
        plant.supervisor.groups.add(Group.objects.get(name=role))
    return ApiToken.issue(plant.supervisor, "edge", "read,record")[1]


# 2. Paging bounds.


@pytest.mark.parametrize("path", ["/lots", "/work-orders", "/shipments", "/events"])
def test_an_offset_past_any_database_integer_is_refused(plant, token, path):
    assert answer(get(token, path, offset="9223372036854775808")) == refusal(
        422, "invalid", "offset must be a whole number from 0 to 1000000000.", "offset"
    )
    assert answer(get(token, path, offset="-1")) == refusal(
        422, "invalid", "offset must be a whole number from 0 to 1000000000.", "offset"
    )
    for limit in ("0", "501", "9" * 1000):
        assert answer(get(token, path, limit=limit)) == refusal(
            422, "invalid", "limit must be a whole number from 1 to 500.", "limit"
        )
    assert get(token, path, offset="1000000000", limit="500").json()["items"] == []


# 3. Times outside the years a plant's records lie in, and skipped wall-clock times, name their field.


@pytest.mark.parametrize(
    ("path", "params", "message", "field"),
    [
        (
            "/events",
            {"since": "0001-01-01T00:00"},
            "“since”: 0001-01-01T00:00:00 lies outside the years 1970–2100.",
            "since",
        ),
        (
            "/events",
            {"until": "9999-12-31T23:59:59-05:00"},
            "“until”: 9999-12-31T23:59:59-05:00 lies outside the years 1970–2100.",
            "until",
        ),
        (
            "/shipments",
            {"since": "0001-01-01T00:00+01:00"},
            "“since”: 0001-01-01T00:00:00+01:00 lies outside the years 1970–2100.",
            "since",
        ),
        (
            "/shipments",
            {"until": "9999-12-31T23:59:59"},
            "“until”: 9999-12-31T23:59:59 lies outside the years 1970–2100.",
            "until",
        ),
        (
            "/events",
            {"since": "2026-03-29T02:30"},
            "2026-03-29 02:30 does not exist in Europe/Warsaw: the clocks went forward over that hour.",
            "since",
        ),
    ],
)
def test_a_list_window_outside_the_calendar_is_refused(plant, token, path, params, message, field):
    assert answer(get(token, path, **params)) == refusal(422, "invalid", message, field)


def test_the_last_instant_of_2100_is_still_a_window_end(plant, token):
    assert get(token, "/events", until="2101-01-01T00:00Z").status_code == 200


def recall(token: str, body: dict):
    return Client().post(
        "/api/v1/recall",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


@pytest.mark.parametrize(
    ("window", "message", "field"),
    [
        (
            {"from": "0001-01-01T00:00", "to": "2026-01-01T00:00Z"},
            "“from”: 0001-01-01T00:00:00 lies outside the years 1970–2100.",
            "from",
        ),
        (
            {"from": "2026-01-01T00:00Z", "to": "9999-12-31T23:59:59-05:00"},
            "“to”: 9999-12-31T23:59:59-05:00 lies outside the years 1970–2100.",
            "to",
        ),
        (
            {"from": "2026-03-29T02:30", "to": "2026-04-01T00:00Z"},
            "2026-03-29 02:30 does not exist in Europe/Warsaw: the clocks went forward over that hour.",
            "from",
        ),
    ],
)
def test_a_recall_window_outside_the_calendar_is_refused(plant, token, window, message, field):
    assert answer(recall(token, {"machine": "SAW1", **window})) == refusal(422, "invalid", message, field)


# 8. Lot and document numbers with "/".


def test_numbers_with_a_slash_are_found(plant, token):
    coil = receive_lot(plant, "KX/46-A", "100")
    ship(plant.ctx(), customer=plant.customer, document="KX/46", lines=[(coil, 10)])
    detail = get(token, "/lots/KX%2F46-A")
    assert (detail.status_code, detail.json()["number"], detail.json()["on_hand"]) == (200, "KX/46-A", "90")
    traced = get(token, "/lots/KX%2F46-A/trace", direction="forward")
    assert (traced.status_code, traced.json()["roots"]) == (200, ["KX/46-A"])
    shipment = get(token, "/shipments/KX%2F46")
    assert (shipment.status_code, shipment.json()["lines"][0]["lot"]) == (200, "KX/46-A")
    assert answer(get(token, "/lots/KX%2F99")) == refusal(
        404, "unknown_lot", "No lot KX/99 is known here.", "lot"
    )
    assert answer(get(token, "/shipments/KX%2F99")) == refusal(
        404, "unknown_shipment", "No shipment KX/99.", "number"
    )
    assert get(token, "/lots/KX%2F46-A/trace").json()["roots"] == ["KX/46-A"]  # the trace is still reachable


# 7. What Django answers by itself, under /api/ and elsewhere.


def test_an_unknown_api_address_answers_json(plant, token):
    assert answer(get(token, "/lotz")) == refusal(
        404,
        "not_found",
        "There is no API endpoint at this address; the endpoints are listed at /api/v1/docs.",
        None,
    )
    assert answer(Client().get("/api/v2/lots")) == refusal(
        404,
        "not_found",
        "There is no API endpoint at this address; the endpoints are listed at /api/v1/docs.",
        None,
    )
    page = Client().get("/no-such-page/")
    assert (page.status_code, page["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "There is nothing here" in page.content.decode()


def test_a_wrong_method_on_the_api_answers_json_and_keeps_allow(plant, token):
    response = Client().delete("/api/v1/lots", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer(response) == refusal(
        405, "method_not_allowed", "DELETE is not allowed at this address; use GET.", None
    )
    assert response["Allow"] == "GET"
    posted = Client().post("/api/v1/events/receive/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert posted.status_code == 404 and posted.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/logout/", "/site/"])
def test_a_wrong_method_on_a_page_is_a_short_page(plant, sam, path):
    response = sam.get(path)
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"].startswith("POST")
    assert "This address is not opened directly" in page and "Nothing was changed." in page
    assert 'href="/"' in page


def test_a_body_over_the_upload_limit_answers_json(plant, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = ledger_counts()
    body = json.dumps({"lots": ["S1"] * 400})
    response = Client().post(
        "/api/v1/recall", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert answer(response) == refusal(
        413, "too_large", "The request is too large: at most 1000\xa0bytes in one request.", None
    )
    assert ledger_counts() == before


def test_a_multipart_body_answers_json(plant, token):
    before = ledger_counts()
    response = Client().post(
        "/api/v1/events/receive", {"item": "STEEL", "quantity": "5"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert answer(response) == refusal(422, "invalid", "The request body is not valid JSON.", None)
    assert ledger_counts() == before


def test_a_crash_under_the_api_answers_json():
    request = RequestFactory().get("/api/v1/lots")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = middleware.server_error(request)
    assert (response.status_code, json.loads(response.content)) == refusal(
        500,
        "server_error",
        "Something went wrong on the server; nothing was half-saved. Try again; if it happens again, tell "
        "your administrator the time it happened.",
        None,
    )
    page = middleware.server_error(RequestFactory().get("/desk/"))
    assert page.status_code == 500 and "Something went wrong on the server" in page.content.decode()


def test_a_stale_form_says_so_in_plain_words(plant):
    """Django's CSRF failure view renders our 403_csrf.html; no CSRF_FAILURE_VIEW setting is needed."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(plant.supervisor)
    response = client.post("/floor/receive/", {"supplier": "STEELCO"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "The form was open too long" in page and "CSRF verification failed" not in page
    assert 'href="/floor/receive/"' in page and "Open the page again" in page
    logout = client.post("/logout/")
    assert logout.status_code == 403 and 'href="/"' in logout.content.decode()
    assert not Event.objects.exists()
