"""Token scopes are enforced: read for GETs, record for event POSTs, admin for webhooks; no token is 401.
The OpenAPI document has a stable URL and the docs page works offline."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from lotline.api.models import ApiToken
from tests.core_fixtures import fast_password_hashing  # noqa: F401


@pytest.fixture
def admin(plant):
    plant.supervisor.groups.add(Group.objects.get(name="admin"))
    return plant.supervisor


def call(method: str, path: str, token: str | None, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client()
    if method == "get":
        return client.get(f"/api/v1{path}", **headers)
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **headers
    )


RECEIVE = {
    "item": "STEEL",
    "supplier": "STEELCO",
    "supplier_lot": "H1",
    "delivery_ref": "DN-1",
    "quantity": "5",
}
WEBHOOK = {"name": "erp", "url": "http://127.0.0.1:9/hook"}


def test_no_token_is_401_everywhere(plant):
    for method, path in [("get", "/lots"), ("get", "/events"), ("post", "/recall"), ("get", "/webhooks")]:
        response = call(method, path, None)
        assert (response.status_code, response.json()["code"]) == (401, "unauthorized"), path
    assert call("get", "/lots", "llt_not-a-token").status_code == 401


def test_a_read_token_reads_but_may_not_record(plant, admin):
    read = ApiToken.issue(admin, "dashboard", "read")[1]
    assert call("get", "/lots", read).status_code == 200
    assert call("post", "/recall", read, {"lots": []}).status_code == 422  # allowed, but names nothing
    refused = call("post", "/events/receive", read, RECEIVE)
    assert refused.status_code == 403
    assert refused.json() == {
        "code": "scope_missing",
        "message": "This API token lacks the record scope.",
        "field": None,
    }


def test_a_record_token_records_and_reads_but_may_not_administer(plant, admin):
    record = ApiToken.issue(admin, "scanner", "record")[1]
    assert call("post", "/events/receive", record, RECEIVE).status_code == 200
    assert call("get", "/lots", record).status_code == 200
    for method, path in [("get", "/webhooks"), ("post", "/webhooks")]:
        refused = call(method, path, record, WEBHOOK)
        assert (refused.status_code, refused.json()["code"]) == (403, "scope_missing"), path
        assert refused.json()["message"] == "This API token lacks the admin scope."


def test_an_admin_token_manages_webhooks_only_for_an_admin(plant, admin):
    token = ApiToken.issue(admin, "ops", "admin")[1]
    created = call("post", "/webhooks", token, WEBHOOK)
    assert created.status_code == 201, created.content
    assert len(created.json()["secret"]) == 64
    assert [w["name"] for w in call("get", "/webhooks", token).json()] == ["erp"]
    plant.operator.groups.add(Group.objects.get(name="supervisor"))
    not_admin = ApiToken.issue(plant.operator, "ops", "admin")[1]
    refused = call("get", "/webhooks", not_admin)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_the_users_role_still_applies_to_a_read_token(plant):
    plant.operator.groups.add(Group.objects.get(name="operator"))
    token = ApiToken.issue(plant.operator, "scanner", "read")[1]
    refused = call("get", "/lots", token)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


def test_openapi_lists_the_endpoints_and_the_docs_are_offline(plant):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/lots",
        "/api/v1/lots/{number}",
        "/api/v1/lots/{number}/trace",
        "/api/v1/work-orders",
        "/api/v1/shipments",
        "/api/v1/events",
        "/api/v1/recall",
        "/api/v1/webhooks",
        "/api/v1/events/receive",
    } <= paths
    docs = Client().get("/api/v1/docs").content.decode()
    assert "/api/v1/docs-assets/swagger-ui-bundle.js" in docs
    assert "https://" not in docs and "http://" not in docs
