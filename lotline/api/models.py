"""API tokens for devices (scanners, line PCs, scripts); browsers use their session instead."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCOPES = ("read", "record", "admin")
PREFIX = "llt_"


def hash_token(token: str) -> str:
    # Tokens are 32 random bytes, so a plain SHA-256 is enough: there is nothing to brute-force.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A device's bearer token: only its hash is stored; it acts as its user, within its scopes."""

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.CharField(
        _("scopes"),
        max_length=40,
        default="read,record",
        help_text=_("Comma-separated: read, record, admin."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def scope_set(self) -> set[str]:
        return {s.strip() for s in self.scopes.split(",") if s.strip()}

    def allows(self, scope: str) -> bool:
        # admin implies record implies read
        granted = self.scope_set
        order = {"read": 0, "record": 1, "admin": 2}
        return any(order.get(g, -1) >= order[scope] for g in granted)

    @classmethod
    def issue(cls, user, name: str, scopes: str = "read,record") -> tuple[ApiToken, str]:
        """Create a token; the clear text is returned once and never stored."""
        unknown = {s.strip() for s in scopes.split(",") if s.strip()} - set(SCOPES)
        if unknown:
            raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))} (use {', '.join(SCOPES)})")
        clear = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(name=name, user=user, token_hash=hash_token(clear), scopes=scopes)
        return token, clear


WEBHOOK_EVENTS = ("lot.held", "lot.released", "recall_case.created")


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """A receiver of lotline's events: its URL, the events it wants, the secret its bodies are signed with.

    The sender (`lotline send_webhooks`) polls the ledger and the recall cases; ``last_event_id`` and
    ``last_case_id`` are how far it has read for this webhook, so a new webhook starts at "now" and a
    restarted sender neither skips nor repeats anything.
    """

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    # Kept in clear: the HMAC needs it. Shown once when the webhook is created through the API.
    secret = models.CharField(max_length=128, default=new_secret, editable=False)
    events = models.CharField(
        _("events"), max_length=200, default=",".join(WEBHOOK_EVENTS), help_text=", ".join(WEBHOOK_EVENTS)
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_event_id = models.BigIntegerField(default=0, editable=False)
    last_case_id = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook")

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"

    @property
    def event_set(self) -> set[str]:
        return {e.strip() for e in self.events.split(",") if e.strip()}


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook: the exact body signed, and how the attempts went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    # What it is about ("event:<ledger id>", "case:<id>"): one delivery per webhook and source, whatever
    # happens to the sender.
    source = models.CharField(max_length=60)
    uid = models.UUIDField(_("delivery id"), default=uuid.uuid4, unique=True, editable=False)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "source"], name="webhook_delivery_once_per_source")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"
