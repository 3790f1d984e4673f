"""What every floor screen needs: the operator's permission, their site, and a fresh event id."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from lotline.core.access import current_site
from lotline.core.models import Site
from lotline.core.services import EventContext


def floor_view(permission: str = "core.record_events") -> Callable:
    """Signed in, holding ``permission``, and with a site to work at (request.site)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                raise PermissionDenied(_("Your role does not allow this."))
            request.site = current_site(request)  # type: ignore[attr-defined]
            if request.site is None:  # type: ignore[attr-defined]
                raise PermissionDenied(_("You are not assigned to a site; ask an administrator."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def event_context(request: HttpRequest, site: Site | None = None, **kwargs) -> EventContext:
    """Every action is attributed to the signed-in user at their site — or at ``site``, the site of the lot
    or event a desk page acts on, which the page has already checked the user may use."""
    return EventContext(user=request.user, site=site or request.site, **kwargs)  # type: ignore[attr-defined]
