"""Webhooks: tell other systems when a lot is held or released, or a recall case is opened.

No signals (docs/api.md, "Webhooks"): the sender polls. `lotline send_webhooks` (from cron, a systemd
timer, or with ``--loop``) first *collects* — reads the hold/release ledger events and recall cases newer than
each webhook's cursor and queues one WebhookDelivery per webhook and source — then *delivers* what is due.
A failed delivery is retried with exponential backoff (30 s, then 60 s) and given up after ATTEMPTS; every
attempt's outcome stays on the delivery row.

Every body is signed: ``X-Lotline-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw body under the
webhook's secret. A receiver recomputes it over the bytes it got (before parsing the JSON) and compares
with ``hmac.compare_digest`` (docs/api.md has the snippet).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lotline.core.models import Event, EventKind
from lotline.recall.models import RecallCase
from lotline.recall.scope import totals

from .models import WEBHOOK_EVENTS, Webhook, WebhookDelivery

ATTEMPTS = 3
BACKOFF_SECONDS = 30
TIMEOUT_SECONDS = 5
# A ledger row's id is taken when it is inserted, but it becomes visible when its transaction commits: a
# hold recorded in a longer transaction can appear after a higher id was already read. Reading only what is
# older than this lag keeps the cursor behind transactions still in flight.
SETTLE = timedelta(seconds=2)
BATCH = 500
SIGNATURE_HEADER = "X-Lotline-Signature"
EVENT_OF_KIND = {EventKind.HOLD: "lot.held", EventKind.RELEASE: "lot.released"}


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does (the tests' receiver calls this too)."""
    return hmac.compare_digest(sign(secret, body), signature or "")


class DuplicateWebhook(Exception):
    """A webhook with the same URL and the same events exists already (``existing``)."""

    def __init__(self, existing: Webhook) -> None:
        super().__init__(existing.pk)
        self.existing = existing


def lock_webhooks() -> None:
    """Serialise webhook registrations until the transaction ends, so "is there one already?" and the
    insert are one step: a client that re-sends its request (or six at once) must not register the URL
    twice, which would deliver every event twice. SQLite's IMMEDIATE transactions already hold the one
    write lock from their start; PostgreSQL takes a lock that only other registrations (and writes to
    the webhook table) wait for — reading webhooks and the sender's row locks go on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Webhook._meta.db_table)
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def create_webhook(
    name: str, url: str, events: list[str] | None = None, secret: str | None = None
) -> Webhook:
    """A new webhook hears about what happens from now on, not the whole history.

    The same URL with the same events raises DuplicateWebhook naming the one there is: registering it
    again would only send each event to that URL twice."""
    unknown = set(events or ()) - set(WEBHOOK_EVENTS)
    if unknown:
        raise ValueError(
            _("There is no event %(unknown)s; use any of %(known)s.")
            % {"unknown": ", ".join(sorted(unknown)), "known": ", ".join(WEBHOOK_EVENTS)}
        )
    wanted = set(events or WEBHOOK_EVENTS)
    with transaction.atomic():
        lock_webhooks()
        for existing in Webhook.objects.filter(url=url).order_by("id"):
            if existing.event_set == wanted:
                raise DuplicateWebhook(existing)
        webhook = Webhook(
            name=name,
            url=url,
            events=",".join(events or WEBHOOK_EVENTS),
            last_event_id=Event.objects.aggregate(m=Max("id"))["m"] or 0,
            last_case_id=RecallCase.objects.aggregate(m=Max("id"))["m"] or 0,
        )
        if secret:
            webhook.secret = secret
        webhook.save()
    return webhook


def envelope(delivery: WebhookDelivery, data: dict) -> str:
    return json.dumps(
        {
            "id": str(delivery.uid),
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "data": data,
        },
        separators=(",", ":"),
        default=str,
    )


def queue(webhook: Webhook, event_name: str, source: str, data: dict, now: datetime) -> bool:
    """One delivery per webhook and source; False when it was queued before."""
    if WebhookDelivery.objects.filter(webhook=webhook, source=source).exists():
        return False
    delivery = WebhookDelivery(webhook=webhook, event=event_name, source=source, created_at=now)
    delivery.next_attempt_at = now
    delivery.body = envelope(delivery, data)
    delivery.save()
    return True


def notify(event_name: str, payload: dict, *, source: str | None = None) -> int:
    """Queue an event for every active webhook that wants it; returns how many deliveries were queued.

    The sender calls this for what it finds in the ledger; other code may call it directly for events the
    ledger does not hold. ``source`` makes it idempotent (default: a new one every call).
    """
    now = timezone.now()
    queued = 0
    for webhook in Webhook.objects.filter(is_active=True):
        if event_name in webhook.event_set:
            key = source or f"notify:{uuid.uuid4()}"
            queued += queue(webhook, event_name, key, payload, now)
    return queued


def lot_status_payload(event: Event) -> dict:
    lines = event.lines.select_related("lot__item").order_by("lot__number")
    return {
        "event_id": str(event.uid),
        "occurred_at": event.occurred_at.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "site": event.site.code,
        "new_status": event.new_status,
        "reason": event.reason,
        "reference": event.reference,
        "user": event.user.get_username() if event.user else None,
        "lots": [
            {"number": line.lot.number, "item": line.lot.item.code, "status": line.lot.status}
            for line in lines
        ],
    }


def case_payload(case: RecallCase) -> dict:
    return {
        "number": case.number,
        "title": case.title,
        "status": case.status,
        "created_at": case.created_at.isoformat(),
        "created_by": case.created_by.get_username() if case.created_by else None,
        "suspects": case.snapshot.get("suspects", []),
        "description": case.snapshot.get("description", ""),
        "totals": totals(case.snapshot) if case.snapshot.get("lots") is not None else {},
    }


def collect(now: datetime | None = None) -> int:
    """Queue deliveries for the hold/release events and recall cases each webhook has not seen yet."""
    now = now or timezone.now()
    settled = now - SETTLE
    queued = 0
    for webhook_id in Webhook.objects.filter(is_active=True).values_list("id", flat=True):
        with transaction.atomic():
            # Locked, so two senders running at once do not both advance (and double-read) one cursor.
            webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
            wanted = webhook.event_set
            events = list(
                Event.objects.filter(
                    id__gt=webhook.last_event_id,
                    kind__in=list(EVENT_OF_KIND),
                    recorded_at__lte=settled,
                )
                .select_related("site", "user")
                .order_by("id")[:BATCH]
            )
            for event in events:
                name = EVENT_OF_KIND[event.kind]
                if name in wanted:
                    queued += queue(webhook, name, f"event:{event.pk}", lot_status_payload(event), now)
                webhook.last_event_id = event.pk
            cases = list(
                RecallCase.objects.filter(id__gt=webhook.last_case_id, created_at__lte=settled)
                .select_related("created_by")
                .order_by("id")[:BATCH]
            )
            for case in cases:
                if "recall_case.created" in wanted:
                    queued += queue(
                        webhook, "recall_case.created", f"case:{case.pk}", case_payload(case), now
                    )
                webhook.last_case_id = case.pk
            webhook.save(update_fields=["last_event_id", "last_case_id"])
    return queued


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    ok: bool
    status: int | None
    error: str


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """(HTTP status, error text); any 2xx is success."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (admin's URL)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except (urllib.error.URLError, OSError) as exc:
        return None, str(getattr(exc, "reason", exc))


def attempt(delivery: WebhookDelivery, now: datetime) -> Attempt:
    body = delivery.body.encode()
    status, error = post(
        delivery.webhook.url,
        body,
        {
            "Content-Type": "application/json",
            "User-Agent": "lotline-webhooks/1",
            SIGNATURE_HEADER: sign(delivery.webhook.secret, body),
            "X-Lotline-Event": delivery.event,
            "X-Lotline-Delivery": str(delivery.uid),
        },
    )
    ok = status is not None and 200 <= status < 300
    delivery.attempts += 1
    delivery.response_status = status
    if ok:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.last_error = ""
    else:
        delivery.last_error = error or f"HTTP {status}"
        if delivery.attempts >= ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + timedelta(seconds=BACKOFF_SECONDS * 2 ** (delivery.attempts - 1))
    delivery.save(
        update_fields=[
            "attempts",
            "response_status",
            "status",
            "delivered_at",
            "next_attempt_at",
            "last_error",
        ]
    )
    return Attempt(delivery.pk, ok, status, delivery.last_error)


def deliver_due(now: datetime | None = None) -> list[Attempt]:
    """Send every pending delivery whose time has come (one attempt each)."""
    now = now or timezone.now()
    due = (
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .select_related("webhook")
        .order_by("id")[:BATCH]
    )
    results = []
    for delivery in due:
        # Claim it first (no transaction is held open across the HTTP call): a second sender running at
        # the same moment finds next_attempt_at moved and leaves the row alone.
        claimed = WebhookDelivery.objects.filter(
            pk=delivery.pk, next_attempt_at=delivery.next_attempt_at, status=WebhookDelivery.Status.PENDING
        ).update(next_attempt_at=now + timedelta(seconds=TIMEOUT_SECONDS * 4))
        if claimed:
            results.append(attempt(delivery, now))
    return results


def send(now: datetime | None = None) -> tuple[int, list[Attempt]]:
    """One round of the sender: collect, then deliver."""
    queued = collect(now)
    return queued, deliver_due(now)
