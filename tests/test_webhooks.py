"""Webhooks: a real HTTP receiver on 127.0.0.1 gets lot.held, lot.released and recall_case.created, signed
with HMAC-SHA256 over the raw body; a failing receiver is retried with backoff, then given up."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from lotline.api import webhooks
from lotline.api.models import WebhookDelivery
from lotline.core.services import hold, release
from lotline.recall.scope import ScopeSource
from lotline.recall.services import create_case
from tests.core_fixtures import fast_password_hashing, receive_lot  # noqa: F401

SECRET = "s3cret-for-tests"


class Receiver:
    """An HTTP server in a thread that records what it got and answers with ``status``."""

    def __init__(self, status: int = 204) -> None:
        self.status = status
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {
                        "body": body,
                        "signature": self.headers["X-Lotline-Signature"],
                        "event": self.headers["X-Lotline-Event"],
                        "verified": webhooks.verify(SECRET, body, self.headers["X-Lotline-Signature"]),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def later(seconds: int = 5):
    return timezone.now() + timedelta(seconds=seconds)


def test_holds_releases_and_cases_arrive_signed(plant, receiver):
    before = receive_lot(plant, "OLD")
    hold(plant.ctx(user=plant.supervisor), lots=[before], reason="before the webhook existed")
    webhook = webhooks.create_webhook("erp", receiver.url, secret=SECRET)
    lot = receive_lot(plant, "S1")
    hold(plant.ctx(user=plant.supervisor), lots=[lot], reason="lab check", reference="NC-7")
    release(plant.ctx(user=plant.supervisor), lots=[lot], reason="lab ok")
    case = create_case(plant.supervisor, ScopeSource(lot_numbers=["S1"]), title="Cracked bars")

    queued, attempts = webhooks.send(later())

    assert (queued, [a.ok for a in attempts]) == (3, [True, True, True])
    assert [r["event"] for r in receiver.received] == ["lot.held", "lot.released", "recall_case.created"]
    assert all(r["verified"] for r in receiver.received)
    held = json.loads(receiver.received[0]["body"])
    assert held["event"] == "lot.held"
    assert held["data"]["lots"] == [{"number": "S1", "item": "STEEL", "status": "released"}]
    assert (held["data"]["new_status"], held["data"]["reason"], held["data"]["reference"]) == (
        "on_hold",
        "lab check",
        "NC-7",
    )
    opened = json.loads(receiver.received[2]["body"])["data"]
    assert (opened["number"], opened["title"], opened["suspects"]) == (case.number, "Cracked bars", ["S1"])
    assert opened["totals"]["lots"] == 1
    assert set(WebhookDelivery.objects.values_list("status", "attempts")) == {("delivered", 1)}
    # Nothing new: a second round sends nothing, and nothing is delivered twice.
    assert webhooks.send(later()) == (0, [])
    webhook.refresh_from_db()
    assert webhook.last_case_id == case.pk


def test_a_tampered_body_fails_verification():
    body = b'{"event":"lot.held"}'
    signature = webhooks.sign(SECRET, body)
    assert signature.startswith("sha256=") and len(signature) == 71
    assert webhooks.verify(SECRET, body, signature)
    assert not webhooks.verify(SECRET, body + b" ", signature)
    assert not webhooks.verify("other", body, signature)


def test_a_webhook_gets_only_the_events_it_asked_for(plant, receiver):
    webhooks.create_webhook("quality", receiver.url, events=["lot.released"], secret=SECRET)
    lot = receive_lot(plant, "S1")
    hold(plant.ctx(user=plant.supervisor), lots=[lot], reason="lab")
    release(plant.ctx(user=plant.supervisor), lots=[lot], reason="ok")
    webhooks.send(later())
    assert [r["event"] for r in receiver.received] == ["lot.released"]


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(plant):
    failing = Receiver(status=500)
    try:
        webhooks.create_webhook("erp", failing.url, secret=SECRET)
        lot = receive_lot(plant, "S1")
        hold(plant.ctx(user=plant.supervisor), lots=[lot], reason="lab")
        start = later()
        queued, first = webhooks.send(start)
        delivery = WebhookDelivery.objects.get()
        assert (queued, [a.ok for a in first]) == (1, [False])
        assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
        assert delivery.last_error == "HTTP 500 Internal Server Error"
        assert delivery.next_attempt_at == start + timedelta(seconds=30)
        assert webhooks.deliver_due(start + timedelta(seconds=29)) == []  # not due yet
        webhooks.deliver_due(start + timedelta(seconds=30))
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.next_attempt_at) == (2, start + timedelta(seconds=90))
        webhooks.deliver_due(start + timedelta(seconds=90))
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
        assert len(failing.received) == 3 and all(r["verified"] for r in failing.received)
        assert webhooks.deliver_due(start + timedelta(hours=1)) == []
    finally:
        failing.close()


def test_an_unreachable_receiver_records_the_error(plant):
    webhooks.create_webhook("gone", "http://127.0.0.1:9/hook", secret=SECRET)
    hold(plant.ctx(user=plant.supervisor), lots=[receive_lot(plant, "S1")], reason="lab")
    webhooks.send(later())
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.response_status) == (1, None)
    assert "refused" in delivery.last_error.lower()


def test_the_management_command_runs_one_round(plant, receiver, capsys, monkeypatch):
    webhooks.create_webhook("erp", receiver.url, secret=SECRET)
    hold(plant.ctx(user=plant.supervisor), lots=[receive_lot(plant, "S1")], reason="lab")
    monkeypatch.setattr(webhooks, "SETTLE", timedelta(0))  # the command reads "now"
    call_command("send_webhooks")
    assert "queued 1, sent 1, failed 0" in capsys.readouterr().out
    assert [r["event"] for r in receiver.received] == ["lot.held"]
