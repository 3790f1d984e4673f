"""A webhook is registered once: the same POST /api/v1/webhooks body sent again (a client's retry, or six
at once) used to register it again, so every event went to that URL once per copy. A second registration of
the same URL and events is now refused with 409 naming the webhook there is."""

from __future__ import annotations

import json
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from lotline.api import webhooks
from lotline.api.models import ApiToken, Webhook
from lotline.core.services import hold
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401

BODY = {"name": "ERP", "url": "https://erp.example/hooks", "events": ["lot.held", "lot.released"]}


@pytest.fixture
def token(plant):
    plant.supervisor.groups.add(Group.objects.get(name="admin"))
    return ApiToken.issue(plant.supervisor, "ops", "admin")[1]


def register(token: str, body: dict) -> tuple[int, dict]:
    response = Client().post(
        "/api/v1/webhooks",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    return response.status_code, response.json()


def duplicate(webhook_id: int, name: str = "ERP", url: str = BODY["url"]) -> tuple[int, dict]:
    return 409, {
        "code": "duplicate_webhook",
        "message": f"Webhook {webhook_id} (“{name}”) already sends these events to {url}; "
        "use it, or delete it first to register it anew.",
        "field": "url",
    }


def test_the_same_body_sent_again_is_refused_naming_the_webhook(plant, token):
    status, first = register(token, BODY)
    assert (status, first["events"]) == (201, ["lot.held", "lot.released"])
    assert register(token, BODY) == duplicate(first["id"])
    # The same events in another order, or under another name and secret, are the same registration.
    same = {**BODY, "name": "ERP again", "events": ["lot.released", "lot.held"], "secret": "another"}
    assert register(token, same) == duplicate(first["id"])
    assert list(Webhook.objects.values_list("pk", flat=True)) == [first["id"]]


def test_other_events_or_another_url_are_another_webhook(plant, token):
    status, everything = register(token, {"name": "All", "url": BODY["url"]})
    assert status == 201
    all_three = {**BODY, "events": ["lot.held", "lot.released", "recall_case.created"]}
    assert register(token, all_three) == duplicate(everything["id"], name="All")
    assert register(token, BODY)[0] == 201
    assert register(token, {**BODY, "url": "https://erp.example/other"})[0] == 201
    assert Webhook.objects.count() == 3


def test_a_deleted_webhook_can_be_registered_anew(plant, token):
    first = register(token, BODY)[1]
    gone = Client().delete(f"/api/v1/webhooks/{first['id']}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert gone.status_code == 204
    assert register(token, BODY)[0] == 201


def test_create_webhook_refuses_a_duplicate_for_any_caller(plant):
    webhook = webhooks.create_webhook("erp", "http://127.0.0.1:9/hook")  # every event
    every = ["recall_case.created", "lot.released", "lot.held"]
    with pytest.raises(webhooks.DuplicateWebhook) as refused:
        webhooks.create_webhook("erp 2", "http://127.0.0.1:9/hook", events=every)
    assert refused.value.existing == webhook


def test_six_registrations_at_once_make_one_webhook_and_one_delivery_per_event(
    plant, token, transactional_db
):
    start, answers = threading.Barrier(6), []

    def send() -> None:
        start.wait()
        try:
            answers.append(register(token, BODY))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = [body for status, body in answers if status == 201]
    assert len(created) == 1
    assert (
        sorted(answers, key=lambda answer: answer[0])
        == [(201, created[0])] + [duplicate(created[0]["id"])] * 5
    )
    assert list(Webhook.objects.values_list("pk", flat=True)) == [created[0]["id"]]

    lot = receive_lot(plant, "S1")
    hold(plant.ctx(user=plant.supervisor), lots=[lot], reason="lab check")
    later = plant.clock.replace(year=2099)
    assert webhooks.collect(later) == 1  # one lot.held delivery, not six
