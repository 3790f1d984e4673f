"""API tokens for devices (scanners, line PCs, scripts); browsers use their session instead."""

from __future__ import annotations

import hashlib
import secrets

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
