"""/api/v1/webhooks: register, list and remove webhooks, and see their deliveries (admin scope)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from . import webhooks
from .auth import require_admin
from .errors import Refused
from .models import Webhook
from .schemas import ErrorOut, WebhookCreatedOut, WebhookDeliveryOut, WebhookIn, WebhookOut

router = Router(tags=["webhooks"])
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


@router.post("", response={201: WebhookCreatedOut, **ERRORS}, summary="Register a webhook")
def create(request: HttpRequest, payload: WebhookIn):
    require_admin(request)
    if not payload.url.startswith(("http://", "https://")):
        raise Refused(422, "invalid", _("The URL must start with http:// or https://."), "url")
    try:
        webhook = webhooks.create_webhook(payload.name, payload.url, payload.events, payload.secret)
    except ValueError as exc:
        raise Refused(422, "unknown_event", str(exc), "events") from None
    return Status(201, {**webhook_out(webhook), "secret": webhook.secret})


@router.delete("/{webhook_id}", response={204: None, **ERRORS}, summary="Remove a webhook")
def delete(request: HttpRequest, webhook_id: int):
    require_admin(request)
    get_object_or_404(Webhook, pk=webhook_id).delete()
    return Status(204, None)


@router.get(
    "/{webhook_id}/deliveries",
    response={200: list[WebhookDeliveryOut], **ERRORS},
    summary="The last 100 deliveries: status, attempts, last error, next attempt",
)
def deliveries(request: HttpRequest, webhook_id: int):
    require_admin(request)
    webhook = get_object_or_404(Webhook, pk=webhook_id)
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
