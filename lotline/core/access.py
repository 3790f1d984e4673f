"""Per-site access: which sites a user may record at and see.

A user belongs to a site through a Django group named ``site:<CODE>`` (e.g. ``site:HQ``). Users in no site
group may use every site when they are admins, and the only site when there is just one (the common
one-plant install needs no set-up).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest

from lotline.core.models import Site
from lotline.core.roles import ADMIN

SITE_GROUP_PREFIX = "site:"


def sites_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Site]:
    if not user.is_authenticated:
        return Site.objects.none()
    codes = [
        name[len(SITE_GROUP_PREFIX) :]
        for name in user.groups.values_list("name", flat=True)
        if name.startswith(SITE_GROUP_PREFIX)
    ]
    if codes:
        return Site.objects.filter(code__in=codes)
    if user.is_superuser or user.groups.filter(name=ADMIN).exists():
        return Site.objects.all()
    if Site.objects.count() == 1:
        return Site.objects.all()
    return Site.objects.none()


def may_use_site(user: AbstractBaseUser | AnonymousUser, site: Site) -> bool:
    return sites_for(user).filter(pk=site.pk).exists()


def current_site(request: HttpRequest) -> Site | None:
    """The site this browser works at: the one picked in the session, else the user's first site."""
    cached = getattr(request, "_lotline_site", None)
    if cached is not None:
        return cached
    allowed = sites_for(request.user)
    picked = request.session.get("site") if hasattr(request, "session") else None
    site = (allowed.filter(code=picked).first() if picked else None) or allowed.order_by("code").first()
    request._lotline_site = site  # type: ignore[attr-defined]
    return site
