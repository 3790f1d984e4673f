"""Choosing the site to work at, for people who may use more than one (a multi-site plant's quality
manager, a planner covering two halls). The choice lives in the session; every floor, desk and recall
page reads it through lotline.core.access.current_site."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lotline.core.access import sites_for


@require_POST
@login_required
def switch_site(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("site", "").strip()
    site = sites_for(request.user).filter(code=code).first()
    if site is None:
        messages.error(request, _("You may not work at site %(code)s; nothing changed.") % {"code": code})
    else:
        request.session["site"] = site.code
        messages.success(request, _("You now work at %(site)s.") % {"site": site.name})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)


def site_context(request: HttpRequest) -> dict:
    """Template context (a context processor): the site in use and, when there is a choice, the others.

    Both are callables, which templates call only when they use them: htmx fragments (a scan's answer)
    never touch the top bar, so they cost no query for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from lotline.core.access import current_site

    @functools.cache
    def choosable_sites() -> list:
        sites = list(sites_for(user).order_by("code"))
        return sites if len(sites) > 1 else []

    return {"current_site": lambda: current_site(request), "choosable_sites": choosable_sites}
