"""Who is calling: a device with a bearer token, or a signed-in browser (session + CSRF)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from lotline.core.access import may_use_site
from lotline.core.models import Site

from .errors import Refused
from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        # One write a minute at most: a busy scanner should not turn every read into a write.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


AUTH = [TokenAuth(), django_auth]


def require(request: HttpRequest, scope: str, permission: str) -> None:
    """The user needs the permission; a token also needs the scope."""
    token: ApiToken | None = getattr(request, "api_token", None)
    if token is not None and not token.allows(scope):
        raise Refused(403, "scope_missing", _("This API token lacks the %(scope)s scope.") % {"scope": scope})
    if not request.user.has_perm(permission):
        raise Refused(403, "forbidden", _("Your role does not allow this."))


def require_admin(request: HttpRequest) -> None:
    """Admin endpoints (webhooks): a token with the admin scope, of a user in the admin role."""
    from lotline.core.roles import ADMIN

    token: ApiToken | None = getattr(request, "api_token", None)
    if token is not None and not token.allows("admin"):
        raise Refused(
            403, "scope_missing", _("This API token lacks the %(scope)s scope.") % {"scope": "admin"}
        )
    user = request.user
    if not (user.is_superuser or user.groups.filter(name=ADMIN).exists()):
        raise Refused(403, "forbidden", _("Your role does not allow this."))


def require_site(request: HttpRequest, site: Site, refusal: str, field: str | None = None) -> None:
    """403 site_not_allowed, in the words of ``refusal``, unless the caller may use ``site``: what a token
    may see or record follows its user's sites (core/access.py)."""
    if not may_use_site(request.user, site):
        raise Refused(403, "site_not_allowed", refusal, field)
