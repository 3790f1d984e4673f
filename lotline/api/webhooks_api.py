"""/api/v1/webhooks: register, list and remove webhooks, and see their deliveries (admin scope)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.responses import Status

from lotline.lib.text import shorten

from . import webhooks
from .auth import require_admin
from .errors import Refused
from .models import WEBHOOK_EVENTS, Webhook
from .schemas import ErrorOut, WebhookCreatedOut, WebhookDeliveryOut, WebhookIn, WebhookOut

router = Router(tags=["webhooks"])
# A webhook id is a database integer: a larger number was an OverflowError in the driver, a 500.
WEBHOOK_ID = Path(..., ge=1, le=2**63 - 1)


def find_webhook(webhook_id: int) -> Webhook:
    found = Webhook.objects.filter(pk=webhook_id).first()
    if found is None:
        raise Refused(404, "unknown_webhook", _("No webhook %(id)s.") % {"id": webhook_id}, "webhook_id")
    return found


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def webhook_out(webhook: Webhook) -> dict:
    return {
        "id": webhook.pk,
        "name": webhook.name,
        "url": webhook.url,
        "events": sorted(webhook.event_set),
        "is_active": webhook.is_active,
        "created_at": webhook.created_at,
    }


@router.get("", response={200: list[WebhookOut], **ERRORS}, summary="Registered webhooks")
def list_webhooks(request: HttpRequest):
    require_admin(request)
    return [webhook_out(w) for w in Webhook.objects.all()]


def check_webhook(payload: WebhookIn) -> None:
    """Refuse what could never be delivered or told apart: a URL no request can go to ("http://", one with
    spaces), a blank name or secret, an empty event list (which read as "every event")."""
    if not payload.name.strip():
        raise Refused(422, "invalid", _("Fill in the name."), "name")
    try:
        URLValidator(schemes=["http", "https"])(payload.url)
    except ValidationError:
        raise Refused(
            422,
            "invalid",
            _("%(url)s is not a URL that can receive POSTs; write it whole, like https://erp.example/hooks.")
            % {"url": shorten(payload.url, 80)},
            "url",
        ) from None
    if payload.events is not None:
        if not payload.events:
            raise Refused(
                422,
                "invalid",
                _("Name at least one event, or leave events out for all of them (%(known)s).")
                % {"known": ", ".join(WEBHOOK_EVENTS)},
                "events",
            )
        unknown = sorted(set(payload.events) - set(WEBHOOK_EVENTS))
        if unknown:
            raise Refused(
                422,
                "unknown_event",
                _("There is no event %(unknown)s; use any of %(known)s.")
                % {"unknown": shorten(", ".join(unknown), 80), "known": ", ".join(WEBHOOK_EVENTS)},
                "events",
            )
    if payload.secret is not None and not payload.secret.strip():
        raise Refused(
            422,
            "invalid",
            _("The secret is blank; send a real one, or leave it out for a random one."),
            "secret",
        )


@router.post("", response={201: WebhookCreatedOut, 409: ErrorOut, **ERRORS}, summary="Register a webhook")
def create(request: HttpRequest, payload: WebhookIn):
    require_admin(request)
    check_webhook(payload)
    try:
        webhook = webhooks.create_webhook(payload.name.strip(), payload.url, payload.events, payload.secret)
    except webhooks.DuplicateWebhook as duplicate:
        # Refused rather than answered with the existing one: its secret is shown only once, and a second
        # registration of the same URL and events would deliver every event twice.
        existing = duplicate.existing
        raise Refused(
            409,
            "duplicate_webhook",
            _(
                "Webhook %(id)s (“%(name)s”) already sends these events to %(url)s; "
                "use it, or delete it first to register it anew."
            )
            % {"id": existing.pk, "name": shorten(existing.name, 80), "url": shorten(existing.url, 80)},
            "url",
        ) from None
    return Status(201, {**webhook_out(webhook), "secret": webhook.secret})


@router.delete("/{webhook_id}", response={204: None, **ERRORS}, summary="Remove a webhook")
def delete(request: HttpRequest, webhook_id: int = WEBHOOK_ID):
    require_admin(request)
    find_webhook(webhook_id).delete()
    return Status(204, None)


@router.get(
    "/{webhook_id}/deliveries",
    response={200: list[WebhookDeliveryOut], **ERRORS},
    summary="The last 100 deliveries: status, attempts, last error, next attempt",
)
def deliveries(request: HttpRequest, webhook_id: int = WEBHOOK_ID):
    require_admin(request)
    webhook = find_webhook(webhook_id)
    return [
        WebhookDeliveryOut(
            id=d.uid,
            event=d.event,
            status=d.status,
            attempts=d.attempts,
            response_status=d.response_status,
            last_error=d.last_error,
            created_at=d.created_at,
            next_attempt_at=d.next_attempt_at,
            delivered_at=d.delivered_at,
        )
        for d in webhook.deliveries.all()[:100]
    ]
